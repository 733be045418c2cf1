// AWS::IAM::Role, with AWS::IAM::Policy / RolePolicy (inline policies) and AWS::IAM::ManagedPolicy
// (attached managed policies) folded into the roles they name — mirroring
// lib/terraform/normalise_iam.cc.
#include "cloudformation/normalise.h"

namespace ecsguard::cloudformation {

namespace {

Value inline_policy(Normaliser& n, const Resource& r, const Value& name, const Value& document) {
  Value p = Value::map();
  p.set_pos(document.pos());
  p.set("name", as_string(name));
  p.set("document", n.policy(document, r));
  return p;
}

Value* list_attribute(Node& node, const char* name) {
  Value* list = node.attributes.find(name);
  if (list == nullptr || !list->is_list()) {
    if (list != nullptr && list->is_unknown()) return nullptr;
    list = &node.attributes.set(name, Value::list());
  }
  return list;
}

// The roles a policy resource names: `Roles` (Policy, ManagedPolicy) or `RoleName` (RolePolicy).
std::vector<NodeId> roles(Normaliser& n, const Resource& r) {
  Value roles = Normaliser::get(r, "Roles");
  if (roles.is_absent()) roles = Normaliser::get(r, "RoleName");
  return n.targets(NodeKind::kIamRole, roles, role_key);
}

}  // namespace

void normalise_iam_role(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kIamRole);
  Node& node = n.node(id);
  Value name = as_string(Normaliser::get(r, "RoleName"));
  put(node, "name", name);
  if (name.is_string()) n.graph().add_key(id, "name:" + std::string(name.text()));
  put(node, "path", as_string(Normaliser::get(r, "Path")));
  put(node, "managed_policy_arns", as_strings(Normaliser::get(r, "ManagedPolicyArns")));
  put(node, "permissions_boundary", as_string(Normaliser::get(r, "PermissionsBoundary")));
  put(node, "tags", tags_map(Normaliser::get(r, "Tags")));
  Value trust = Normaliser::get(r, "AssumeRolePolicyDocument");
  if (!trust.is_absent()) put(node, "assume_role_policy", n.policy(trust, r));
  Value policies = Normaliser::get(r, "Policies");
  if (policies.is_list()) {
    Value list = Value::list();
    list.set_pos(policies.pos());
    for (const auto& p : policies.items()) {
      if (!p.is_map()) {
        list.push_back(p);
        continue;
      }
      const Value* doc = p.find("PolicyDocument");
      if (doc == nullptr) continue;
      const Value* pname = p.find("PolicyName");
      list.push_back(inline_policy(n, r, pname ? *pname : Value::absent(), *doc));
    }
    if (list.size() > 0) put(node, "inline_policies", std::move(list));
  } else {
    put(node, "inline_policies", policies);
  }
}

void normalise_iam_policy(Normaliser& n, const Resource& r) {
  auto targets = roles(n, r);
  if (targets.empty()) n.fold(kNoNode, r, "IAM role");
  for (NodeId role : targets) {
    n.fold(role, r, "IAM role");
    Value* list = list_attribute(n.node(role), "inline_policies");
    if (list == nullptr) continue;
    list->push_back(inline_policy(n, r, Normaliser::get(r, "PolicyName"),
                                  Normaliser::get(r, "PolicyDocument")));
  }
}

void normalise_iam_managed_policy(Normaliser& n, const Resource& r) {
  auto targets = roles(n, r);
  if (targets.empty()) n.fold(kNoNode, r, "IAM role");
  // A managed policy's ARN exists only once it is created.
  Value arn = Value::unknown("known after deployment: Ref " + r.info->id);
  arn.set_pos(r.info->pos);
  for (NodeId role : targets) {
    n.fold(role, r, "IAM role");
    Value* list = list_attribute(n.node(role), "managed_policy_arns");
    if (list != nullptr) list->push_back(arn);
  }
}

}  // namespace ecsguard::cloudformation
