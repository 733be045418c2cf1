#include "cloudformation/evaluator.h"

#include <algorithm>

namespace ecsguard::cloudformation {

std::string describe(const JNode& j) {
  switch (j.type) {
    case JNode::Type::kNull:
      return "null";
    case JNode::Type::kBool:
      return "a boolean";
    case JNode::Type::kNumber:
      return "a number";
    case JNode::Type::kString:
      return "a string";
    case JNode::Type::kArray:
      return "a list of " + std::to_string(j.items.size()) +
             (j.items.size() == 1 ? " item" : " items");
    case JNode::Type::kObject:
      if (j.keys.size() == 1) return "an object with the key \"" + j.keys[0] + "\"";
      return "an object";
  }
  return "null";
}

bool scalar_text(const Value& v, std::string& out) {
  if (v.is_string() || v.is_number()) {
    out = v.text();
    return true;
  }
  if (v.is_bool()) {
    out = v.as_bool() ? "true" : "false";
    return true;
  }
  return false;
}

Evaluator::Evaluator(Document& doc, const Parameters& params, const ResourceIndex& resources,
                     const Limits& limits, Diagnostics& diags)
    : doc_(doc), params_(params), resources_(resources), limits_(limits), diags_(diags) {}

Value Evaluator::evaluate(const JNode& node, const std::string& pointer) {
  return eval(node, pointer, 0).value;
}

void Evaluator::merge(Trace& into, const Trace& from) {
  for (const auto& r : from.resources) {
    if (std::find(into.resources.begin(), into.resources.end(), r) == into.resources.end()) {
      into.resources.push_back(r);
    }
  }
}

Evaluator::Result Evaluator::record(Result r) {
  if (!r.trace.resources.empty() || !r.trace.parts.empty()) {
    const JsonPointer& p = r.value.pos().pointer;
    Trace& t = traces_[p];
    merge(t, r.trace);
    if (!r.trace.parts.empty()) t.parts = r.trace.parts;
  }
  return r;
}

Evaluator::Trace Evaluator::trace_of(const Value& v) const {
  Trace t;
  t.resources = references(v);
  if (const auto* p = parts(v)) t.parts = *p;
  return t;
}

std::vector<std::string> Evaluator::references(const Value& v) const {
  std::vector<std::string> out;
  auto walk = [&](const Value& x, const auto& self) -> void {
    if (!x.pos().pointer.empty()) {
      auto it = traces_.find(x.pos().pointer);
      if (it != traces_.end()) {
        for (const auto& r : it->second.resources) {
          if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
        }
      }
    }
    if (x.is_list() || x.is_map()) {
      for (const auto& item : x.items()) self(item, self);
    }
  };
  walk(v, walk);
  return out;
}

const std::vector<Part>* Evaluator::parts(const Value& v) const {
  if (v.is_known() && !v.is_string()) return nullptr;
  auto it = traces_.find(v.pos().pointer);
  if (it == traces_.end() || it->second.parts.empty()) return nullptr;
  return &it->second.parts;
}

void Evaluator::problem(const std::string& code, std::string message, const SourcePos& pos,
                        Severity severity) {
  std::string id =
      code + "|" + pos.pointer + "|" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
  if (!reported_.insert(id).second) return;
  diags_.push_back(make_diagnostic(code, severity, std::move(message), doc_.file(), pos));
}

Evaluator::Result Evaluator::unknown(std::string reason, const SourcePos& at) {
  Result r{Value::unknown(reason), {}};
  r.value.set_pos(at);
  r.trace.parts.push_back(Part{false, std::move(reason)});
  return r;
}

Evaluator::Result Evaluator::bad_arguments(const char* fn, const char* expected, const JNode& found,
                                           const SourcePos& at) {
  problem("cfn.intrinsic.bad_arguments",
          std::string(fn) + " expects " + expected + ", found " + describe(found), at);
  return unknown(std::string("invalid ") + fn, at);
}

Evaluator::Result Evaluator::eval(const JNode& n, const std::string& pointer, std::size_t depth) {
  SourcePos at = n.pos(pointer);
  if (depth > limits_.intrinsic_depth) {
    problem(limit_code("intrinsic_depth"),
            "intrinsic functions nest deeper than " + std::to_string(limits_.intrinsic_depth) +
                " levels " + limit_note("intrinsic_depth", limits_.intrinsic_depth),
            at, Severity::kError);
    return unknown("intrinsic functions nest too deep", at);
  }
  if (n.is_object() && n.keys.size() == 1 &&
      (n.keys[0] == "Ref" || n.keys[0].rfind("Fn::", 0) == 0)) {
    return record(call(n.keys[0], n.items[0], at, pointer_append(pointer, n.keys[0]), depth));
  }
  Result r;
  switch (n.type) {
    case JNode::Type::kObject:
      r.value = Value::map();
      r.value.reserve(n.keys.size());
      for (std::size_t i = 0; i < n.keys.size(); ++i) {
        Result c = eval(n.items[i], pointer_append(pointer, n.keys[i]), depth);
        merge(r.trace, c.trace);
        if (c.value.is_absent()) continue;  // AWS::NoValue
        r.value.set(n.keys[i], std::move(c.value));
      }
      break;
    case JNode::Type::kArray:
      r.value = Value::list();
      r.value.reserve(n.items.size());
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        Result c = eval(n.items[i], pointer_append(pointer, i), depth);
        merge(r.trace, c.trace);
        if (c.value.is_absent()) continue;
        r.value.push_back(std::move(c.value));
      }
      break;
    default:
      r.value = json_to_value(n, nullptr, pointer);
      return r;
  }
  r.value.set_pos(at);
  return r;
}

Evaluator::Result Evaluator::call(const std::string& fn, const JNode& arg, const SourcePos& at,
                                  const std::string& p, std::size_t depth) {
  ++depth;
  if (++steps_ > limits_.intrinsic_steps) {
    if (steps_ == limits_.intrinsic_steps + 1) {
      problem(limit_code("intrinsic_steps"),
              "the template needs more than " + std::to_string(limits_.intrinsic_steps) +
                  " intrinsic function evaluations; this and later ones are unknown " +
                  limit_note("intrinsic_steps", limits_.intrinsic_steps),
              at, Severity::kError);
    }
    return unknown("too many intrinsic function evaluations", at);
  }
  if (fn == "Ref") return ref(arg, at);
  if (fn == "Fn::GetAtt") return get_att(arg, at, p, depth);
  if (fn == "Fn::Sub") return sub(arg, at, p, depth);
  if (fn == "Fn::Join") return join(arg, at, p, depth);
  if (fn == "Fn::Select") return select(arg, at, p, depth);
  if (fn == "Fn::Split") return split(arg, at, p, depth);
  if (fn == "Fn::If") return if_(arg, at, p, depth);
  if (fn == "Fn::FindInMap") return find_in_map(arg, at, p, depth);
  if (fn == "Fn::Base64") return base64(arg, at, p, depth);
  if (fn == "Fn::Cidr") return cidr(arg, at, p, depth);
  if (fn == "Fn::Length") return length(arg, at, p, depth);
  if (fn == "Fn::ToJsonString") return to_json_string(arg, at, p, depth);
  if (fn == "Fn::Equals" || fn == "Fn::And" || fn == "Fn::Or" || fn == "Fn::Not") {
    JNode whole;
    whole.type = JNode::Type::kObject;
    whole.keys.push_back(fn);
    whole.items.push_back(arg);
    whole.line = at.line;
    whole.column = at.column;
    Truth t = eval_condition(whole, at.pointer.str(), depth);
    if (t.state == Truth::State::kUnknown) return unknown(t.reason, at);
    Result r{Value::boolean(t.state == Truth::State::kTrue), {}};
    r.value.set_pos(at);
    return r;
  }
  if (fn == "Fn::ImportValue") {
    Result name = eval(arg, p, depth);
    std::string text;
    Result r = unknown(scalar_text(name.value, text)
                           ? "Fn::ImportValue " + text + ": exported by another stack"
                           : "Fn::ImportValue: exported by another stack",
                       at);
    merge(r.trace, name.trace);
    return r;
  }
  if (fn == "Fn::GetAZs") {
    eval(arg, p, depth);
    return unknown("Fn::GetAZs: the region's availability zones are only known at deployment", at);
  }
  if (fn == "Fn::Transform") {
    return unknown("Fn::Transform: the macro's output is only known at deployment", at);
  }
  if (fn.rfind("Fn::ForEach", 0) == 0) {
    problem("cfn.intrinsic.unsupported",
            fn + " (AWS::LanguageExtensions) is not evaluated; the value is unknown", at,
            Severity::kWarning);
    return unknown(fn + " is not evaluated", at);
  }
  problem("cfn.intrinsic.unknown_function",
          "unknown intrinsic function \"" + fn +
              "\"; expected Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, "
              "Fn::FindInMap, Fn::ImportValue, Fn::Base64, Fn::Cidr or Fn::GetAZs",
          at);
  return unknown("unknown function " + fn, at);
}

Evaluator::Result Evaluator::resource_ref(const std::string& id, const std::string& what,
                                          const SourcePos& at) {
  Result r = unknown("known after deployment: " + what, at);
  r.trace.resources.push_back(id);
  return r;
}

Evaluator::Result Evaluator::ref(const JNode& arg, const SourcePos& at) {
  if (!arg.is_string()) return bad_arguments("Ref", "the name of a parameter or resource", arg, at);
  const std::string& name = arg.text;
  if (params_.defines(name)) {
    Result r{params_.ref(name, at), {}};
    if (r.value.is_unknown()) r.trace.parts.push_back(Part{false, std::string(r.value.reason())});
    return r;
  }
  auto res = resources_.find(name);
  if (res != resources_.end()) return resource_ref(name, "Ref " + name, at);
  problem("cfn.ref.undefined",
          "Ref to \"" + name +
              "\", which is not a parameter, pseudo parameter or resource of "
              "this template",
          at);
  return unknown("Ref to undefined " + name, at);
}

Evaluator::Result Evaluator::get_att(const JNode& arg, const SourcePos& at, const std::string& p,
                                     std::size_t depth) {
  const char* expected = "[logical ID, attribute name] or \"LogicalId.Attribute\"";
  std::string id;
  std::string attribute;
  if (arg.is_string()) {
    auto dot = arg.text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == arg.text.size()) {
      return bad_arguments("Fn::GetAtt", expected, arg, at);
    }
    id = arg.text.substr(0, dot);
    attribute = arg.text.substr(dot + 1);
  } else if (arg.is_array() && arg.items.size() == 2 && arg.items[0].is_string()) {
    id = arg.items[0].text;
    Result a = eval(arg.items[1], pointer_append(p, 1), depth);
    if (!a.value.is_string()) {
      if (a.value.is_known()) return bad_arguments("Fn::GetAtt", expected, arg, at);
      attribute = "?";
    } else {
      attribute = a.value.text();
    }
  } else {
    return bad_arguments("Fn::GetAtt", expected, arg, at);
  }
  if (resources_.count(id) == 0) {
    problem("cfn.ref.undefined",
            "Fn::GetAtt of \"" + id + "\", which is not a resource of this template", at);
    return unknown("Fn::GetAtt of undefined " + id, at);
  }
  return resource_ref(id, "Fn::GetAtt " + id + "." + attribute, at);
}

Evaluator::Result Evaluator::if_(const JNode& arg, const SourcePos& at, const std::string& p,
                                 std::size_t depth) {
  if (!arg.is_array() || arg.items.size() != 3 || !arg.items[0].is_string()) {
    return bad_arguments("Fn::If", "[condition name, value if true, value if false]", arg, at);
  }
  const std::string& name = arg.items[0].text;
  Truth t = condition(name, arg.items[0].pos(pointer_append(p, 0)));
  if (t.state == Truth::State::kTrue) return eval(arg.items[1], pointer_append(p, 1), depth);
  if (t.state == Truth::State::kFalse) return eval(arg.items[2], pointer_append(p, 2), depth);
  Result a = eval(arg.items[1], pointer_append(p, 1), depth);
  Result b = eval(arg.items[2], pointer_append(p, 2), depth);
  Result r = unknown("depends on condition " + name + ": " + t.reason, at);
  merge(r.trace, a.trace);
  merge(r.trace, b.trace);
  return r;
}

Evaluator::Result Evaluator::find_in_map(const JNode& arg, const SourcePos& at,
                                         const std::string& p, std::size_t depth) {
  const char* expected = "[map name, top-level key, second-level key]";
  if (!arg.is_array() || arg.items.size() < 3 || arg.items.size() > 4) {
    return bad_arguments("Fn::FindInMap", expected, arg, at);
  }
  std::string keys[3];
  Trace trace;
  for (std::size_t i = 0; i < 3; ++i) {
    Result k = eval(arg.items[i], pointer_append(p, i), depth);
    merge(trace, k.trace);
    if (k.value.is_unknown()) {
      Result r = unknown(std::string(k.value.reason()), at);
      merge(r.trace, trace);
      return r;
    }
    if (!scalar_text(k.value, keys[i])) return bad_arguments("Fn::FindInMap", expected, arg, at);
  }
  const JNode* fallback = nullptr;
  if (arg.items.size() == 4) {
    const JNode& opts = arg.items[3];
    fallback = opts.is_object() ? opts.get("DefaultValue") : nullptr;
    if (fallback == nullptr) {
      return bad_arguments("Fn::FindInMap", "an optional fourth argument {DefaultValue: ...}", opts,
                           at);
    }
  }
  const Member* map = doc_.find(Section::kMappings, keys[0]);
  const JNode* root = map != nullptr ? doc_.value(*map) : nullptr;
  const JNode* top = root != nullptr ? root->get(keys[1]) : nullptr;
  const JNode* value = top != nullptr ? top->get(keys[2]) : nullptr;
  if (value == nullptr) {
    if (fallback != nullptr)
      return eval(*fallback, pointer_append(pointer_append(p, 3), "DefaultValue"), depth);
    std::string where =
        map == nullptr   ? "there is no mapping \"" + keys[0] + "\""
        : top == nullptr ? "mapping " + keys[0] + " has no key \"" + keys[1] + "\""
                         : "mapping " + keys[0] + "." + keys[1] + " has no key \"" + keys[2] + "\"";
    problem("cfn.mapping.missing_key", "Fn::FindInMap: " + where, at);
    return unknown("Fn::FindInMap " + keys[0] + "." + keys[1] + "." + keys[2] + " is not defined",
                   at);
  }
  std::string pointer = "/Mappings";
  for (const auto& k : keys) pointer = pointer_append(pointer, k);
  return eval(*value, pointer, depth);
}

}  // namespace ecsguard::cloudformation
