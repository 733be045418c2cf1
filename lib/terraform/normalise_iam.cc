// aws_iam_role, aws_iam_role_policy, aws_iam_role_policy_attachment.
#include "graph/iam_document.h"
#include "graph/identity.h"
#include "terraform/normalise.h"

namespace ecsguard::terraform {

namespace {

Value inline_policy(Normaliser& n, const Resource& r, const Value& name, const Value& policy) {
  Value p = Value::map();
  p.set_pos(policy.pos());
  p.set("name", name);
  p.set("document", normalise_policy_document(n.json_document(policy, "tf.policy.bad_json", r)));
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

}  // namespace

void normalise_iam_role(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kIamRole);
  Node& node = n.node(id);
  const Attribute& v = r.values;
  Value name = v.child("name").value();
  put(node, "name", name);
  if (name.is_string()) n.graph().add_key(id, "name:" + std::string(name.text()));
  for (const char* a : {"path", "managed_policy_arns", "permissions_boundary", "tags"}) {
    put(node, a, v.child(a));
  }
  put(node, "assume_role_policy",
      normalise_policy_document(
          n.json_document(v.child("assume_role_policy").value(), "tf.policy.bad_json", r)));
  Value inline_blocks = v.child("inline_policy").value();
  if (inline_blocks.is_list()) {
    Value list = Value::list();
    list.set_pos(inline_blocks.pos());
    for (const auto& block : inline_blocks.items()) {
      const Value* pname = block.find("name");
      const Value* policy = block.find("policy");
      if (policy == nullptr || (policy->is_string() && policy->text().empty())) continue;
      list.push_back(inline_policy(n, r, pname ? *pname : Value::absent(), *policy));
    }
    if (list.size() > 0) put(node, "inline_policies", std::move(list));
  }
}

void normalise_iam_role_policy(Normaliser& n, const Resource& r) {
  NodeId role = n.target(NodeKind::kIamRole, r, r.values.child("role"), role_key);
  n.fold(role, r, "IAM role");
  if (role == kNoNode) return;
  Value* list = list_attribute(n.node(role), "inline_policies");
  if (list == nullptr) return;
  list->push_back(inline_policy(n, r, r.values.child("name").value(),
                                r.values.child("policy").value()));
}

void normalise_iam_role_policy_attachment(Normaliser& n, const Resource& r) {
  NodeId role = n.target(NodeKind::kIamRole, r, r.values.child("role"), role_key);
  n.fold(role, r, "IAM role");
  if (role == kNoNode) return;
  Value* list = list_attribute(n.node(role), "managed_policy_arns");
  if (list == nullptr) return;
  list->push_back(r.values.child("policy_arn").value());
}

}  // namespace ecsguard::terraform
