// Which of a node's top-level attributes a scan keeps. A scan's policies read a small, known set
// of attributes per node kind (policy::needed_attributes); the graph builder checks the shapes of
// the others (check_types) and drops them as each resource is read, so a large input does not
// hold what nothing will look at. Graphs that are dumped or handed to a caller keep everything
// (no KeptAttributes at all).
#pragma once

#include <array>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/kinds.h"

namespace ecsguard {

class KeptAttributes {
 public:
  // Keeps nothing of any kind until told what to keep.
  KeptAttributes();

  void keep(NodeKind kind, std::string_view name);
  void keep_all(NodeKind kind);
  // `name` may also be a path ("network_configuration.subnets", "environment[].name"): its first
  // step is the attribute kept.
  bool keeps(NodeKind kind, std::string_view name) const;
  bool keeps_all(NodeKind kind) const { return all_[index(kind)]; }

  // The attribute names kept for `kind`, sorted (empty when it keeps all).
  const std::vector<std::string>& names(NodeKind kind) const { return names_[index(kind)]; }
  // By declaration (schema_for(kind)): whether its attribute is kept.
  const std::vector<bool>& kept_declarations(NodeKind kind) const;

 private:
  static std::size_t index(NodeKind kind) { return static_cast<std::size_t>(kind); }
  void update_declarations(NodeKind kind);
  std::array<bool, kNodeKindCount> all_{};
  std::array<std::vector<std::string>, kNodeKindCount> names_;
  std::array<std::vector<bool>, kNodeKindCount> declarations_;
};

// Adds the attributes side resources write into the nodes they configure (ECR lifecycle and
// repository policies, IAM role policies, VPC endpoint associations, security group rules,
// cluster capacity providers, the registry's settings): a reader reads them after those nodes
// were frozen, so they are kept, and their shapes checked once, whole, as in a graph that keeps
// everything.
void keep_folded_attributes(KeptAttributes& kept);

// A path's first step: "a" of "a.b", "a[].b" and "a".
std::string_view top_attribute(std::string_view path);

// What a reader's graph builder keeps, possibly still being worked out on another thread (from
// policies being loaded); an invalid future or a null filter keeps everything.
using PendingKeptAttributes = std::shared_future<std::shared_ptr<const KeptAttributes>>;

}  // namespace ecsguard
