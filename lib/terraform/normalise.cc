#include "terraform/normalise.h"

#include <algorithm>

namespace ecsguard::terraform {

NodeId Normaliser::add_node(const Resource& r, NodeKind kind) {
  Node node;
  node.kind = kind;
  node.source_type = r.type;
  node.address = r.full_address;
  node.pos = r.pos;
  node.action = r.action;
  NodeId id = graph_.add(std::move(node));
  graph_.add_key(id, "addr:" + r.full_address);
  return id;
}

std::vector<std::string> Normaliser::targets(const Resource& r, const Attribute& attr,
                                             NodeKind kind, const KeyFn& literal_key) {
  std::vector<std::string> keys;
  for (const auto& address : resolver_.resolve(attr.expression(), r.address)) {
    keys.push_back("addr:" + address);
  }
  if (!keys.empty()) return keys;
  auto literal = [&](const Value& v) {
    if (!v.is_string()) return;
    std::string key = literal_key(v.text());
    if (!key.empty()) keys.push_back(std::move(key));
  };
  Value v = attr.value().effective();
  if (v.is_list()) {
    for (const auto& item : v.items()) literal(item);
  } else {
    literal(v);
  }
  (void)kind;
  return keys;
}

void Normaliser::link(NodeId from, Relation relation, NodeKind target, const Resource& r,
                      const Attribute& attr, const KeyFn& literal_key) {
  for (const auto& key : targets(r, attr, target, literal_key)) {
    graph_.link(from, relation, target, key);
  }
}

NodeId Normaliser::target(NodeKind kind, const Resource& r, const Attribute& attr,
                          const KeyFn& literal_key) {
  for (const auto& key : targets(r, attr, kind, literal_key)) {
    NodeId id = graph_.find(kind, key);
    if (id != kNoNode) return id;
  }
  return kNoNode;
}

void Normaliser::fold(NodeId into, const Resource& r, const char* what) {
  if (into == kNoNode) {
    diagnose("tf.fold.target_missing", Severity::kNote,
             r.full_address + ": the " + std::string(what) +
                 " it configures is not in this input, so it is not modelled",
             r.pos);
    return;
  }
  graph_.node(into).fold(r.full_address);
}

Value Normaliser::json_document(const Value& text, const char* code, const Resource& r) {
  if (text.is_known() && !text.is_null() && !text.is_string() && !text.is_list() &&
      !text.is_map()) {
    diagnose("tf.plan.bad_type", Severity::kError,
             r.full_address + ": expected a JSON document in a string, found " + text.render(),
             text.pos());
    return Value::unknown("not a JSON document");
  }
  if (!text.is_string()) return text;
  Value v;
  JsonError error;
  if (!parse_json_value(text.text(), limits_, text.pos(), v, error)) {
    diagnose(json_error_code(error, code), Severity::kError,
             r.full_address + ": the JSON document in this string is invalid at its line " +
                 std::to_string(error.line) + ", column " + std::to_string(error.column) + ": " +
                 error.message,
             text.pos());
    return Value::unknown("invalid JSON document");
  }
  if (text.sensitive()) v.mark_sensitive_deep();
  return v;
}

void Normaliser::diagnose(const std::string& code, Severity severity, std::string message,
                          const SourcePos& pos) {
  Diagnostic d;
  d.code = code;
  d.severity = severity;
  d.message = std::move(message);
  d.location = Location(file_, pos);
  diagnostics_.push_back(std::move(d));
}

void put(Node& node, std::string_view path, const Attribute& attr, const Conversion& conv) {
  put(node, path, attr.value(conv));
}

void put(Node& node, std::string_view path, Value v) {
  if (v.is_absent() && v.default_value() == nullptr) return;  // the schema marks it absent
  node.attributes.set_path(path, std::move(v));
}

const std::vector<TypeHandler>& type_handlers() {
  static const std::vector<TypeHandler> handlers = {
      {"aws_ecs_cluster", 0, normalise_cluster},
      {"aws_ecs_service", 0, normalise_service},
      {"aws_ecs_task_set", 0, normalise_task_set},
      {"aws_ecs_task_definition", 0, normalise_task_definition},
      {"aws_ecr_repository", 0, normalise_ecr_repository},
      {"aws_vpc", 0, normalise_vpc},
      {"aws_subnet", 0, normalise_subnet},
      {"aws_security_group", 0, normalise_security_group},
      {"aws_vpc_endpoint", 0, normalise_vpc_endpoint},
      {"aws_iam_role", 0, normalise_iam_role},
      {"aws_ecs_cluster_capacity_providers", 1, normalise_cluster_capacity_providers},
      {"aws_ecr_lifecycle_policy", 1, normalise_ecr_lifecycle_policy},
      {"aws_ecr_repository_policy", 1, normalise_ecr_repository_policy},
      {"aws_ecr_registry_scanning_configuration", 1, normalise_ecr_registry_scanning},
      {"aws_ecr_replication_configuration", 1, normalise_ecr_replication},
      {"aws_security_group_rule", 1, normalise_security_group_rule},
      {"aws_vpc_security_group_ingress_rule", 1, normalise_vpc_security_group_rule},
      {"aws_vpc_security_group_egress_rule", 1, normalise_vpc_security_group_rule},
      {"aws_vpc_endpoint_policy", 1, normalise_vpc_endpoint_policy},
      {"aws_vpc_endpoint_subnet_association", 1, normalise_vpc_endpoint_subnet_association},
      {"aws_vpc_endpoint_security_group_association", 1,
       normalise_vpc_endpoint_security_group_association},
      {"aws_iam_role_policy", 1, normalise_iam_role_policy},
      {"aws_iam_role_policy_attachment", 1, normalise_iam_role_policy_attachment},
  };
  return handlers;
}

const TypeHandler* find_handler(std::string_view type) {
  for (const auto& h : type_handlers()) {
    if (h.type == type) return &h;
  }
  return nullptr;
}

bool is_modelled_type(std::string_view type) { return find_handler(type) != nullptr; }

}  // namespace ecsguard::terraform
