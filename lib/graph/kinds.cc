#include "graph/kinds.h"

#include <array>

namespace ecsguard {

namespace {

constexpr std::array<std::string_view, kNodeKindCount> kKindNames = {
    "cluster",     "service", "task_set",     "task_definition", "container",
    "ecr_repository", "ecr_registry", "vpc_endpoint", "vpc", "subnet", "security_group",
    "iam_role"};

constexpr std::array<std::string_view, kNodeKindCount> kKindPlurals = {
    "clusters",     "services", "task_sets",     "task_definitions", "containers",
    "repositories", "registries", "vpc_endpoints", "vpcs", "subnets", "security_groups",
    "iam_roles"};

constexpr std::array<std::string_view, kRelationCount> kRelationNames = {
    "cluster", "task_definition", "service",   "image_repository", "vpc",
    "subnets", "security_groups", "task_role", "execution_role",   "registry"};

}  // namespace

std::string_view to_string(NodeKind k) { return kKindNames[static_cast<std::size_t>(k)]; }

std::optional<NodeKind> parse_node_kind(std::string_view s) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == s) return static_cast<NodeKind>(i);
  }
  return std::nullopt;
}

std::string_view to_string(Relation r) { return kRelationNames[static_cast<std::size_t>(r)]; }

std::optional<Relation> parse_relation(std::string_view s) {
  for (std::size_t i = 0; i < kRelationNames.size(); ++i) {
    if (kRelationNames[i] == s) return static_cast<Relation>(i);
  }
  return std::nullopt;
}

std::string_view reverse_step_name(Relation r, NodeKind source_kind) {
  switch (r) {
    case Relation::kTaskRole:
      return "task_role_of";
    case Relation::kExecutionRole:
      return "execution_role_of";
    default:
      return kKindPlurals[static_cast<std::size_t>(source_kind)];
  }
}

}  // namespace ecsguard
