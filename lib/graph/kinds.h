// Node kinds and edge relations of the resource graph (DESIGN.md §2).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

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

// Every kind of edge the readers build: `from` --relation--> `to`. `attribute` is the source
// node's attribute that names the target (empty when none): when it is set but no edge exists,
// the target is outside the input.
struct EdgeType {
  NodeKind from;
  Relation relation;
  NodeKind to;
  std::string_view attribute;
};
const std::vector<EdgeType>& edge_types();

// A graph step from a node of `kind`: a relation name (forward) or a reverse step name.
struct Step {
  Relation relation;
  bool reverse;
  NodeKind target;
  std::string_view attribute;  // forward steps: see EdgeType
};
std::optional<Step> find_step(NodeKind kind, std::string_view name);

}  // namespace ecsguard
