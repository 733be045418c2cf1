#include "graph/kept_attributes.h"

#include <algorithm>

#include "graph/schema.h"

namespace ecsguard {

std::string_view top_attribute(std::string_view path) {
  return path.substr(0, path.find_first_of(".["));
}

KeptAttributes::KeptAttributes() {
  for (int k = 0; k < kNodeKindCount; ++k) update_declarations(static_cast<NodeKind>(k));
}

void KeptAttributes::keep(NodeKind kind, std::string_view name) {
  if (all_[index(kind)]) return;
  name = top_attribute(name);
  auto& names = names_[index(kind)];
  auto at = std::lower_bound(names.begin(), names.end(), name);
  if (at != names.end() && *at == name) return;
  names.emplace(at, name);
  update_declarations(kind);
}

void KeptAttributes::keep_all(NodeKind kind) {
  all_[index(kind)] = true;
  names_[index(kind)].clear();
  update_declarations(kind);
}

const std::vector<bool>& KeptAttributes::kept_declarations(NodeKind kind) const {
  return declarations_[index(kind)];
}

void KeptAttributes::update_declarations(NodeKind kind) {
  const auto& specs = schema_for(kind);
  auto& kept = declarations_[index(kind)];
  kept.resize(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) kept[i] = keeps(kind, specs[i].path);
}

bool KeptAttributes::keeps(NodeKind kind, std::string_view name) const {
  if (all_[index(kind)]) return true;
  const auto& names = names_[index(kind)];
  return std::binary_search(names.begin(), names.end(), top_attribute(name));
}

void keep_folded_attributes(KeptAttributes& kept) {
  // What the readers' fold targets write (lib/terraform and lib/cloudformation, normalise_*.cc).
  for (const char* name : {"lifecycle_policy", "repository_policy"}) {
    kept.keep(NodeKind::kEcrRepository, name);
  }
  kept.keep_all(NodeKind::kEcrRegistry);  // one node, configured by several resources
  for (const char* name : {"capacity_providers", "default_capacity_provider_strategy"}) {
    kept.keep(NodeKind::kCluster, name);
  }
  for (const char* name : {"inline_policies", "managed_policy_arns"}) {
    kept.keep(NodeKind::kIamRole, name);
  }
  for (const char* name : {"ingress", "egress"}) kept.keep(NodeKind::kSecurityGroup, name);
  for (const char* name : {"policy_document", "subnet_ids", "security_group_ids"}) {
    kept.keep(NodeKind::kVpcEndpoint, name);
  }
  kept.keep(NodeKind::kTaskDefinition, "containers");
}

}  // namespace ecsguard
