#include "policy/loader.h"

#include <re2/re2.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "core/both.h"
#include "core/strings.h"
#include "graph/schema.h"
#include "policy/tests_entry.h"
#include "policy/yaml_value.h"
#include "read/yaml.h"

namespace ecsguard::policy {

namespace {

namespace fs = std::filesystem;

SourcePos pos_of(const YAML::Node& n) {
  YAML::Mark m = n.Mark();
  if (m.line < 0) return {};
  return SourcePos{static_cast<uint32_t>(m.line + 1), static_cast<uint32_t>(m.column + 1), ""};
}

// Writes a YAML node back as text keeping what yaml-cpp's own emitter loses: quoted scalars
// stay quoted ("512" is a string, not a number) and local tags (!Ref, !unknown) stay short.
void emit(YAML::Emitter& out, const YAML::Node& node) {
  const std::string& tag = node.Tag();
  if (tag.size() > 1 && tag[0] == '!') out << YAML::LocalTag(tag.substr(1));
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      out << YAML::BeginSeq;
      for (const auto& item : node) emit(out, item);
      out << YAML::EndSeq;
      break;
    case YAML::NodeType::Map:
      out << YAML::BeginMap;
      for (const auto& kv : node) {
        out << YAML::Key;
        emit(out, kv.first);
        out << YAML::Value;
        emit(out, kv.second);
      }
      out << YAML::EndMap;
      break;
    case YAML::NodeType::Scalar:
      if (tag == "!") {
        out << YAML::DoubleQuoted << node.Scalar();
      } else {
        out << node.Scalar();
      }
      break;
    default:
      out << YAML::Null;
  }
}

std::string emit(const YAML::Node& node) {
  YAML::Emitter out;
  emit(out, node);
  return out.c_str();
}

// How deeply a policy's conditions may nest. Fixed, not a scan limit: the policies of a pack must
// load the same whatever limits a scan sets for its inputs.
constexpr int kMaxConditionDepth = 64;

// Collects the errors of one policy file.
class Loader {
 public:
  Loader(std::string file, const Limits& limits, Diagnostics& diags, bool with_tests)
      : file_(std::move(file)), limits_(limits), diags_(diags), with_tests_(with_tests) {}

  bool ok() const { return errors_ == 0; }

  void error(const std::string& code, const YAML::Node& at, std::string message) {
    error(code, pos_of(at), std::move(message));
  }
  void error(const std::string& code, const SourcePos& at, std::string message) {
    Diagnostic d;
    d.code = code;
    d.message = std::move(message);
    d.location = Location(file_, at);
    diags_.push_back(std::move(d));
    ++errors_;
  }

  // Checks that `node` is a mapping with only `allowed` keys and no duplicates.
  bool mapping(const YAML::Node& node, const char* what,
               std::initializer_list<const char*> allowed) {
    if (!node.IsMap()) {
      error("policy.wrong_type", node, std::string(what) + " must be a mapping");
      return false;
    }
    std::set<std::string> seen;
    bool good = true;
    for (const auto& kv : node) {
      std::string key = kv.first.Scalar();
      if (!seen.insert(key).second) {
        error("policy.duplicate_key", kv.first, "duplicate key '" + key + "' in " + what);
        good = false;
      }
      if (allowed.size() > 0 &&
          std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        error("policy.unknown_key", kv.first,
              "unknown key '" + key + "' in " + what + "; expected one of: " + list);
        good = false;
      }
    }
    return good;
  }

  bool string(const YAML::Node& node, const char* what, std::string& out) {
    if (!node.IsScalar()) {
      error("policy.wrong_type", node, std::string(what) + " must be a string");
      return false;
    }
    out = node.Scalar();
    return true;
  }

  bool string_list(const YAML::Node& node, const char* what, std::vector<std::string>& out) {
    if (node.IsScalar()) {
      out.push_back(node.Scalar());
      return true;
    }
    if (!node.IsSequence()) {
      error("policy.wrong_type", node, std::string(what) + " must be a list of strings");
      return false;
    }
    for (const auto& item : node) {
      if (!item.IsScalar()) {
        error("policy.wrong_type", item, std::string(what) + " must be a list of strings");
        return false;
      }
      out.push_back(item.Scalar());
    }
    return true;
  }

  // --- conditions ---------------------------------------------------------------------------

  struct Scope {
    NodeKind kind;
    std::string prefix;  // schema path of the element context ("environment[]"), or ""
  };

  bool condition(const YAML::Node& node, const Scope& scope, int depth, Condition& out) {
    out.pos = pos_of(node);
    if (depth > kMaxConditionDepth) {
      error("policy.too_deep", node,
            "conditions nest deeper than " + std::to_string(kMaxConditionDepth) +
                " levels; split the policy or flatten all/any");
      return false;
    }
    if (!node.IsMap() || node.size() == 0) {
      error("policy.wrong_type", node,
            "a condition must be a mapping: {all: [...]}, {any: [...]}, {not: ...}, "
            "{attribute: PATH, <operator>: VALUE}, {all|any|none: {of|related: ..., where: "
            "...}} or {count: {...}}");
      return false;
    }
    auto has = [&](const char* k) { return static_cast<bool>(node[k]); };
    for (const char* k : {"all", "any", "none"}) {
      if (!has(k)) continue;
      if (node.size() != 1) {
        error("policy.wrong_type", node, std::string("'") + k + "' must be the only key here");
        return false;
      }
      const YAML::Node body = node[k];
      Quantifier q = std::string(k) == "all" ? Quantifier::kAll
                     : std::string(k) == "any" ? Quantifier::kAny
                                               : Quantifier::kNone;
      if (body.IsSequence()) {
        out.type = q == Quantifier::kAll ? Condition::Type::kAll : Condition::Type::kAny;
        if (body.size() == 0) {
          error("policy.wrong_type", body, std::string("'") + k + "' needs at least one condition");
          return false;
        }
        for (const auto& c : body) {
          out.children.emplace_back();
          if (!condition(c, scope, depth + 1, out.children.back())) return false;
        }
        if (q == Quantifier::kNone) {
          Condition any = std::move(out);
          out = Condition{};
          out.type = Condition::Type::kNot;
          out.pos = any.pos;
          out.children.push_back(std::move(any));
        }
        return true;
      }
      out.type = Condition::Type::kQuantify;
      out.quantifier = q;
      return quantified(body, scope, depth, out, false);
    }
    if (has("not")) {
      if (node.size() != 1) {
        error("policy.wrong_type", node, "'not' must be the only key here");
        return false;
      }
      out.type = Condition::Type::kNot;
      out.children.emplace_back();
      return condition(node["not"], scope, depth + 1, out.children.back());
    }
    if (has("count")) {
      if (node.size() != 1) {
        error("policy.wrong_type", node, "'count' must be the only key here");
        return false;
      }
      out.type = Condition::Type::kCount;
      return quantified(node["count"], scope, depth, out, true);
    }
    return compare(node, scope, out);
  }

  // The body of a quantifier or count: {of: PATH | related: STEPS, where: COND, [op: N]}.
  bool quantified(const YAML::Node& body, const Scope& scope, int depth, Condition& out,
                  bool count) {
    if (count) {
      if (!mapping(body, "count", {"of", "related", "where", "equals", "gt", "gte", "lt", "lte"})) {
        return false;
      }
    } else if (!mapping(body, "a quantifier", {"of", "related", "where"})) {
      return false;
    }
    bool of = static_cast<bool>(body["of"]);
    bool related = static_cast<bool>(body["related"]);
    if (of == related) {
      error("policy.wrong_type", body,
            "a quantifier needs exactly one of 'of' (a list attribute) or 'related' (graph "
            "steps such as cluster or vpc.vpc_endpoints)");
      return false;
    }
    Scope inner = scope;
    if (of) {
      if (!string(body["of"], "'of'", out.of)) return false;
      std::string full = join(scope.prefix, out.of);
      if (!is_valid_path(scope.kind, full)) {
        error("policy.unknown_attribute", body["of"],
              "'" + full + "' is not an attribute of " + std::string(to_string(scope.kind)));
        return false;
      }
      inner.prefix = full + "[]";
    } else {
      std::string text;
      if (!string(body["related"], "'related'", text)) return false;
      // Inside a list element, steps start from the node that holds the list.
      NodeKind kind = scope.kind;
      for (const auto& name : split(text, '.')) {
        auto step = find_step(kind, name);
        if (!step) {
          std::string valid;
          for (const auto& t : edge_types()) {
            if (t.from == kind) valid += (valid.empty() ? "" : ", ") + std::string(to_string(t.relation));
            if (t.to == kind) {
              valid += (valid.empty() ? "" : ", ") + std::string(reverse_step_name(t.relation, t.from));
            }
          }
          error("policy.unknown_step", body["related"],
                "'" + name + "' is not a graph step from " + std::string(to_string(kind)) +
                    (valid.empty() ? "" : "; expected one of: " + valid));
          return false;
        }
        out.related.push_back(name);
        out.steps.push_back(*step);
        kind = step->target;
      }
      out.element_kind = kind;
      inner = Scope{kind, ""};
    }
    if (body["where"]) {
      out.children.emplace_back();
      if (!condition(body["where"], inner, depth + 1, out.children.back())) return false;
    } else if (!count) {
      error("policy.missing_field", body, "a quantifier needs 'where': the condition on each element");
      return false;
    }
    if (count) {
      int ops = 0;
      for (auto [key, op] : {std::pair{"equals", Op::kEquals}, {"gt", Op::kGt}, {"gte", Op::kGte},
                             {"lt", Op::kLt}, {"lte", Op::kLte}}) {
        if (!body[key]) continue;
        ++ops;
        out.count_op = op;
        Value v;
        if (!body[key].IsScalar() || !scalar_number(body[key].Scalar(), out.count_value)) {
          error("policy.wrong_type", body[key], std::string("'") + key + "' must be a number");
          return false;
        }
        (void)v;
      }
      if (ops != 1) {
        error("policy.wrong_type", body,
              "'count' needs exactly one comparison: equals, gt, gte, lt or lte");
        return false;
      }
    }
    return true;
  }

  bool compare(const YAML::Node& node, const Scope& scope, Condition& out) {
    out.type = Condition::Type::kCompare;
    if (!mapping(node, "a comparison",
                 {"attribute", "equals", "not_equals", "in", "not_in", "exists", "absent",
                  "empty", "contains", "starts_with", "ends_with", "matches", "gt", "gte", "lt",
                  "lte"})) {
      return false;
    }
    if (node["attribute"] && !string(node["attribute"], "'attribute'", out.path)) return false;
    std::string full = join(scope.prefix, out.path);
    if (!out.path.empty() && !is_valid_path(scope.kind, full)) {
      error("policy.unknown_attribute", node["attribute"],
            "'" + full + "' is not an attribute of " + std::string(to_string(scope.kind)) +
                " (see docs/graph-attributes.md)");
      return false;
    }
    int ops = 0;
    YAML::Node operand;
    for (int i = 0; i <= static_cast<int>(Op::kLte); ++i) {
      auto op = static_cast<Op>(i);
      if (!node[to_string(op)]) continue;
      ++ops;
      out.op = op;
      operand = node[to_string(op)];
    }
    if (ops != 1) {
      error("policy.wrong_type", node,
            ops == 0 ? "a comparison needs an operator: equals, not_equals, in, not_in, exists, "
                       "absent, empty, contains, starts_with, ends_with, matches, gt, gte, lt "
                       "or lte"
                     : "a comparison takes exactly one operator");
      return false;
    }
    const std::string op_name = to_string(out.op);
    if (operand.IsMap() && operand["attribute"]) {
      if (operand.size() != 1 ||
          !string(operand["attribute"], "'attribute'", out.operand.attribute)) {
        return false;
      }
      if (out.op != Op::kEquals && out.op != Op::kNotEquals) {
        error("policy.wrong_type", operand,
              "only equals and not_equals compare two attributes");
        return false;
      }
      std::string other = join(scope.prefix, out.operand.attribute);
      if (!is_valid_path(scope.kind, other)) {
        error("policy.unknown_attribute", operand["attribute"],
              "'" + other + "' is not an attribute of " + std::string(to_string(scope.kind)));
        return false;
      }
      return true;
    }
    if (operand.IsMap() && operand["param"]) {
      if (operand.size() != 1 || !string(operand["param"], "'param'", out.operand.param)) {
        return false;
      }
      if (!params_.count(out.operand.param)) {
        error("policy.unknown_param", operand["param"],
              "'" + out.operand.param + "' is not declared under params");
        return false;
      }
      return true;
    }
    switch (out.op) {
      case Op::kExists:
      case Op::kAbsent:
      case Op::kEmpty: {
        Value v = yaml_to_value(operand);
        if (!v.is_bool()) {
          error("policy.wrong_type", operand, "'" + op_name + "' takes true or false");
          return false;
        }
        out.flag = v.as_bool();
        return true;
      }
      case Op::kIn:
      case Op::kNotIn:
        if (!operand.IsSequence()) {
          error("policy.wrong_type", operand, "'" + op_name + "' takes a list (or {param: NAME})");
          return false;
        }
        break;
      case Op::kStartsWith:
      case Op::kEndsWith:
        if (!operand.IsScalar() && !operand.IsSequence()) {
          error("policy.wrong_type", operand, "'" + op_name + "' takes a string or a list of them");
          return false;
        }
        break;
      case Op::kMatches:
        if (!operand.IsScalar()) {
          error("policy.wrong_type", operand, "'" + op_name + "' takes a string");
          return false;
        }
        break;
      case Op::kGt:
      case Op::kGte:
      case Op::kLt:
      case Op::kLte: {
        double d = 0;
        if (!operand.IsScalar() || !scalar_number(operand.Scalar(), d)) {
          error("policy.wrong_type", operand, "'" + op_name + "' takes a number");
          return false;
        }
        break;
      }
      default:
        break;
    }
    out.operand.literal = yaml_to_value(operand);
    if (out.op == Op::kMatches) return compile_regex(operand, out);
    return true;
  }

  bool compile_regex(const YAML::Node& at, Condition& out) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(static_cast<int64_t>(limits_.regex_memory));
    auto re = std::make_shared<RE2>(at.Scalar(), options);
    if (re->error_code() == RE2::ErrorPatternTooLarge) {
      error(limit_code("regex_memory"), at,
            "regular expression needs more memory than RE2 may use for it " +
                limit_note("regex_memory", limits_.regex_memory));
      return false;
    }
    if (!re->ok()) {
      error("policy.regex_invalid", at, "invalid regular expression: " + re->error());
      return false;
    }
    if (static_cast<uint64_t>(re->ProgramSize()) > limits_.regex_program_size) {
      error(limit_code("regex_program_size"), at,
            "regular expression compiles to " + std::to_string(re->ProgramSize()) +
                " instructions " + limit_note("regex_program_size", limits_.regex_program_size));
      return false;
    }
    out.regex = std::move(re);
    return true;
  }

  static std::string join(const std::string& prefix, const std::string& path) {
    if (prefix.empty()) return path;
    if (path.empty()) return prefix;
    return prefix + "." + path;
  }

  static bool scalar_number(const std::string& s, double& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size();
  }

  // --- the policy -----------------------------------------------------------------------------

  bool policy(const YAML::Node& root, Policy& p) {
    if (!mapping(root, "a policy",
                 {"id", "title", "severity", "description", "remediation", "references",
                  "controls", "kind", "where", "check", "on_unknown", "params", "message",
                  "tests"})) {
      return false;
    }
    p.pos = pos_of(root);
    for (const char* required : {"id", "title", "severity", "kind", "check", "message"}) {
      if (!root[required]) {
        error("policy.missing_field", root, std::string("missing required field '") + required + "'");
      }
    }
    if (!ok()) return false;
    string(root["id"], "'id'", p.id);
    static const RE2 kId("[a-z0-9][a-z0-9-]*");
    if (!p.id.empty() && !RE2::FullMatch(p.id, kId)) {
      error("policy.bad_id", root["id"],
            "policy id '" + p.id + "' must be lower-case letters, digits and dashes");
    }
    string(root["title"], "'title'", p.title);
    std::string text;
    if (string(root["severity"], "'severity'", text) && !parse_severity(text, p.severity)) {
      error("policy.bad_severity", root["severity"],
            "unknown severity '" + text + "'; expected critical, high, medium, low or info");
    }
    if (root["description"]) string(root["description"], "'description'", p.description);
    if (root["remediation"]) string(root["remediation"], "'remediation'", p.remediation);
    if (root["references"]) string_list(root["references"], "'references'", p.references);
    if (root["controls"] && mapping(root["controls"], "'controls'",
                                    {"control_tower", "security_hub", "checkov", "trivy", "kics",
                                     "cfn_nag", "cis", "nist", "other"})) {
      for (const auto& kv : root["controls"]) {
        string_list(kv.second, "a controls list", p.controls[kv.first.Scalar()]);
      }
    }
    if (string(root["kind"], "'kind'", text)) {
      auto kind = parse_node_kind(text);
      if (!kind) {
        std::string kinds;
        for (int k = 0; k < kNodeKindCount; ++k) {
          kinds += (k ? ", " : "") + std::string(to_string(static_cast<NodeKind>(k)));
        }
        error("policy.bad_kind", root["kind"], "unknown kind '" + text + "'; expected one of: " + kinds);
      } else {
        p.kind = *kind;
      }
    }
    if (root["params"] && mapping(root["params"], "'params'", {})) {
      for (const auto& kv : root["params"]) {
        Param param;
        if (!mapping(kv.second, "a param", {"default", "description"})) continue;
        if (!kv.second["default"]) {
          error("policy.missing_field", kv.second, "param '" + kv.first.Scalar() + "' needs a default");
          continue;
        }
        param.default_value = yaml_to_value(kv.second["default"]);
        if (kv.second["description"]) string(kv.second["description"], "'description'", param.description);
        p.params[kv.first.Scalar()] = std::move(param);
      }
    }
    params_.clear();
    for (const auto& kv : p.params) params_.insert(kv.first);
    if (!ok()) return false;

    Scope scope{p.kind, ""};
    if (root["where"]) {
      p.has_where = true;
      condition(root["where"], scope, 0, p.where);
    }
    condition(root["check"], scope, 0, p.check);
    if (root["on_unknown"]) on_unknown(root["on_unknown"], p);
    if (string(root["message"], "'message'", p.message)) placeholders(root["message"], p);
    if (with_tests_ && root["tests"]) tests(root["tests"], p);
    return ok();
  }

  void on_unknown(const YAML::Node& node, Policy& p) {
    std::string status;
    if (node.IsScalar()) {
      status = node.Scalar();
    } else if (mapping(node, "'on_unknown'", {"status", "reason"})) {
      if (node["status"]) string(node["status"], "'status'", status);
      if (node["reason"]) string(node["reason"], "'reason'", p.on_unknown_reason);
    } else {
      return;
    }
    if (!parse_status(status, p.on_unknown) ||
        (p.on_unknown != Status::kUnknown && p.on_unknown != Status::kFail &&
         p.on_unknown != Status::kPass)) {
      error("policy.wrong_type", node, "'on_unknown' must be unknown, fail or pass");
      return;
    }
    if (p.on_unknown != Status::kUnknown && p.on_unknown_reason.empty()) {
      error("policy.missing_field", node,
            "'on_unknown: " + status + "' needs a written reason: {status: " + status +
                ", reason: \"...\"}");
    }
  }

  void placeholders(const YAML::Node& at, const Policy& p) {
    const std::string& m = p.message;
    for (std::size_t i = m.find("{{"); i != std::string::npos; i = m.find("{{", i + 2)) {
      auto end = m.find("}}", i);
      if (end == std::string::npos) {
        error("policy.bad_placeholder", at, "unterminated '{{' in message");
        return;
      }
      std::string name = m.substr(i + 2, end - i - 2);
      static const std::set<std::string> kKnown = {"address", "element", "resource", "kind",
                                                   "source_type", "path", "value"};
      bool param = starts_with(name, "params.") && p.params.count(name.substr(7));
      if (!kKnown.count(name) && !param) {
        error("policy.bad_placeholder", at,
              "unknown placeholder '{{" + name +
                  "}}'; expected address, element, resource, kind, source_type, path, value or "
                  "params.NAME");
      }
    }
  }

  void tests(const YAML::Node& node, Policy& p) {
    if (!node.IsSequence()) {
      error("policy.wrong_type", node, "'tests' must be a list of test cases");
      return;
    }
    for (const auto& t : node) {
      if (!mapping(t, "a test case", {"name", "terraform", "cloudformation", "file", "params", "expect"})) {
        continue;
      }
      PolicyTest test;
      test.pos = pos_of(t);
      if (!t["name"] || !string(t["name"], "'name'", test.name)) {
        error("policy.missing_field", t, "a test case needs a 'name'");
        continue;
      }
      int inputs = (t["terraform"] ? 1 : 0) + (t["cloudformation"] ? 1 : 0) + (t["file"] ? 1 : 0);
      if (inputs != 1) {
        error("policy.wrong_type", t,
              "test '" + test.name + "' needs exactly one input: terraform, cloudformation or file");
        continue;
      }
      for (const char* form : {"terraform", "cloudformation"}) {
        if (!t[form]) continue;
        test.source = t[form].IsScalar() ? t[form].Scalar() : emit(t[form]);
      }
      if (t["terraform"]) {
        test.format = "terraform";
        const YAML::Node& in = t["terraform"];
        if (in.IsScalar()) {
          test.input = in.Scalar();
        } else if (in.IsMap()) {
          std::string why;
          if (!synthesise_plan(in, &test.input, why)) {
            error("policy.bad_test_input", in, "test '" + test.name + "': " + why);
            continue;
          }
        } else {
          error("policy.wrong_type", in, "'terraform' must be plan JSON text or a mapping of resources");
          continue;
        }
      } else if (t["cloudformation"]) {
        test.format = "cloudformation";
        const YAML::Node& in = t["cloudformation"];
        if (in.IsScalar()) {
          test.input = in.Scalar();
        } else {
          test.input = emit(in);
        }
      } else {
        string(t["file"], "'file'", test.file);
        fs::path base = fs::path(file_).parent_path();
        if (!test.file.empty() && fs::path(test.file).is_relative() && !fs::exists(test.file) &&
            fs::exists(base / test.file)) {
          test.file = (base / test.file).string();
        }
      }
      if (t["params"] && mapping(t["params"], "'params'", {})) {
        for (const auto& kv : t["params"]) {
          YAML::Emitter e;
          e << kv.second;
          test.params[kv.first.Scalar()] = e.c_str();
          if (!p.params.count(kv.first.Scalar())) {
            error("policy.unknown_param", kv.first, "'" + kv.first.Scalar() + "' is not declared under params");
          }
        }
      }
      if (!t["expect"] || !t["expect"].IsMap() || t["expect"].size() == 0) {
        error("policy.missing_field", t,
              "test '" + test.name + "' needs 'expect': a mapping of resource address to status");
        continue;
      }
      for (const auto& kv : t["expect"]) {
        Status s;
        if (!kv.second.IsScalar() || !parse_status(kv.second.Scalar(), s)) {
          error("policy.wrong_type", kv.second, "expected status must be pass, fail, unknown, skip or suppressed");
          continue;
        }
        test.expect.emplace_back(kv.first.Scalar(), s);
      }
      p.tests.push_back(std::move(test));
    }
  }

 private:
  std::string file_;
  const Limits& limits_;
  Diagnostics& diags_;
  bool with_tests_;  // the `tests` entry is read (else ignored, whatever it holds)
  int errors_ = 0;
  std::set<std::string> params_;
};

}  // namespace

bool load_policy(const std::string& text, const std::string& file, const Limits& limits,
                 Policy& out, Diagnostics& diags, bool with_tests) {
  Loader loader(file, limits, diags, with_tests);
  if (text.size() > limits.policy_file_size) {
    loader.error(limit_code("policy_file_size"), SourcePos{1, 1, ""},
                 "policy file is " + std::to_string(text.size()) + " bytes " +
                     limit_note("policy_file_size", limits.policy_file_size));
    return false;
  }
  if (std::size_t bad = first_invalid_utf8(text); bad != std::string::npos) {
    uint32_t line = 1 + static_cast<uint32_t>(
                            std::count(text.begin(), text.begin() + static_cast<long>(bad), '\n'));
    std::size_t start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
    uint32_t column = static_cast<uint32_t>(
        (start == std::string::npos || bad == 0) ? bad + 1 : bad - start);
    loader.error("policy.yaml_syntax", SourcePos{line, column, ""},
                 "invalid UTF-8; policy files are UTF-8 text");
    return false;
  }
  // Without its tests, the file is read with the `tests:` entry's value blanked, if that can be
  // found (see tests_entry.h) and the parser agrees that the key is a top-level one.
  std::optional<TestsEntry> entry;
  if (!with_tests) entry = find_tests_entry(text);
  YAML::Node root;
  try {
    if (entry) {
      try {
        root = YAML::Load(blank_tests_entry(text, *entry));
        if (!kept_tests_key(root, *entry)) entry.reset();
      } catch (const YAML::Exception&) {
        entry.reset();
      }
    }
    if (!entry) root = YAML::Load(text);
  } catch (const YAML::DeepRecursion& deep) {
    loader.error(limit_code("depth"),
                 SourcePos{static_cast<uint32_t>(deep.mark.line + 1),
                           static_cast<uint32_t>(deep.mark.column + 1), ""},
                 "nesting deeper than the YAML parser accepts (about 500 levels); policy files "
                 "are held to the default limits");
    return false;
  } catch (const YAML::Exception& ex) {
    loader.error("policy.yaml_syntax",
                 SourcePos{static_cast<uint32_t>(ex.mark.line + 1),
                           static_cast<uint32_t>(ex.mark.column + 1), ""},
                 "invalid YAML: " + ex.msg);
    return false;
  }
  // The YAML structure of a policy file is held to the default limits: the ones a scan sets are
  // for its inputs, and a policy file is already small (policy_file_size).
  std::vector<YamlProblem> problems;
  if (!check_yaml_limits(root, Limits{}, problems)) {
    for (const YamlProblem& p : problems) {
      std::string message = p.message;
      auto note = message.find("; raise it with --limit");
      if (note != std::string::npos) message.replace(note, std::string::npos, "; fixed for policy files)");
      loader.error(limit_code(p.limit), SourcePos{p.line, p.column, p.pointer}, message);
    }
    return false;
  }
  out = Policy{};
  out.file = file;
  try {
    return loader.policy(root, out) && loader.ok();
  } catch (const YAML::Exception& ex) {
    loader.error("policy.yaml_syntax",
                 SourcePos{static_cast<uint32_t>(ex.mark.line + 1),
                           static_cast<uint32_t>(ex.mark.column + 1), ""},
                 "invalid YAML: " + ex.msg);
    return false;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& ex) {  // e.g. text no JSON document can hold, in a test plan
    loader.error("policy.yaml_syntax", SourcePos{1, 1, ""},
                 std::string("cannot read the policy: ") + ex.what());
    return false;
  }
}

namespace {

// One policy file, unless it is over the size limit (then not read at all).
void load_file(const fs::path& f, const Limits& limits, std::vector<Policy>& out,
               Diagnostics& diags, bool with_tests) {
  std::error_code size_error;
  uint64_t size = fs::file_size(f, size_error);
  if (!size_error && size > limits.policy_file_size) {
    Diagnostic d;
    d.code = limit_code("policy_file_size");
    d.message = "policy file is " + std::to_string(size) + " bytes " +
                limit_note("policy_file_size", limits.policy_file_size);
    d.location.file = f.generic_string();
    d.location.line = 1;
    d.location.column = 1;
    diags.push_back(std::move(d));
    return;
  }
  std::ifstream in(f, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  Policy p;
  if (load_policy(ss.str(), f.generic_string(), limits, p, diags, with_tests)) {
    out.push_back(std::move(p));
  }
}

}  // namespace

void load_directory(const std::string& dir, const Limits& limits, std::vector<Policy>& out,
                    Diagnostics& diags, unsigned threads, bool with_tests) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    Diagnostic d;
    d.code = "policy.unreadable";
    d.message = "policy directory not found";
    d.location.file = dir;
    diags.push_back(std::move(d));
    return;
  }
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    auto ext = it->path().extension();
    if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  // Loads files[first, last) into `into`, in order.
  auto load = [&](std::size_t first, std::size_t last, std::vector<Policy>& into,
                  Diagnostics& notes) {
    for (std::size_t i = first; i < last; ++i) {
      load_file(files[i], limits, into, notes, with_tests);
    }
  };
  if (threads < 2 || files.size() < 2) {
    load(0, files.size(), out, diags);
    return;
  }
  // Two halves at once (yaml-cpp's scanner is most of a small scan's time), joined in order.
  std::size_t half = files.size() / 2;
  std::vector<Policy> second;
  Diagnostics second_notes;
  run_both([&] { load(0, half, out, diags); },
           [&] { load(half, files.size(), second, second_notes); });
  out.insert(out.end(), std::make_move_iterator(second.begin()),
             std::make_move_iterator(second.end()));
  diags.insert(diags.end(), std::make_move_iterator(second_notes.begin()),
               std::make_move_iterator(second_notes.end()));
}

PolicySet make_policy_set(std::vector<Policy> policies, Diagnostics& diags) {
  std::vector<Policy> unique;
  std::set<std::string> ids;
  for (auto& p : policies) {
    if (!ids.insert(p.id).second) {
      Diagnostic d;
      d.code = "policy.duplicate_id";
      d.message = "policy id '" + p.id + "' is already used by another loaded policy";
      d.location = Location(p.file, p.pos);
      diags.push_back(std::move(d));
      continue;
    }
    unique.push_back(std::move(p));
  }
  return PolicySet(std::move(unique));
}

bool parse_param_value(const std::string& text, Value& out) {
  try {
    out = yaml_to_value(YAML::Load(text));
    return true;
  } catch (const YAML::Exception&) {
    return false;
  }
}

}  // namespace ecsguard::policy
