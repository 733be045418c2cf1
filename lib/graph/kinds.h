// Node kinds and edge relations of the resource graph (DESIGN.md §2).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ecsguard {

enum class NodeKind : uint8_t {
  kCluster,
  kService,
  kTaskSet,
  kTaskDefinition,
  kContainer,
  kEcrRepository,
  kEcrRegistry,
  kVpcEndpoint,
  kVpc,
  kSubnet,
  kSecurityGroup,
  kIamRole,
};
inline constexpr int kNodeKindCount = 12;

std::string_view to_string(NodeKind k);
std::optional<NodeKind> parse_node_kind(std::string_view s);

// An edge is named from its source node's side: a service's `cluster`, a container's
// `image_repository`. Each relation also has a reverse step name from the target's side
// (reverse_step_name), e.g. a cluster's `services`.
enum class Relation : uint8_t {
  kCluster,
  kTaskDefinition,
  kService,
  kImageRepository,
  kVpc,
  kSubnets,
  kSecurityGroups,
  kTaskRole,
  kExecutionRole,
  kRegistry,
};
inline constexpr int kRelationCount = 10;

std::string_view to_string(Relation r);
std::optional<Relation> parse_relation(std::string_view s);

// The name of an edge seen from its target: reverse_step_name(kCluster, kService) == "services".
std::string_view reverse_step_name(Relation r, NodeKind source_kind);

}  // namespace ecsguard
