// The string and list intrinsics: Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::Base64,
// Fn::Length, Fn::ToJsonString (Fn::Cidr is in cidr.cc). Strings built from partly unknown values
// keep their known parts (see evaluator.h).
#include <cstdint>
#include <cstdlib>

#include "cloudformation/evaluator.h"

namespace ecsguard::cloudformation {

namespace {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Appends a literal or a hole, merging adjacent literals.
void append(std::vector<Part>& parts, Part p) {
  if (p.known && p.text.empty()) return;
  if (p.known && !parts.empty() && parts.back().known) {
    parts.back().text += p.text;
    return;
  }
  parts.push_back(std::move(p));
}

bool contains_unknown(const Value& v) {
  if (v.is_unknown()) return true;
  for (const auto& item : v.items()) {
    if (contains_unknown(item)) return true;
  }
  return false;
}

bool as_index(const Value& v, std::size_t& out) {
  std::string text;
  if (!scalar_text(v, text) || v.is_bool() || text.empty() || text.size() > 9) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  out = static_cast<std::size_t>(std::strtoul(text.c_str(), nullptr, 10));
  return true;
}

std::string base64_encode(std::string_view in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16) |
                 (static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8) |
                 static_cast<uint32_t>(static_cast<unsigned char>(in[i + 2]));
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(n >> s) & 63];
  }
  std::size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t n = static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16;
    if (rest == 2) n |= static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

Evaluator::Result Evaluator::sub(const JNode& arg, const SourcePos& at, const std::string& p,
                                 std::size_t depth) {
  const char* expected = "a string, or [string, {variable: value}]";
  const JNode* text = &arg;
  const JNode* vars = nullptr;
  if (arg.is_array()) {
    if (arg.items.size() != 2 || !arg.items[0].is_string() || !arg.items[1].is_object()) {
      return bad_arguments("Fn::Sub", expected, arg, at);
    }
    text = &arg.items[0];
    vars = &arg.items[1];
  } else if (!arg.is_string()) {
    return bad_arguments("Fn::Sub", expected, arg, at);
  }
  auto resolve = [&](const std::string& name) -> Result {
    if (vars != nullptr) {
      for (std::size_t i = 0; i < vars->keys.size(); ++i) {
        if (vars->keys[i] == name) {
          return eval(vars->items[i], pointer_append(pointer_append(p, 1), name), depth);
        }
      }
    }
    if (params_.defines(name)) {
      Result r{params_.ref(name, at), {}};
      if (r.value.is_unknown()) r.trace.parts.push_back(Part{false, std::string(r.value.reason())});
      return r;
    }
    if (resources_.count(name) != 0) return resource_ref(name, "Ref " + name, at);
    auto dot = name.find('.');
    if (dot != std::string::npos && resources_.count(name.substr(0, dot)) != 0) {
      return resource_ref(name.substr(0, dot), "Fn::GetAtt " + name, at);
    }
    problem("cfn.ref.undefined",
            "Fn::Sub refers to ${" + name +
                "}, which is not a variable, parameter, pseudo parameter or resource; write "
                "${!" +
                name + "} for a literal",
            at);
    return unknown("Fn::Sub variable " + name + " is undefined", at);
  };

  Result r;
  std::vector<Part> parts;
  bool sensitive = false;
  const std::string& s = text->text;
  std::string literal;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] != '$' || i + 1 >= s.size() || s[i + 1] != '{') {
      literal += s[i++];
      continue;
    }
    if (i + 2 < s.size() && s[i + 2] == '!') {  // ${!Literal} is the text ${Literal}
      literal += "${";
      i += 3;
      continue;
    }
    auto close = s.find('}', i + 2);
    if (close == std::string::npos) {
      problem("cfn.intrinsic.bad_arguments",
              "Fn::Sub: \"${\" at offset " + std::to_string(i) +
                  " has no closing \"}\"; write ${!...} for a literal",
              at);
      return unknown("invalid Fn::Sub", at);
    }
    std::string name = trim(std::string_view(s).substr(i + 2, close - i - 2));
    i = close + 1;
    append(parts, Part{true, std::move(literal)});
    literal.clear();
    Result v = resolve(name);
    merge(r.trace, v.trace);
    std::string piece;
    if (v.value.is_absent()) continue;
    if (scalar_text(v.value, piece)) {
      sensitive = sensitive || v.value.sensitive();
      append(parts, Part{true, piece});
    } else if (v.value.is_unknown()) {
      if (v.trace.parts.empty()) {
        append(parts, Part{false, std::string(v.value.reason())});
      } else {
        for (const auto& part : v.trace.parts) append(parts, part);
      }
    } else {
      problem("cfn.intrinsic.bad_arguments",
              "Fn::Sub: ${" + name + "} is a list or object; expected a string", at);
      append(parts, Part{false, "invalid Fn::Sub variable " + name});
    }
  }
  append(parts, Part{true, std::move(literal)});
  bool known = true;
  for (const auto& part : parts) known = known && part.known;
  if (known) {
    r.value = Value::string(parts.empty() ? std::string() : parts[0].text);
    if (sensitive) r.value.set_sensitive(true);
    r.value.set_pos(at);
    return r;
  }
  for (const auto& part : parts) {
    if (!part.known) {
      r.value = Value::unknown(part.text);
      break;
    }
  }
  r.value.set_pos(at);
  r.trace.parts = std::move(parts);
  return r;
}

Evaluator::Result Evaluator::join(const JNode& arg, const SourcePos& at, const std::string& p,
                                  std::size_t depth) {
  const char* expected = "[delimiter, list of strings]";
  if (!arg.is_array() || arg.items.size() != 2 || !arg.items[0].is_string()) {
    return bad_arguments("Fn::Join", expected, arg, at);
  }
  const std::string& delimiter = arg.items[0].text;
  Result list = eval(arg.items[1], pointer_append(p, 1), depth);
  if (list.value.is_unknown()) {
    Result r = unknown(std::string(list.value.reason()), at);
    merge(r.trace, list.trace);
    return r;
  }
  if (!list.value.is_list()) return bad_arguments("Fn::Join", expected, arg, at);
  Result r;
  r.trace = list.trace;
  r.trace.parts.clear();
  std::vector<Part> parts;
  bool first = true;
  bool sensitive = false;
  for (const Value& item : list.value.items()) {
    std::string text;
    if (!first) append(parts, Part{true, delimiter});
    first = false;
    if (scalar_text(item, text)) {
      sensitive = sensitive || item.sensitive();
      append(parts, Part{true, text});
    } else if (item.is_unknown()) {
      const auto* known_parts = this->parts(item);
      if (known_parts == nullptr) {
        append(parts, Part{false, std::string(item.reason())});
      } else {
        for (const auto& part : *known_parts) append(parts, part);
      }
    } else if (!item.is_null()) {
      return bad_arguments("Fn::Join", expected, arg.items[1], at);
    }
  }
  bool known = true;
  for (const auto& part : parts) known = known && part.known;
  if (known) {
    r.value = Value::string(parts.empty() ? std::string() : parts[0].text);
    if (sensitive) r.value.set_sensitive(true);
  } else {
    for (const auto& part : parts) {
      if (!part.known) {
        r.value = Value::unknown(part.text);
        break;
      }
    }
    r.trace.parts = std::move(parts);
  }
  r.value.set_pos(at);
  return r;
}

Evaluator::Result Evaluator::select(const JNode& arg, const SourcePos& at, const std::string& p,
                                    std::size_t depth) {
  const char* expected = "[index, list]";
  if (!arg.is_array() || arg.items.size() != 2)
    return bad_arguments("Fn::Select", expected, arg, at);
  Result index = eval(arg.items[0], pointer_append(p, 0), depth);
  Result list = eval(arg.items[1], pointer_append(p, 1), depth);
  if (index.value.is_unknown() || list.value.is_unknown()) {
    const Value& undecided = index.value.is_unknown() ? index.value : list.value;
    Result r = unknown(std::string(undecided.reason()), at);
    merge(r.trace, index.trace);
    merge(r.trace, list.trace);
    return r;
  }
  std::size_t i = 0;
  if (!as_index(index.value, i) || !list.value.is_list()) {
    return bad_arguments("Fn::Select", expected, arg, at);
  }
  if (i >= list.value.size()) {
    problem("cfn.intrinsic.bad_arguments",
            "Fn::Select index " + std::to_string(i) + " is out of range for a list of " +
                std::to_string(list.value.size()) + " items",
            at);
    return unknown("Fn::Select index out of range", at);
  }
  const Value& item = list.value.items()[i];
  return Result{item, trace_of(item)};
}

Evaluator::Result Evaluator::split(const JNode& arg, const SourcePos& at, const std::string& p,
                                   std::size_t depth) {
  const char* expected = "[delimiter, string]";
  if (!arg.is_array() || arg.items.size() != 2 || !arg.items[0].is_string() ||
      arg.items[0].text.empty()) {
    return bad_arguments("Fn::Split", expected, arg, at);
  }
  Result source = eval(arg.items[1], pointer_append(p, 1), depth);
  if (source.value.is_unknown()) {
    Result r = unknown(std::string(source.value.reason()), at);
    merge(r.trace, source.trace);
    return r;
  }
  std::string text;
  if (!scalar_text(source.value, text)) return bad_arguments("Fn::Split", expected, arg, at);
  const std::string& delimiter = arg.items[0].text;
  Result r;
  r.value = Value::list();
  std::size_t start = 0;
  for (;;) {
    auto end = text.find(delimiter, start);
    Value piece = Value::string(
        text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    piece.set_pos(at);
    piece.set_sensitive(source.value.sensitive());
    r.value.push_back(std::move(piece));
    if (end == std::string::npos) break;
    start = end + delimiter.size();
  }
  r.value.set_pos(at);
  return r;
}

Evaluator::Result Evaluator::base64(const JNode& arg, const SourcePos& at, const std::string& p,
                                    std::size_t depth) {
  Result in = eval(arg, p, depth);
  if (in.value.is_unknown()) {
    Result r = unknown(std::string(in.value.reason()), at);
    merge(r.trace, in.trace);
    return r;
  }
  std::string text;
  if (!scalar_text(in.value, text)) return bad_arguments("Fn::Base64", "a string", arg, at);
  Result r{Value::string(base64_encode(text)), {}};
  r.value.set_sensitive(in.value.sensitive());
  r.value.set_pos(at);
  return r;
}

Evaluator::Result Evaluator::length(const JNode& arg, const SourcePos& at, const std::string& p,
                                    std::size_t depth) {
  Result in = eval(arg, p, depth);
  if (in.value.is_unknown()) {
    Result r = unknown(std::string(in.value.reason()), at);
    merge(r.trace, in.trace);
    return r;
  }
  if (!in.value.is_list()) return bad_arguments("Fn::Length", "a list", arg, at);
  Result r{Value::number(static_cast<double>(in.value.size())), {}};
  r.value.set_pos(at);
  return r;
}

Evaluator::Result Evaluator::to_json_string(const JNode& arg, const SourcePos& at,
                                            const std::string& p, std::size_t depth) {
  Result in = eval(arg, p, depth);
  if (contains_unknown(in.value)) {
    Result r = unknown(
        in.value.is_unknown() ? std::string(in.value.reason())
                              : "Fn::ToJsonString of a partly unknown value",
        at);
    merge(r.trace, in.trace);
    return r;
  }
  if (!in.value.is_list() && !in.value.is_map()) {
    return bad_arguments("Fn::ToJsonString", "an object or a list", arg, at);
  }
  Result r{Value::string(in.value.to_json()), {}};
  r.value.set_pos(at);
  return r;
}

}  // namespace ecsguard::cloudformation
