// AWS::ECR::Repository (its lifecycle and repository policies are properties of it) and the
// registry-wide AWS::ECR::RegistryScanningConfiguration and ReplicationConfiguration — mirroring
// lib/terraform/normalise_ecr.cc.
#include "cloudformation/normalise.h"

namespace ecsguard::cloudformation {

namespace {

// The account's registry-wide settings are one node per input, created by whichever registry
// resource comes first.
NodeId registry(Normaliser& n, const Resource& r) {
  NodeId id = n.graph().find(NodeKind::kEcrRegistry, "registry");
  if (id != kNoNode) {
    n.node(id).fold(r.info->id);
    return id;
  }
  id = n.add_node(r, NodeKind::kEcrRegistry);
  n.graph().add_key(id, "registry");
  return id;
}

// [{ImageTagMutabilityExclusionFilterType, ImageTagMutabilityExclusionFilterValue}] →
// [{filter_type, filter}], Terraform's spelling.
Value exclusion_filters(const Value& raw) {
  if (!raw.is_list()) return raw;
  Value out = Value::list();
  out.set_pos(raw.pos());
  for (const auto& item : raw.items()) {
    if (!item.is_map()) {
      out.push_back(item);
      continue;
    }
    Value f = Value::map();
    f.set_pos(item.pos());
    if (const Value* v = item.find("ImageTagMutabilityExclusionFilterValue")) f.set("filter", *v);
    if (const Value* v = item.find("ImageTagMutabilityExclusionFilterType")) {
      f.set("filter_type", *v);
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

void normalise_ecr_repository(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kEcrRepository);
  Node& node = n.node(id);
  Value name = as_string(Normaliser::get(r, "RepositoryName"));
  put(node, "name", name);
  if (name.is_string()) n.graph().add_key(id, repository_key(name.text()));
  put(node, "image_tag_mutability", as_string(Normaliser::get(r, "ImageTagMutability")));
  put(node, "image_tag_mutability_exclusion_filters",
      exclusion_filters(Normaliser::get(r, "ImageTagMutabilityExclusionFilters")));
  Value scanning = Normaliser::get(r, "ImageScanningConfiguration");
  if (!scanning.is_absent()) {
    open(node, "image_scanning_configuration");
    put(node, "image_scanning_configuration.scan_on_push",
        as_bool(Normaliser::get(scanning, "ScanOnPush")));
  }
  Value encryption = Normaliser::get(r, "EncryptionConfiguration");
  if (!encryption.is_absent()) {
    open(node, "encryption_configuration");
    put(node, "encryption_configuration.encryption_type",
        as_string(Normaliser::get(encryption, "EncryptionType")));
    put(node, "encryption_configuration.kms_key", as_string(Normaliser::get(encryption, "KmsKey")));
  }
  put(node, "lifecycle_policy",
      n.json_document(Normaliser::get(r, "LifecyclePolicy.LifecyclePolicyText"),
                      "cfn.policy.bad_json", r));
  Value policy = Normaliser::get(r, "RepositoryPolicyText");
  if (!policy.is_absent()) put(node, "repository_policy", n.policy(policy, r));
  put(node, "empty_on_delete", as_bool(Normaliser::get(r, "EmptyOnDelete")));
  put(node, "tags", tags_map(Normaliser::get(r, "Tags")));
}

void normalise_ecr_registry_scanning(Normaliser& n, const Resource& r) {
  NodeId id = registry(n, r);
  Node& node = n.node(id);
  put(node, "scan_type", as_string(Normaliser::get(r, "ScanType")));
  put(node, "scanning_rules", snake_keys(Normaliser::get(r, "Rules")));
}

void normalise_ecr_replication(Normaliser& n, const Resource& r) {
  NodeId id = registry(n, r);
  put(n.node(id), "replication_rules",
      snake_keys(Normaliser::get(r, "ReplicationConfiguration.Rules")));
}

}  // namespace ecsguard::cloudformation
