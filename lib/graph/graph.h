// The resource graph: the one model both readers build and the evaluator reads (DESIGN.md §2).
//
// A Graph describes one input. It is immutable once built and safe to read from many threads.
// Nodes are sorted by (address, kind, element) and numbered in that order, so every dump of the
// same input is byte-identical.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/boxed.h"
#include "core/diagnostic.h"
#include "core/digest.h"
#include "core/value.h"
#include "graph/kept_attributes.h"
#include "graph/kinds.h"
#include "graph/schema.h"
#include "graph/suppression.h"

namespace ecsguard {

using NodeId = uint32_t;
inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();

// A graph's nodes have only a few source types and actions among them: GraphBuilder::add() gives
// its nodes one shared copy of each. Addresses and elements are shared texts too: a container
// shares its task definition's address, and every result's subject shares its node's.
struct Node {
  NodeId id = kNoNode;
  NodeId parent = kNoNode;  // a container's task definition
  NodeKind kind = NodeKind::kCluster;
  bool conditional = false;   // exists only under a condition that could not be decided
  SharedText source_type;     // "aws_ecs_service", "AWS::ECS::Service"
  SharedText address;         // Terraform instance address or CloudFormation logical ID
  SharedText element;         // inside a resource, e.g. "containers[web]" for a container
  SourcePos pos;              // where the resource (or element) is defined
  SharedText action;          // planned action (create, update, replace, no-op); empty otherwise
  SharedText construct_path;  // CDK construct path, when known
  Value attributes = Value::map();  // canonical attribute name → value

  // Side resources folded into this node (their addresses).
  const std::vector<std::string>& folded() const { return rare().folded; }
  void fold(std::string side) { rare_.make().folded.push_back(std::move(side)); }
  // Suppressions written inside the input on this resource (CloudFormation Metadata), in the
  // order written. Readers only record them; lib/review applies them.
  const std::vector<Suppression>& suppressions() const { return rare().suppressions; }
  void set_suppressions(std::vector<Suppression> s) {
    if (!s.empty() || rare_.get() != nullptr) rare_.make().suppressions = std::move(s);
  }

 private:
  // What few nodes have, out of line: a large plan has hundreds of thousands of nodes.
  struct Rare {
    std::vector<std::string> folded;
    std::vector<Suppression> suppressions;
  };
  const Rare& rare() const {
    static const Rare kNone;
    return rare_.get() != nullptr ? *rare_.get() : kNone;
  }
  Boxed<Rare> rare_;
};

// Every declared attribute of a node: those its input set, and absent with their AWS defaults
// those it did not (a graph stores only the first; lookups and dumps add the second).
Value all_attributes(const Node& node);

struct Edge {
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  Relation relation = Relation::kCluster;
  friend bool operator==(const Edge& a, const Edge& b) {
    return a.from == b.from && a.to == b.to && a.relation == b.relation;
  }
};

// A resource the input plans to delete or forget: never a node, never a finding.
struct RemovedResource {
  std::string address;
  std::string source_type;
  std::string action;
};

struct InputInfo {
  std::string file;
  std::string format;          // "terraform-plan", "terraform-state", "cloudformation-yaml", ...
  std::string format_version;  // e.g. plan format "1.2"
  std::string tool_version;    // e.g. terraform_version "1.9.5"
  std::size_t resources = 0;   // resources in the input, modelled or not
  std::vector<RemovedResource> removed;
  Diagnostics diagnostics;
};

// The arenas a graph's values are kept in (Value::freeze), one per builder that made nodes.
using Arenas = std::vector<std::unique_ptr<Arena>>;

class Graph {
 public:
  Graph() = default;
  Graph(Graph&&) noexcept = default;
  Graph& operator=(Graph&& o) noexcept;
  ~Graph() { nodes_.clear(); }  // the values before the arenas they may be kept in

  const InputInfo& info() const { return info_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  const Node& node(NodeId id) const { return nodes_[id]; }
  // All edges, sorted by (from, relation, to).
  const std::vector<Edge>& edges() const { return edges_; }

  // Targets of `relation` edges leaving `id`, and sources of those entering it.
  std::vector<NodeId> targets(NodeId id, Relation relation) const;
  std::vector<NodeId> sources(NodeId id, Relation relation) const;
  // Children (containers of a task definition).
  const std::vector<NodeId>& children(NodeId id) const { return children_[id]; }

  // What keeps the texts of the graph's values alive: their JSON pointers are kept in the
  // graph's arenas, not counted. Whatever keeps a position of a value (a result's evidence, a
  // diagnostic) beyond the graph's life keeps this with it (policy::Subject does).
  std::shared_ptr<const void> texts() const { return arenas_; }

 private:
  friend class GraphBuilder;
  // First, so that it goes last: diagnostics and values point at texts kept there.
  std::shared_ptr<Arenas> arenas_ = std::make_shared<Arenas>();
  InputInfo info_;
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  std::vector<std::size_t> out_begin_;  // edges_ index of each node's first outgoing edge
  std::vector<Edge> in_edges_;          // edges sorted by (to, relation, from)
  std::vector<std::size_t> in_begin_;
  std::vector<std::vector<NodeId>> children_;
};

// Collects nodes, identity keys and unresolved links while a reader runs, then resolves the links
// by hash lookup and freezes the result.
class GraphBuilder {
 public:
  explicit GraphBuilder(InputInfo info);
  GraphBuilder(GraphBuilder&&) noexcept = default;
  GraphBuilder& operator=(GraphBuilder&&) = delete;
  ~GraphBuilder() { nodes_.clear(); }  // the values before the arenas they may be kept in

  NodeId add(Node node);
  // Room for `nodes` nodes: a reader that knows about how many are coming saves the copies (and
  // the twice-held memory) of growing the nodes one doubling at a time. Room not used is never
  // touched, so it costs address space, not memory.
  void reserve(std::size_t nodes) { nodes_.reserve(nodes); }
  // Moves the values of the nodes added since the last call into the builder's arena
  // (Value::freeze), where the graph's values lie together, out of the way of the reader's
  // short-lived trees. Readers call it after each resource they have normalised; build() calls
  // it for what is left. Values changed later are kept on the heap, as any value.
  void freeze_added();
  // Keeps of each node only the attributes `kept` names (a scan's policies read no others):
  // freeze_added() checks the shapes of the rest (check_types) and drops them, build() drops what
  // side resources put back. The first freeze waits for `kept` if it is still being worked out.
  // Without it (the default) every attribute is kept.
  void keep_only(PendingKeptAttributes kept) { kept_pending_ = std::move(kept); }
  // Waits, if need be, for what keep_only() was given to be worked out (a scan works it out from
  // policies it may still be loading on another thread), and returns how long that took: a
  // reader does not count it against its time limit.
  std::chrono::steady_clock::duration wait_for_kept();
  // What the graph keeps of `value`, which a side resource is about to set as attribute `name`
  // of a `kind` node already frozen (KeptAttributes::prune_attribute): pruned as the node's own
  // attributes were, so that it does not hold what build() would drop.
  void prune_attribute(NodeKind kind, std::string_view name, Value& value);
  Node& node(NodeId id) { return nodes_[id]; }
  std::size_t size() const { return nodes_.size(); }
  InputInfo& info() { return info_; }

  // Registers a key under which links can find the node, e.g. "addr:aws_ecs_cluster.main",
  // "name:main", "arn:arn:aws:ecs:...". Keys are scoped by the node's kind.
  void add_key(NodeId id, const std::string& key);
  // Asks for an edge to the node of `target` kind registered under `key`. Unresolvable or
  // ambiguous links make no edge.
  void link(NodeId from, Relation relation, NodeKind target, const std::string& key);
  // An edge whose target is already known.
  void edge(NodeId from, Relation relation, NodeId to);
  // The one node of `kind` registered under `key`, or kNoNode (none, or ambiguous).
  NodeId find(NodeKind kind, const std::string& key) const;

  // Takes over everything `part` collected (a reader's second part of the same input, read on
  // another thread): its nodes follow this builder's, with their numbers, keys, links and edges
  // shifted; its diagnostics and removed resources follow this builder's.
  void absorb(GraphBuilder&& part);

  // How build() reports an attribute of the wrong shape (schema.h, check_types): each reader
  // names its own code ("tf.plan.bad_type", "cfn.property.bad_type") and severity.
  void set_type_diagnostic(std::string code, Severity severity) {
    type_code_ = std::move(code);
    type_severity_ = severity;
  }

  // Threads build() may check and complete the nodes' attributes with (default 1).
  void set_threads(unsigned threads) { threads_ = threads; }

  // Checks attribute shapes, applies the schema defaults, resolves links, derives service → VPC
  // edges through subnets, sorts and numbers the nodes.
  Graph build() &&;

 private:
  // Keys are kept as digests (core/digest.h): a large plan registers and links hundreds of
  // thousands of long keys ("addr:module.a[\"x\"].aws_ecs_service.this", ARNs), which as texts
  // would take several times the memory while it is read.
  struct Registered {
    NodeId id;
    bool ambiguous;  // registered by more than one node
  };
  struct PendingLink {
    NodeId from;
    Relation relation;
    Digest key;  // scoped by the target's kind
  };
  // Nodes' values are moved here when they are added, and go to the graph with the nodes. First,
  // so that it goes last.
  Arenas arenas_;
  InputInfo info_;
  std::vector<Node> nodes_;
  std::size_t frozen_ = 0;  // nodes [0, frozen_) have been through freeze_added()
  std::unordered_map<Digest, Registered, DigestHash> keys_;
  std::unordered_map<std::string_view, SharedText> texts_;  // add()'s shared texts, by content
  std::vector<PendingLink> links_;
  std::vector<Edge> edges_;
  PendingKeptAttributes kept_pending_;
  std::shared_ptr<const KeptAttributes> kept_;  // from kept_pending_ once a freeze needed it
  // What check_types found in the attributes freeze_added() dropped, by node, in node order.
  std::vector<std::pair<NodeId, TypeMismatch>> dropped_mismatches_;
  std::string type_code_ = "graph.bad_type";
  Severity type_severity_ = Severity::kWarning;
  unsigned threads_ = 1;

  // The attributes kept (nullptr: all), waiting for them the first time.
  const KeptAttributes* kept();
  // check_types, canonicalise_sets and apply_schema on nodes [first, last), in order; what
  // check_types finds, with what it found in their dropped attributes, is appended to `out`.
  void complete(std::size_t first, std::size_t last, Diagnostics& out);
  // The builder's one copy of `text` (a node's source type or action).
  SharedText shared(const SharedText& text);
};

}  // namespace ecsguard
