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

const std::vector<EdgeType>& edge_types() {
  using K = NodeKind;
  using R = Relation;
  static const std::vector<EdgeType> types = {
      {K::kService, R::kCluster, K::kCluster, "cluster"},
      {K::kService, R::kTaskDefinition, K::kTaskDefinition, "task_definition"},
      {K::kService, R::kSubnets, K::kSubnet, "network_configuration.subnets"},
      {K::kService, R::kSecurityGroups, K::kSecurityGroup, "network_configuration.security_groups"},
      {K::kService, R::kVpc, K::kVpc, "network_configuration.subnets"},
      {K::kTaskSet, R::kCluster, K::kCluster, "cluster"},
      {K::kTaskSet, R::kService, K::kService, "service"},
      {K::kTaskSet, R::kTaskDefinition, K::kTaskDefinition, "task_definition"},
      {K::kTaskSet, R::kSubnets, K::kSubnet, "network_configuration.subnets"},
      {K::kTaskSet, R::kSecurityGroups, K::kSecurityGroup, "network_configuration.security_groups"},
      {K::kTaskSet, R::kVpc, K::kVpc, "network_configuration.subnets"},
      {K::kTaskDefinition, R::kTaskRole, K::kIamRole, "task_role_arn"},
      {K::kTaskDefinition, R::kExecutionRole, K::kIamRole, "execution_role_arn"},
      {K::kTaskDefinition, R::kImageRepository, K::kEcrRepository, ""},
      {K::kContainer, R::kTaskDefinition, K::kTaskDefinition, ""},
      {K::kContainer, R::kImageRepository, K::kEcrRepository, ""},
      {K::kEcrRepository, R::kRegistry, K::kEcrRegistry, ""},
      {K::kVpcEndpoint, R::kVpc, K::kVpc, "vpc_id"},
      {K::kVpcEndpoint, R::kSubnets, K::kSubnet, "subnet_ids"},
      {K::kVpcEndpoint, R::kSecurityGroups, K::kSecurityGroup, "security_group_ids"},
      {K::kSubnet, R::kVpc, K::kVpc, "vpc_id"},
      {K::kSecurityGroup, R::kVpc, K::kVpc, "vpc_id"},
  };
  return types;
}

std::optional<Step> find_step(NodeKind kind, std::string_view name) {
  for (const auto& t : edge_types()) {
    if (t.from == kind && to_string(t.relation) == name) {
      return Step{t.relation, false, t.to, t.attribute};
    }
  }
  for (const auto& t : edge_types()) {
    if (t.to == kind && reverse_step_name(t.relation, t.from) == name) {
      return Step{t.relation, true, t.from, ""};
    }
  }
  return std::nullopt;
}

}  // namespace ecsguard
