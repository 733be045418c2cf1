#include "cloudformation/normalise.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/strings.h"
#include "graph/iam_document.h"
#include "graph/identity.h"

namespace ecsguard::cloudformation {

namespace {

// Stands for an unknown part of a string while a literal key is derived from the known parts;
// a key that still contains it depended on the unknown part and is dropped.
constexpr char kHole = '\x01';

bool lower_equals(std::string_view s, std::string_view word) {
  if (s.size() != word.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != word[i]) return false;
  }
  return true;
}

bool is_decimal(std::string_view text) {
  if (text.empty()) return false;
  std::string s(text);
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && s.find_first_of("xXnNiI") == std::string::npos &&
         s.find_first_not_of(" \t") == 0;
}

template <typename F>
Value convert_known(Value v, F f) {
  if (!v.is_known()) return v;
  Value out = f(v);
  out.set_pos(v.pos());
  out.set_sensitive(v.sensitive());
  return out;
}

}  // namespace

NodeId Normaliser::add_node(const Resource& r, NodeKind kind) {
  Node node;
  node.kind = kind;
  node.source_type = r.info->type;
  node.address = r.info->id;
  node.pos = r.info->pos;
  node.construct_path = r.info->construct_path;
  node.conditional = r.conditional;
  node.set_suppressions(r.info->suppressions);
  NodeId id = graph_.add(std::move(node));
  graph_.add_key(id, "addr:" + r.info->id);
  return id;
}

Value Normaliser::get(const Value& from, std::string_view path) {
  const Value* cur = &from;
  while (true) {
    if (cur->is_unknown()) return *cur;
    if (!cur->is_map()) return Value::absent();
    auto dot = path.find('.');
    const Value* next = cur->find(path.substr(0, dot));
    if (next == nullptr) return Value::absent();
    if (dot == std::string_view::npos) return *next;
    cur = next;
    path.remove_prefix(dot + 1);
  }
}

Value Normaliser::get(const Resource& r, std::string_view path) { return get(r.props, path); }

std::string Normaliser::literal_key(const Value& v, const KeyFn& fn) const {
  if (v.is_string()) return fn(v.text());
  const std::vector<Part>* parts = eval_.parts(v);
  if (parts == nullptr) return {};
  std::string text;
  for (const auto& p : *parts) text += p.known ? p.text : std::string(1, kHole);
  std::string key = fn(text);
  return key.find(kHole) == std::string::npos ? key : std::string();
}

std::vector<std::string> Normaliser::keys(const Value& v, const KeyFn& fn) const {
  // Each value (each item of a list) links through the resources it refers to or, when it
  // refers to none, through its literal text.
  std::vector<std::string> out;
  auto one = [&](const Value& x) {
    auto refs = eval_.references(x);
    for (const auto& id : refs) out.push_back("addr:" + id);
    if (!refs.empty()) return;
    std::string key = literal_key(x, fn);
    if (!key.empty()) out.push_back(std::move(key));
  };
  if (v.is_list()) {
    for (const auto& item : v.items()) one(item);
  } else {
    one(v);
  }
  return out;
}

void Normaliser::link(NodeId from, Relation relation, NodeKind target, const Value& v,
                      const KeyFn& literal_key) {
  for (const auto& key : keys(v, literal_key)) graph_.link(from, relation, target, key);
}

std::vector<NodeId> Normaliser::targets(NodeKind kind, const Value& v, const KeyFn& literal_key) {
  std::vector<NodeId> out;
  for (const auto& key : keys(v, literal_key)) {
    NodeId id = graph_.find(kind, key);
    if (id != kNoNode && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

void Normaliser::fold(NodeId into, const Resource& r, const char* what) {
  if (into == kNoNode) {
    diagnose("cfn.fold.target_missing", Severity::kNote,
             r.info->id + ": the " + std::string(what) +
                 " it configures is not in this template, so it is not modelled",
             r.info->pos);
    return;
  }
  graph_.node(into).fold(r.info->id);
}

Value Normaliser::json_document(const Value& text, const char* code, const Resource& r) {
  if (!text.is_string()) return text;
  Value v;
  JsonError error;
  if (!parse_json_value(text.text(), eval_.limits(), text.pos(), v, error)) {
    diagnose(json_error_code(error, code), error.limit.empty() ? Severity::kWarning : Severity::kError,
             r.info->id + ": the JSON document in this string is invalid at its line " +
                 std::to_string(error.line) + ", column " + std::to_string(error.column) + ": " +
                 error.message,
             text.pos());
    return Value::unknown("invalid JSON document");
  }
  if (text.sensitive()) v.mark_sensitive_deep();
  return v;
}

Value Normaliser::policy(const Value& v, const Resource& r) {
  if (v.is_string()) return normalise_policy_document(json_document(v, "cfn.policy.bad_json", r));
  return normalise_policy_document(v);
}

void Normaliser::diagnose(const std::string& code, Severity severity, std::string message,
                          const SourcePos& pos) {
  diagnostics_.push_back(make_diagnostic(code, severity, std::move(message), file_, pos));
}

void put(Node& node, std::string_view path, Value v) {
  if (v.is_absent() && v.default_value() == nullptr) return;
  node.attributes.set_path(path, std::move(v));
}

void open(Node& node, std::string_view path) {
  Value* cur = &node.attributes;
  while (true) {
    auto dot = path.find('.');
    std::string head(path.substr(0, dot));
    Value* next = cur->find(head);
    if (next == nullptr || next->is_absent()) next = &cur->set(head, Value::map());
    if (!next->is_map()) return;  // unknown or not a block: leave it
    if (dot == std::string_view::npos) return;
    cur = next;
    path.remove_prefix(dot + 1);
  }
}

Value as_string(Value v) {
  return convert_known(std::move(v), [](const Value& x) {
    std::string text;
    if (!x.is_string() && scalar_text(x, text)) return Value::string(text);
    return x;
  });
}

Value as_bool(Value v) {
  return convert_known(std::move(v), [](const Value& x) {
    if (x.is_string() && lower_equals(x.text(), "true")) return Value::boolean(true);
    if (x.is_string() && lower_equals(x.text(), "false")) return Value::boolean(false);
    return x;
  });
}

Value as_number(Value v) {
  return convert_known(std::move(v), [](const Value& x) {
    if (x.is_string() && is_decimal(x.text())) {
      return Value::number(std::strtod(std::string(x.text()).c_str(), nullptr));
    }
    return x;
  });
}

Value as_strings(Value v) {
  if (!v.is_list()) return v;
  for (auto& item : v.items()) item = as_string(std::move(item));
  return v;
}

Value enabled_flag(Value v) {
  return convert_known(std::move(v), [](const Value& x) {
    if (x.is_string() && x.text() == "ENABLED") return Value::boolean(true);
    if (x.is_string() && x.text() == "DISABLED") return Value::boolean(false);
    return x;
  });
}

Value tags_map(const Value& tags) {
  if (!tags.is_list()) return tags;
  Value out = Value::map();
  out.set_pos(tags.pos());
  for (const auto& item : tags.items()) {
    if (item.is_unknown()) return item;
    const Value* key = item.find("Key");
    const Value* value = item.find("Value");
    if (key == nullptr || value == nullptr) continue;
    if (key->is_unknown()) return *key;
    Value k = as_string(*key);
    if (!k.is_string()) continue;
    out.set(k.text(), as_string(*value));
  }
  return out;
}

Value snake_keys(const Value& v, const KeyStyle& style) {
  if (!v.is_known()) return v;
  Value out;
  if (v.is_list()) {
    out = Value::list();
    for (const auto& item : v.items()) out.push_back(snake_keys(item, style));
  } else if (v.is_map()) {
    out = Value::map();
    for (std::size_t i = 0; i < v.size(); ++i) {
      std::string key = snake_case(v.keys()[i]);
      for (const auto& [from, to] : style.renames) {
        if (key == from) key = std::string(to);
      }
      bool free =
          std::find(style.free_form.begin(), style.free_form.end(), key) != style.free_form.end();
      out.set(key, free ? v.items()[i] : snake_keys(v.items()[i], style));
    }
  } else {
    return v;
  }
  out.set_pos(v.pos());
  out.set_sensitive(v.sensitive());
  return out;
}

void drop_zero_numbers(Value& list) {
  if (!list.is_list()) return;
  for (auto& item : list.items()) {
    if (!item.is_map()) continue;
    std::vector<std::string> zero;
    for (std::size_t i = 0; i < item.size(); ++i) {
      if (item.items()[i].is_number() && item.items()[i].as_number() == 0) {
        zero.push_back(item.keys()[i].str());
      }
    }
    for (const auto& k : zero) item.erase(k);
  }
}

const std::vector<TypeHandler>& type_handlers() {
  static const std::vector<TypeHandler> handlers = {
      {"AWS::ECS::Cluster", 0, normalise_cluster},
      {"AWS::ECS::Service", 0, normalise_service},
      {"AWS::ECS::TaskSet", 0, normalise_task_set},
      {"AWS::ECS::TaskDefinition", 0, normalise_task_definition},
      {"AWS::ECR::Repository", 0, normalise_ecr_repository},
      {"AWS::EC2::VPC", 0, normalise_vpc},
      {"AWS::EC2::Subnet", 0, normalise_subnet},
      {"AWS::EC2::SecurityGroup", 0, normalise_security_group},
      {"AWS::EC2::VPCEndpoint", 0, normalise_vpc_endpoint},
      {"AWS::IAM::Role", 0, normalise_iam_role},
      {"AWS::ECS::ClusterCapacityProviderAssociations", 1, normalise_cluster_capacity_providers},
      {"AWS::ECR::RegistryScanningConfiguration", 1, normalise_ecr_registry_scanning},
      {"AWS::ECR::ReplicationConfiguration", 1, normalise_ecr_replication},
      {"AWS::EC2::SecurityGroupIngress", 1, normalise_security_group_ingress},
      {"AWS::EC2::SecurityGroupEgress", 1, normalise_security_group_egress},
      {"AWS::IAM::Policy", 1, normalise_iam_policy},
      {"AWS::IAM::RolePolicy", 1, normalise_iam_policy},
      {"AWS::IAM::ManagedPolicy", 1, normalise_iam_managed_policy},
  };
  return handlers;
}

const TypeHandler* find_handler(std::string_view type) {
  for (const auto& h : type_handlers()) {
    if (h.type == type) return &h;
  }
  return nullptr;
}

}  // namespace ecsguard::cloudformation
