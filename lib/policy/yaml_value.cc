#include "policy/yaml_value.h"

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include <map>

namespace ecsguard::policy {

namespace {

SourcePos pos_of(const YAML::Node& n) {
  YAML::Mark m = n.Mark();
  if (m.line < 0) return {};
  return SourcePos{static_cast<uint32_t>(m.line + 1), static_cast<uint32_t>(m.column + 1), ""};
}

bool plain(const YAML::Node& n) { return n.Tag() != "!"; }

Value scalar_value(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (plain(n)) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value::null();
    if (s == "true" || s == "True" || s == "TRUE") return Value::boolean(true);
    if (s == "false" || s == "False" || s == "FALSE") return Value::boolean(false);
    static const RE2 kNumber("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    if (RE2::FullMatch(s, kNumber)) return Value::number(std::strtod(s.c_str(), nullptr));
  }
  return Value::string(s);
}

nlohmann::json to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& item : n) a.push_back(to_json(item));
      return a;
    }
    case YAML::NodeType::Map: {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& kv : n) o[kv.first.Scalar()] = to_json(kv.second);
      return o;
    }
    case YAML::NodeType::Scalar: {
      Value v = scalar_value(n);
      if (v.is_bool()) return v.as_bool();
      if (v.is_number()) return v.as_number();
      if (v.is_null()) return nullptr;
      return v.text();
    }
    default:
      return nullptr;
  }
}

struct Plan {
  nlohmann::json changes = nlohmann::json::array();
  // config module path → module object
  std::map<std::string, nlohmann::json> modules;
};

// One attribute or block: fills after / after_unknown / after_sensitive / expressions.
void attribute(const std::string& name, const YAML::Node& v, nlohmann::json& after,
               nlohmann::json& unknown, nlohmann::json& sensitive, nlohmann::json& expr) {
  const std::string& tag = v.Tag();
  if (tag == "!unknown") {
    unknown[name] = true;
    nlohmann::json refs = nlohmann::json::array();
    if (v.IsScalar() && !v.Scalar().empty()) {
      std::string ref = v.Scalar();
      refs.push_back(ref);
      auto dot = ref.rfind('.');
      if (dot != std::string::npos && ref.find('.') != dot) refs.push_back(ref.substr(0, dot));
    }
    expr[name] = {{"references", refs}};
    return;
  }
  if (tag == "!computed") {
    unknown[name] = true;
    return;
  }
  bool is_sensitive = tag == "!sensitive";
  bool encode = (name == "container_definitions" && v.IsSequence()) ||
                ((name == "policy" || name == "assume_role_policy") && v.IsMap());
  if (encode) {
    after[name] = to_json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    expr[name] = nlohmann::json::object();
  } else if (v.IsSequence() && v.size() > 0 && v[0].IsMap()) {
    // A block list: each element is a block with attributes of its own.
    nlohmann::json a = nlohmann::json::array(), u = nlohmann::json::array(),
                   s = nlohmann::json::array(), e = nlohmann::json::array();
    for (const auto& block : v) {
      nlohmann::json ba = nlohmann::json::object(), bu = nlohmann::json::object(),
                     bs = nlohmann::json::object(), be = nlohmann::json::object();
      for (const auto& kv : block) attribute(kv.first.Scalar(), kv.second, ba, bu, bs, be);
      a.push_back(ba);
      u.push_back(bu);
      s.push_back(bs);
      e.push_back(be);
    }
    after[name] = a;
    unknown[name] = u;
    sensitive[name] = s;
    expr[name] = e;
    return;
  } else {
    after[name] = to_json(v);
    expr[name] = {{"constant_value", after[name]}};
  }
  if (is_sensitive) sensitive[name] = true;
}

// "module.a[0].module.b.aws_x.y[\"k\"]" → config path "module.a.module.b", local "aws_x.y",
// module instance "module.a[0].module.b", key "[\"k\"]".
bool split_address(const std::string& address, std::vector<std::string>& modules,
                   std::string& module_instance, std::string& type, std::string& name,
                   std::string& key) {
  static const RE2 kModule("module\\.([A-Za-z0-9_-]+)((?:\\[[^\\]]*\\])?)\\.");
  static const RE2 kResource("([A-Za-z0-9_]+)\\.([A-Za-z0-9_-]+)((?:\\[[^\\]]*\\])?)");
  re2::StringPiece in(address);
  std::string m, k;
  const char* start = in.data();
  while (RE2::Consume(&in, kModule, &m, &k)) modules.push_back(m);
  module_instance = std::string(start, static_cast<std::size_t>(in.data() - start));
  if (!module_instance.empty()) module_instance.pop_back();
  return RE2::FullMatch(in, kResource, &type, &name, &key);
}

}  // namespace

Value yaml_to_value(const YAML::Node& node) {
  Value v;
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      v = Value::list();
      for (const auto& item : node) v.push_back(yaml_to_value(item));
      break;
    case YAML::NodeType::Map:
      v = Value::map();
      for (const auto& kv : node) v.set(kv.first.Scalar(), yaml_to_value(kv.second));
      break;
    case YAML::NodeType::Scalar:
      v = scalar_value(node);
      break;
    default:
      v = Value::null();
  }
  v.set_pos(pos_of(node));
  return v;
}

bool synthesise_plan(const YAML::Node& resources, std::string* json, std::string& why) {
  Plan plan;
  for (const auto& kv : resources) {
    const std::string address = kv.first.Scalar();
    std::vector<std::string> modules;
    std::string module_instance, type, name, key;
    if (!split_address(address, modules, module_instance, type, name, key)) {
      why = "'" + address + "' is not a Terraform resource address (TYPE.NAME, optionally in "
            "module.X. and with an [index])";
      return false;
    }
    if (!kv.second.IsMap() && !kv.second.IsNull()) {
      why = "the attributes of '" + address + "' must be a mapping";
      return false;
    }
    if (json == nullptr) continue;  // checked only
    nlohmann::json after = nlohmann::json::object(), unknown = nlohmann::json::object(),
                   sensitive = nlohmann::json::object(), expr = nlohmann::json::object();
    if (kv.second.IsMap()) {
      for (const auto& attr : kv.second) {
        attribute(attr.first.Scalar(), attr.second, after, unknown, sensitive, expr);
      }
    }
    nlohmann::json change = {{"address", address}};
    if (!module_instance.empty()) change["module_address"] = module_instance;
    change["mode"] = "managed";
    change["type"] = type;
    change["name"] = name;
    if (!key.empty()) {
      std::string inner = key.substr(1, key.size() - 2);
      if (!inner.empty() && inner[0] == '"') {
        change["index"] = inner.substr(1, inner.size() - 2);
      } else {
        change["index"] = std::strtol(inner.c_str(), nullptr, 10);
      }
    }
    change["provider_name"] = "registry.terraform.io/hashicorp/aws";
    change["change"] = {{"actions", {"create"}},       {"before", nullptr},
                        {"after", after},              {"after_unknown", unknown},
                        {"before_sensitive", false},   {"after_sensitive", sensitive}};
    plan.changes.push_back(change);

    std::string path;
    for (const auto& m : modules) path += (path.empty() ? "" : ".") + std::string("module.") + m;
    nlohmann::json& module = plan.modules[path];
    module["resources"].push_back({{"address", type + "." + name},
                                   {"mode", "managed"},
                                   {"type", type},
                                   {"name", name},
                                   {"provider_config_key", "aws"},
                                   {"expressions", expr},
                                   {"schema_version", 0}});
  }
  if (json == nullptr) return true;
  // Nest module configurations under their parents' module_calls.
  std::vector<std::string> paths;
  for (const auto& m : plan.modules) paths.push_back(m.first);
  for (std::size_t i = 0; i < paths.size(); ++i) {  // ancestors without resources of their own
    auto dot = paths[i].rfind(".module.");
    if (dot != std::string::npos && !plan.modules.count(paths[i].substr(0, dot))) {
      plan.modules[paths[i].substr(0, dot)] = nlohmann::json::object();
      paths.push_back(paths[i].substr(0, dot));
    }
  }
  std::sort(paths.begin(), paths.end(), [](const std::string& a, const std::string& b) {
    return a.size() > b.size();  // deepest first
  });
  for (const auto& path : paths) {
    if (path.empty()) continue;
    auto dot = path.rfind(".module.");
    std::string parent = dot == std::string::npos ? "" : path.substr(0, dot);
    std::string call = path.substr(dot == std::string::npos ? 7 : dot + 8);
    plan.modules[parent]["module_calls"][call] = {{"source", "./" + call},
                                                  {"module", plan.modules[path]}};
  }
  nlohmann::json root = {{"format_version", "1.2"},
                         {"terraform_version", "1.9.5"},
                         {"resource_changes", plan.changes},
                         {"configuration", {{"root_module", plan.modules[""]}}}};
  *json = root.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return true;
}

}  // namespace ecsguard::policy
