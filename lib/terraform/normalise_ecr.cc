// aws_ecr_repository and the side resources folded into it or into the registry node.
#include "graph/iam_document.h"
#include "graph/identity.h"
#include "terraform/normalise.h"

namespace ecsguard::terraform {

namespace {

// The account's registry-wide settings are one node per input, created by whichever registry
// resource comes first.
NodeId registry(Normaliser& n, const Resource& r) {
  NodeId id = n.graph().find(NodeKind::kEcrRegistry, "registry");
  if (id != kNoNode) {
    n.node(id).fold(r.full_address);
    return id;
  }
  id = n.add_node(r, NodeKind::kEcrRegistry);
  n.graph().add_key(id, "registry");
  return id;
}

}  // namespace

void normalise_ecr_repository(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kEcrRepository);
  Node& node = n.node(id);
  const Attribute& v = r.values;
  Value name = v.child("name").value();
  put(node, "name", name);
  if (name.is_string()) n.graph().add_key(id, repository_key(name.text()));
  put(node, "image_tag_mutability", v.child("image_tag_mutability"));
  put(node, "image_tag_mutability_exclusion_filters",
      v.child("image_tag_mutability_exclusion_filter"));
  put(node, "image_scanning_configuration.scan_on_push",
      v.path("image_scanning_configuration.0.scan_on_push"));
  put(node, "encryption_configuration.encryption_type",
      v.path("encryption_configuration.0.encryption_type"));
  put(node, "encryption_configuration.kms_key", v.path("encryption_configuration.0.kms_key"));
  put(node, "empty_on_delete", v.child("force_delete"));
  put(node, "tags", v.child("tags"));
}

void normalise_ecr_lifecycle_policy(Normaliser& n, const Resource& r) {
  NodeId repo = n.target(NodeKind::kEcrRepository, r, r.values.child("repository"), repository_key);
  n.fold(repo, r, "repository");
  if (repo == kNoNode) return;
  Value doc = n.json_document(r.values.child("policy").value(), "tf.policy.bad_json", r);
  n.graph().prune_attribute(NodeKind::kEcrRepository, "lifecycle_policy", doc);
  put(n.node(repo), "lifecycle_policy", std::move(doc));
}

void normalise_ecr_repository_policy(Normaliser& n, const Resource& r) {
  NodeId repo = n.target(NodeKind::kEcrRepository, r, r.values.child("repository"), repository_key);
  n.fold(repo, r, "repository");
  if (repo == kNoNode) return;
  Value doc = n.json_document(r.values.child("policy").value(), "tf.policy.bad_json", r);
  put(n.node(repo), "repository_policy", normalise_policy_document(doc));
}

void normalise_ecr_registry_scanning(Normaliser& n, const Resource& r) {
  NodeId id = registry(n, r);
  Node& node = n.node(id);
  put(node, "scan_type", r.values.child("scan_type"));
  Conversion conv{{}, {{"rule", "scanning_rules"}, {"repository_filter", "repository_filters"}},
                  false};
  Value rules = r.values.child("rule").value(conv);
  put(node, "scanning_rules", std::move(rules));
}

void normalise_ecr_replication(Normaliser& n, const Resource& r) {
  NodeId id = registry(n, r);
  Conversion conv{{}, {{"destination", "destinations"}, {"repository_filter", "repository_filters"}},
                  false};
  put(n.node(id), "replication_rules",
      r.values.path("replication_configuration.0.rule").value(conv));
}

}  // namespace ecsguard::terraform
