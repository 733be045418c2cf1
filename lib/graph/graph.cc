#include "graph/graph.h"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <set>
#include <tuple>

#include "core/both.h"
#include "core/permute.h"
#include "graph/schema.h"

namespace ecsguard {

namespace {

// Keys are scoped by the kind of the node they name.
Digest scoped_key(NodeKind kind, const std::string& key) {
  return digest(static_cast<uint64_t>(kind), key);
}

// Moves the elements of `from` to the end of `to`.
template <class T>
void move_append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

bool edge_less(const Edge& a, const Edge& b) {
  return std::tie(a.from, a.relation, a.to) < std::tie(b.from, b.relation, b.to);
}

bool in_edge_less(const Edge& a, const Edge& b) {
  return std::tie(a.to, a.relation, a.from) < std::tie(b.to, b.relation, b.from);
}

}  // namespace

std::vector<NodeId> Graph::targets(NodeId id, Relation relation) const {
  std::vector<NodeId> out;
  for (std::size_t i = out_begin_[id]; i < out_begin_[id + 1]; ++i) {
    if (edges_[i].relation == relation) out.push_back(edges_[i].to);
  }
  return out;
}

std::vector<NodeId> Graph::sources(NodeId id, Relation relation) const {
  std::vector<NodeId> out;
  for (std::size_t i = in_begin_[id]; i < in_begin_[id + 1]; ++i) {
    if (in_edges_[i].relation == relation) out.push_back(in_edges_[i].from);
  }
  return out;
}

Graph& Graph::operator=(Graph&& o) noexcept {
  if (this != &o) {
    nodes_ = std::move(o.nodes_);   // our old values go while our old arenas are still here
    std::swap(arenas_, o.arenas_);  // o, whose nodes are gone, frees them
    info_ = std::move(o.info_);
    edges_ = std::move(o.edges_);
    out_begin_ = std::move(o.out_begin_);
    in_edges_ = std::move(o.in_edges_);
    in_begin_ = std::move(o.in_begin_);
    children_ = std::move(o.children_);
  }
  return *this;
}

GraphBuilder::GraphBuilder(InputInfo info) : info_(std::move(info)) {
  arenas_.push_back(std::make_unique<Arena>());
}

NodeId GraphBuilder::add(Node node) {
  auto id = static_cast<NodeId>(nodes_.size());
  node.id = id;
  node.source_type = shared(node.source_type);
  node.action = shared(node.action);
  nodes_.push_back(std::move(node));
  return id;
}

SharedText GraphBuilder::shared(const SharedText& text) {
  if (text.empty()) return text;
  auto it = texts_.find(text.view());
  if (it == texts_.end()) it = texts_.emplace(text.view(), text).first;
  return it->second;
}

const KeptAttributes* GraphBuilder::kept() {
  if (kept_ == nullptr && kept_pending_.valid()) {
    kept_ = kept_pending_.get();
    kept_pending_ = {};
  }
  return kept_.get();
}

std::chrono::steady_clock::duration GraphBuilder::wait_for_kept() {
  const auto start = std::chrono::steady_clock::now();
  kept();
  return std::chrono::steady_clock::now() - start;
}

void GraphBuilder::prune_attribute(NodeKind kind, std::string_view name, Value& value) {
  const KeptAttributes* keep = kept();
  if (keep != nullptr) keep->prune_attribute(kind, name, value);
}

void GraphBuilder::freeze_added() {
  const KeptAttributes* keep = frozen_ < nodes_.size() ? kept() : nullptr;
  ArenaPointers pointers(*arenas_.front());
  std::vector<TypeMismatch> mismatches;
  for (; frozen_ < nodes_.size(); ++frozen_) {
    Node& n = nodes_[frozen_];
    if (keep != nullptr && !keep->keeps_all(n.kind)) {
      mismatches.clear();
      check_types(n.kind, n.attributes, mismatches, &keep->kept_declarations(n.kind), false);
      for (auto& m : mismatches) dropped_mismatches_.emplace_back(n.id, std::move(m));
      keep->prune(n.kind, n.attributes);
    }
    n.attributes.freeze(*arenas_.front(), &pointers);
  }
}

void GraphBuilder::absorb(GraphBuilder&& part) {
  freeze_added();
  part.freeze_added();
  const auto offset = static_cast<NodeId>(nodes_.size());
  auto shift = [offset](NodeId id) { return id == kNoNode ? kNoNode : id + offset; };
  move_append(arenas_, part.arenas_);
  nodes_.reserve(nodes_.size() + part.nodes_.size());
  for (Node& n : part.nodes_) {
    n.id = shift(n.id);
    n.parent = shift(n.parent);
    nodes_.push_back(std::move(n));
  }
  // A key both have names two nodes (a part's nodes are not ours): it becomes ambiguous.
  keys_.reserve(keys_.size() + part.keys_.size());
  for (const auto& [key, registered] : part.keys_) {
    auto [it, added] = keys_.try_emplace(key, Registered{shift(registered.id), false});
    it->second.ambiguous = registered.ambiguous || !added;
  }
  for (PendingLink& l : part.links_) {
    l.from = shift(l.from);
    links_.push_back(l);
  }
  for (const Edge& e : part.edges_) edges_.push_back(Edge{shift(e.from), shift(e.to), e.relation});
  for (auto& [id, m] : part.dropped_mismatches_) dropped_mismatches_.emplace_back(shift(id), m);
  move_append(info_.diagnostics, part.info_.diagnostics);
  move_append(info_.removed, part.info_.removed);
  frozen_ = nodes_.size();
  // `part` is left as a new builder would be (its nodes, moved out, hold nothing of its arenas).
  part.nodes_.clear();
  part.keys_.clear();
  part.texts_.clear();
  part.links_.clear();
  part.edges_.clear();
  part.dropped_mismatches_.clear();
  part.info_ = InputInfo{};
  part.arenas_.clear();
  part.arenas_.push_back(std::make_unique<Arena>());
  part.frozen_ = 0;
}

void GraphBuilder::add_key(NodeId id, const std::string& key) {
  auto [it, added] = keys_.try_emplace(scoped_key(nodes_[id].kind, key), Registered{id, false});
  if (!added && it->second.id != id) it->second.ambiguous = true;
}

void GraphBuilder::link(NodeId from, Relation relation, NodeKind target, const std::string& key) {
  links_.push_back(PendingLink{from, relation, scoped_key(target, key)});
}

NodeId GraphBuilder::find(NodeKind kind, const std::string& key) const {
  auto it = keys_.find(scoped_key(kind, key));
  if (it == keys_.end() || it->second.ambiguous) return kNoNode;
  return it->second.id;
}

void GraphBuilder::edge(NodeId from, Relation relation, NodeId to) {
  edges_.push_back(Edge{from, to, relation});
}

Value all_attributes(const Node& node) {
  Value out = node.attributes;
  apply_schema(node.kind, out, /*add_missing=*/true);
  return out;
}

void GraphBuilder::complete(std::size_t first, std::size_t last, Diagnostics& out) {
  const KeptAttributes* keep = kept_.get();  // build() waited for it
  auto dropped = std::lower_bound(
      dropped_mismatches_.begin(), dropped_mismatches_.end(), first,
      [](const std::pair<NodeId, TypeMismatch>& m, std::size_t id) { return m.first < id; });
  std::vector<TypeMismatch> mismatches;
  for (std::size_t i = first; i < last; ++i) {
    Node& n = nodes_[i];
    // What was found in the attributes dropped when the node was frozen goes where a check of
    // all of them would have put it: in the order of the schema's declarations.
    mismatches.clear();
    for (; dropped != dropped_mismatches_.end() && dropped->first == i; ++dropped) {
      mismatches.push_back(std::move(dropped->second));
    }
    bool any_dropped = !mismatches.empty();
    // A node frozen with `keep` holds only kept attributes, and side resources write only kept
    // ones (keep_folded_attributes): the others were checked when it was frozen.
    bool pruned = keep != nullptr && i < frozen_;
    check_types(n.kind, n.attributes, mismatches,
                pruned ? &keep->kept_declarations(n.kind) : nullptr);
    if (any_dropped) {
      std::stable_sort(
          mismatches.begin(), mismatches.end(),
          [](const TypeMismatch& a, const TypeMismatch& b) { return a.spec < b.spec; });
    }
    // What side resources put back into frozen nodes, and nodes not frozen yet.
    if (keep != nullptr) keep->prune(n.kind, n.attributes);
    for (const auto& m : mismatches) {
      Diagnostic d;
      d.code = type_code_;
      d.severity = type_severity_;
      d.message = n.address + (n.element.empty() ? "" : " " + n.element) + ": " + m.path + " is " +
                  m.found + ", expected " + m.expected + "; its checks are unknown";
      d.location = Location(info_.file, m.pos);
      out.push_back(std::move(d));
    }
    canonicalise_sets(n.kind, n.attributes);
    apply_schema(n.kind, n.attributes, /*add_missing=*/false);
  }
}

Graph GraphBuilder::build() && {
  // Nodes are checked and completed each on its own: with two threads, a helper takes the second
  // half, and its diagnostics follow the first half's (the order one thread gives).
  kept();  // before the threads below read it
  constexpr std::size_t kWorthASecondThread = 1000;
  std::size_t split = nodes_.size();
  if (threads_ > 1 && nodes_.size() >= kWorthASecondThread) split = nodes_.size() / 2;
  if (split < nodes_.size()) {
    Diagnostics second;
    run_both([&] { complete(0, split, info_.diagnostics); },
             [&] { complete(split, nodes_.size(), second); });
    move_append(info_.diagnostics, second);
  } else {
    complete(0, nodes_.size(), info_.diagnostics);
  }

  for (const auto& l : links_) {
    auto it = keys_.find(l.key);
    if (it == keys_.end() || it->second.ambiguous || it->second.id == l.from) continue;
    edges_.push_back(Edge{l.from, it->second.id, l.relation});
  }
  // What the links were resolved with goes back before the graph's own indexes are made.
  decltype(keys_)().swap(keys_);
  std::vector<PendingLink>().swap(links_);
  decltype(texts_)().swap(texts_);
  std::sort(edges_.begin(), edges_.end(), edge_less);
  edges_.erase(std::unique(edges_.begin(), edges_.end()), edges_.end());

  // Services, task sets and endpoints reach their VPC through their subnets when no direct edge
  // names it.
  std::vector<Edge> derived;
  auto out_of = [&](NodeId id, Relation r) {
    std::vector<NodeId> out;
    auto lo = std::lower_bound(edges_.begin(), edges_.end(), Edge{id, 0, r}, edge_less);
    for (; lo != edges_.end() && lo->from == id && lo->relation == r; ++lo) out.push_back(lo->to);
    return out;
  };
  for (const auto& n : nodes_) {
    if (n.kind != NodeKind::kService && n.kind != NodeKind::kTaskSet &&
        n.kind != NodeKind::kVpcEndpoint) {
      continue;
    }
    if (!out_of(n.id, Relation::kVpc).empty()) continue;
    std::set<NodeId> vpcs;
    for (NodeId subnet : out_of(n.id, Relation::kSubnets)) {
      for (NodeId vpc : out_of(subnet, Relation::kVpc)) vpcs.insert(vpc);
    }
    if (vpcs.size() == 1) derived.push_back(Edge{n.id, *vpcs.begin(), Relation::kVpc});
  }
  edges_.insert(edges_.end(), derived.begin(), derived.end());

  // Canonical order and numbering. Plans list their resources in address order, so the nodes
  // usually are in it already: then they keep their numbers and are not moved.
  // Ties (a hostile input can give two nodes the same place) keep the order they were made in.
  auto node_less = [](const Node& x, const Node& y) {
    return std::tie(x.address, x.kind, x.element, x.id) <
           std::tie(y.address, y.kind, y.element, y.id);
  };
  freeze_added();
  Graph g;
  g.info_ = std::move(info_);
  *g.arenas_ = std::move(arenas_);
  if (std::is_sorted(nodes_.begin(), nodes_.end(), node_less)) {
    g.nodes_ = std::move(nodes_);
  } else {
    std::vector<NodeId> order(nodes_.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](NodeId a, NodeId b) { return node_less(nodes_[a], nodes_[b]); });
    std::vector<NodeId> renumber(nodes_.size());
    for (std::size_t i = 0; i < order.size(); ++i) renumber[order[i]] = static_cast<NodeId>(i);
    for (Node& n : nodes_) {  // a node's id is still its place
      n.id = renumber[n.id];
      if (n.parent != kNoNode) n.parent = renumber[n.parent];
    }
    apply_permutation(nodes_, order);  // in place: a second vector of nodes would double them
    g.nodes_ = std::move(nodes_);
    for (auto& e : edges_) {
      e.from = renumber[e.from];
      e.to = renumber[e.to];
    }
  }
  std::sort(edges_.begin(), edges_.end(), edge_less);  // the derived edges too
  edges_.erase(std::unique(edges_.begin(), edges_.end()), edges_.end());
  g.edges_ = std::move(edges_);

  std::size_t n = g.nodes_.size();
  g.out_begin_.assign(n + 1, 0);
  for (const auto& e : g.edges_) ++g.out_begin_[e.from + 1];
  std::partial_sum(g.out_begin_.begin(), g.out_begin_.end(), g.out_begin_.begin());
  g.in_edges_ = g.edges_;
  std::sort(g.in_edges_.begin(), g.in_edges_.end(), in_edge_less);
  g.in_begin_.assign(n + 1, 0);
  for (const auto& e : g.in_edges_) ++g.in_begin_[e.to + 1];
  std::partial_sum(g.in_begin_.begin(), g.in_begin_.end(), g.in_begin_.begin());
  g.children_.assign(n, {});
  for (const auto& node : g.nodes_) {
    if (node.parent != kNoNode) g.children_[node.parent].push_back(node.id);
  }
  return g;
}

}  // namespace ecsguard
