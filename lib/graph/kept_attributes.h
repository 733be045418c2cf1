// What of a node's attributes a scan keeps. A scan's policies read a small, known set of
// attribute paths per node kind (policy::needed_attributes); the graph builder checks the shapes
// of everything (check_types) and, as each resource is read, drops what no path reaches, so a
// large input does not hold what nothing will look at. Graphs that are dumped or handed to a
// caller keep everything (no KeptAttributes at all).
//
// A path read is kept whole, with everything below it ("environment", read item by item with
// `of`); the maps on the way to it keep only the entries on the way to a path read
// ("log_configuration.log_driver" keeps the driver, not the options). A path whose value is only
// tested for being set (keep_presence: `exists: true` when failures alone are reported) keeps
// an empty map or list in place of a known map or list.
#pragma once

#include <array>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"
#include "graph/kinds.h"

namespace ecsguard {

class KeptAttributes {
 public:
  // Keeps nothing of any kind until told what to keep.
  KeptAttributes();

  // Keeps the value at `path` whole. `path` is dotted ("network_configuration.subnets"); a "[]"
  // step ("environment[].name") keeps the list before it whole.
  void keep(NodeKind kind, std::string_view path);
  // Keeps only whether the value at `path` is set, unless another path needs more of it. Only
  // for attributes whose shape is not checked (open in the schema: documents): what is not kept
  // whole is checked when a resource is frozen, and a side resource may set it later.
  void keep_presence(NodeKind kind, std::string_view path);
  void keep_all(NodeKind kind);

  // Whether any of the top-level attribute of `name` (its first step) is kept.
  bool keeps(NodeKind kind, std::string_view name) const;
  bool keeps_all(NodeKind kind) const { return all_[index(kind)]; }
  // Whether the value at `path` is kept whole.
  bool keeps_whole(NodeKind kind, std::string_view path) const;
  // Whether only the presence of the value at `path` is kept.
  bool keeps_presence(NodeKind kind, std::string_view path) const;

  // The top-level attribute names kept for `kind`, sorted (empty when it keeps all).
  const std::vector<std::string>& names(NodeKind kind) const { return names_[index(kind)]; }
  // By declaration (schema_for(kind)): whether its top-level attribute is kept whole. A graph
  // builder checks the shapes of the others as it freezes a node, before it prunes them.
  const std::vector<bool>& kept_declarations(NodeKind kind) const;

  // Drops from a node's attributes what is not kept.
  void prune(NodeKind kind, Value& attributes) const;
  // The same for one kept top-level attribute's value (a side resource's, set after its node
  // was frozen). A value of an attribute not kept is left as it is: prune() drops it.
  void prune_attribute(NodeKind kind, std::string_view name, Value& value) const;

 private:
  static std::size_t index(NodeKind kind) { return static_cast<std::size_t>(kind); }
  void update_declarations(NodeKind kind);
  // Whether some path kept (whole or as being set) goes on from `path` (a map entry on the way
  // to it).
  bool on_the_way(NodeKind kind, std::string_view path) const;
  void prune_below(NodeKind kind, std::string& path, Value& value) const;
  std::array<bool, kNodeKindCount> all_{};
  std::array<std::vector<std::string>, kNodeKindCount> names_;     // top-level, sorted
  std::array<std::vector<std::string>, kNodeKindCount> whole_;     // paths, sorted
  std::array<std::vector<std::string>, kNodeKindCount> presence_;  // paths, sorted
  std::array<std::vector<bool>, kNodeKindCount> declarations_;
};

// Adds the attributes side resources write into the nodes they configure (ECR lifecycle and
// repository policies, IAM role policies, VPC endpoint associations, security group rules,
// cluster capacity providers, the registry's settings): a reader reads them after those nodes
// were frozen, so they are kept whole (or as presence, where keep_presence asked for only that),
// and their shapes checked once, whole, as in a graph that keeps everything.
void keep_folded_attributes(KeptAttributes& kept);

// A path's first step: "a" of "a.b", "a[].b" and "a".
std::string_view top_attribute(std::string_view path);

// What a reader's graph builder keeps, possibly still being worked out on another thread (from
// policies being loaded); an invalid future or a null filter keeps everything.
using PendingKeptAttributes = std::shared_future<std::shared_ptr<const KeptAttributes>>;

}  // namespace ecsguard
