#include "read/yaml.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <tuple>
#include <unordered_set>

#include "core/strings.h"

namespace ecsguard {

namespace {

constexpr std::size_t kMaxProblems = 20;
constexpr std::string_view kCoreTag = "tag:yaml.org,2002:";

bool matches_any(const std::string& s, std::initializer_list<const char*> words) {
  for (const char* w : words) {
    if (s == w) return true;
  }
  return false;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Decimal integers and floats without leading zeros; nothing else is a number.
bool is_decimal_number(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  std::string_view mantissa = s.substr(0, s.find_first_of("eE"));
  std::string_view exponent =
      mantissa.size() < s.size() ? s.substr(mantissa.size() + 1) : std::string_view();
  auto dot = mantissa.find('.');
  std::string_view whole = mantissa.substr(0, dot);
  std::string_view frac =
      dot == std::string_view::npos ? std::string_view() : mantissa.substr(dot + 1);
  if (whole.empty() && frac.empty()) return false;
  if (!whole.empty() && !all_digits(whole)) return false;
  if (whole.size() > 1 && whole[0] == '0') return false;
  if (!frac.empty() && !all_digits(frac)) return false;
  if (dot != std::string_view::npos && whole.empty() && frac.empty()) return false;
  if (mantissa.size() < s.size()) {
    if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) exponent.remove_prefix(1);
    if (!all_digits(exponent)) return false;
  }
  return true;
}

// yaml-cpp quotes offending characters verbatim; keep diagnostics printable.
std::string printable(const std::string& s) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

uint32_t one_based(int v) { return static_cast<uint32_t>(v < 0 ? 0 : v) + 1; }

void locate(JNode& j, const YAML::Mark& m) {
  j.offset = static_cast<std::size_t>(m.pos < 0 ? 0 : m.pos);
  j.line = one_based(m.line);
  j.column = one_based(m.column);
}

std::string describe(YAML::NodeType::value t) {
  switch (t) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a sequence";
    default:
      return "a scalar";
  }
}

}  // namespace

void resolve_plain_scalar(const std::string& text, JNode& out) {
  out.items.clear();
  out.keys.clear();
  if (matches_any(text, {"", "~", "null", "Null", "NULL"})) {
    out.type = JNode::Type::kNull;
    return;
  }
  if (matches_any(text, {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})) {
    out.type = JNode::Type::kBool;
    out.boolean = true;
    return;
  }
  if (matches_any(text, {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})) {
    out.type = JNode::Type::kBool;
    out.boolean = false;
    return;
  }
  if (is_decimal_number(text)) {
    out.type = JNode::Type::kNumber;
    out.number = std::strtod(text.c_str(), nullptr);
    out.text = format_number(out.number);
    return;
  }
  out.type = JNode::Type::kString;
  out.text = text;
}

struct YamlDocument::Impl {
  YAML::Node root;
  YamlLimits limits;
  YamlTagMapper tags;
  mutable std::vector<YAML::Node> handles;

  // --- whole-document checks ---------------------------------------------------------------
  struct Check {
    std::vector<YamlProblem>& problems;
    std::size_t visits = 0;
    bool stopped = false;
    std::unordered_set<std::string> reported;  // "kind:line:col", aliases revisit nodes
  };

  void report(Check& c, YamlProblem::Kind kind, const YAML::Mark& m, const std::string& pointer,
              std::string message) const {
    std::string id = std::to_string(static_cast<int>(kind)) + ":" + std::to_string(m.line) + ":" +
                     std::to_string(m.column);
    if (!c.reported.insert(id).second) return;
    if (c.problems.size() >= kMaxProblems) {
      c.stopped = true;
      return;
    }
    YamlProblem p;
    p.kind = kind;
    p.line = one_based(m.line);
    p.column = one_based(m.column);
    p.pointer = pointer;
    p.message = std::move(message);
    c.problems.push_back(std::move(p));
  }

  bool tag_ok(const std::string& tag) const {
    if (tag.empty() || tag == "?" || tag == "!") return true;
    if (starts_with(tag, kCoreTag)) {
      std::string_view t = std::string_view(tag).substr(kCoreTag.size());
      return t == "str" || t == "int" || t == "float" || t == "bool" || t == "null" || t == "map" ||
             t == "seq";
    }
    return !tags(tag).empty();
  }

  void check(Check& c, const YAML::Node& n, std::size_t depth, std::string& pointer) const {
    if (c.stopped) return;
    if (++c.visits > limits.max_nodes) {
      report(c, YamlProblem::Kind::kNodes, n.Mark(), pointer,
             "the document expands to more than " + std::to_string(limits.max_nodes) +
                 " nodes (aliases count each time they are used; limit max_nodes)");
      c.stopped = true;
      return;
    }
    if (depth > limits.max_depth) {
      report(
          c, YamlProblem::Kind::kDepth, n.Mark(), pointer,
          "nesting deeper than " + std::to_string(limits.max_depth) + " levels (limit max_depth)");
      c.stopped = true;
      return;
    }
    const std::string& tag = n.Tag();
    if (!tag_ok(tag)) {
      report(c, YamlProblem::Kind::kUnknownTag, n.Mark(), pointer,
             "unknown tag '" + tag +
                 "'; expected a CloudFormation short form such as !Ref, !Sub or !GetAtt");
    }
    std::size_t base = pointer.size();
    if (n.IsSequence()) {
      std::size_t i = 0;
      for (auto it = n.begin(); it != n.end() && !c.stopped; ++it, ++i) {
        pointer += '/' + std::to_string(i);
        check(c, *it, depth + 1, pointer);
        pointer.resize(base);
      }
    } else if (n.IsMap()) {
      std::unordered_set<std::string> seen;
      for (auto it = n.begin(); it != n.end() && !c.stopped; ++it) {
        const YAML::Node key = it->first;  // a copy: it->first is a temporary
        if (!key.IsScalar()) {
          report(c, YamlProblem::Kind::kBadKey, key.Mark(), pointer,
                 "a mapping key must be a scalar, found " + describe(key.Type()));
          continue;
        }
        pointer = pointer_append(pointer, key.Scalar());
        if (!seen.insert(key.Scalar()).second) {
          report(c, YamlProblem::Kind::kDuplicateKey, key.Mark(), pointer,
                 "duplicate mapping key '" + key.Scalar() +
                     "'; each key may appear once in a mapping");
        }
        check(c, it->second, depth + 1, pointer);
        pointer.resize(base);
      }
    }
  }

  // --- conversion ----------------------------------------------------------------------------
  bool convert(const YAML::Node& n, const YAML::Mark* key_mark, JNode& out, std::size_t& budget,
               YamlProblem& problem) const {
    if (budget == 0) {
      problem.kind = YamlProblem::Kind::kNodes;
      locate(out, n.Mark());
      problem.line = out.line;
      problem.column = out.column;
      problem.message = "the document expands to more than " + std::to_string(limits.max_nodes) +
                        " nodes (limit max_nodes)";
      return false;
    }
    --budget;
    const std::string& tag = n.Tag();
    bool core = starts_with(tag, kCoreTag);
    bool local = !tag.empty() && tag != "?" && tag != "!" && !core;
    JNode inner;
    if (n.IsNull() && key_mark != nullptr) {
      locate(inner, *key_mark);
    } else {
      locate(inner, n.Mark());
    }
    if (n.IsSequence()) {
      inner.type = JNode::Type::kArray;
      inner.items.reserve(n.size());
      for (auto it = n.begin(); it != n.end(); ++it) {
        inner.items.emplace_back();
        if (!convert(*it, nullptr, inner.items.back(), budget, problem)) return false;
      }
    } else if (n.IsMap()) {
      inner.type = JNode::Type::kObject;
      for (auto it = n.begin(); it != n.end(); ++it) {
        inner.keys.push_back(it->first.IsScalar() ? it->first.Scalar() : std::string());
        inner.items.emplace_back();
        YAML::Mark km = it->first.Mark();
        if (!convert(it->second, &km, inner.items.back(), budget, problem)) return false;
      }
    } else if (n.IsScalar()) {
      const std::string& s = n.Scalar();
      std::string_view core_type = core ? std::string_view(tag).substr(kCoreTag.size()) : "";
      if (tag == "?") {
        resolve_plain_scalar(s, inner);
      } else if (core_type == "int" || core_type == "float" || core_type == "bool" ||
                 core_type == "null") {
        resolve_plain_scalar(s, inner);
        if (inner.type == JNode::Type::kString) inner.text = s;  // "!!int abc" stays text
      } else {
        inner.type = JNode::Type::kString;
        inner.text = s;
      }
    } else {
      inner.type = JNode::Type::kNull;
    }
    if (!local) {
      out = std::move(inner);
      return true;
    }
    std::string name = tags(tag);
    JNode wrapper;
    wrapper.type = JNode::Type::kObject;
    wrapper.offset = inner.offset;
    wrapper.line = inner.line;
    wrapper.column = inner.column;
    if (inner.type == JNode::Type::kNull) {  // `!Ref` with nothing after it
      inner.type = JNode::Type::kString;
    }
    wrapper.keys.push_back(name.empty() ? tag : name);
    wrapper.items.push_back(std::move(inner));
    out = std::move(wrapper);
    return true;
  }
};

YamlDocument::YamlDocument() : impl_(std::make_unique<Impl>()) {}
YamlDocument::~YamlDocument() = default;

std::unique_ptr<YamlDocument> YamlDocument::load(std::string_view data, const YamlLimits& limits,
                                                 YamlTagMapper tags,
                                                 std::vector<YamlProblem>& problems) {
  std::unique_ptr<YamlDocument> doc(new YamlDocument());
  Impl& impl = *doc->impl_;
  impl.limits = limits;
  impl.tags = std::move(tags);
  auto syntax = [&](YamlProblem::Kind kind, const YAML::Mark& m, std::string message) {
    YamlProblem p;
    p.kind = kind;
    p.line = one_based(m.line);
    p.column = one_based(m.column);
    p.message = std::move(message);
    problems.push_back(std::move(p));
    return nullptr;
  };
  try {
    impl.root = YAML::Load(std::string(data));
  } catch (const YAML::DeepRecursion& e) {
    return syntax(YamlProblem::Kind::kDepth, e.mark,
                  "nesting deeper than the YAML parser accepts (about 500 levels; ecsguard's "
                  "limit max_depth is " +
                      std::to_string(limits.max_depth) + ")");
  } catch (const YAML::Exception& e) {
    return syntax(YamlProblem::Kind::kSyntax, e.mark, "invalid YAML: " + printable(e.msg));
  } catch (const std::exception& e) {
    return syntax(YamlProblem::Kind::kSyntax, YAML::Mark(),
                  std::string("invalid YAML: ") + e.what());
  }
  Impl::Check check{problems, 0, false, {}};
  std::string pointer;
  try {
    impl.check(check, impl.root, 0, pointer);
  } catch (const std::exception& e) {
    return syntax(YamlProblem::Kind::kSyntax, YAML::Mark(),
                  std::string("invalid YAML: ") + e.what());
  }
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(),
                     [](const YamlProblem& a, const YamlProblem& b) {
                       return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
    return nullptr;
  }
  impl.handles.push_back(impl.root);
  return doc;
}

YamlDocument::Kind YamlDocument::kind(Handle h) const {
  const YAML::Node& n = impl_->handles[h];
  if (n.IsMap()) return Kind::kMap;
  if (n.IsSequence()) return Kind::kSequence;
  if (n.IsScalar()) return Kind::kScalar;
  return Kind::kNull;
}

std::vector<YamlDocument::Entry> YamlDocument::entries(Handle h) const {
  std::vector<Entry> out;
  const YAML::Node n = impl_->handles[h];
  if (!n.IsMap()) return out;
  out.reserve(n.size());
  for (auto it = n.begin(); it != n.end(); ++it) {
    Entry e;
    e.key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    e.line = one_based(it->first.Mark().line);
    e.column = one_based(it->first.Mark().column);
    e.value = impl_->handles.size();
    impl_->handles.push_back(it->second);
    out.push_back(std::move(e));
  }
  return out;
}

bool YamlDocument::to_json(Handle h, JNode& out, YamlProblem& problem) const {
  std::size_t budget = impl_->limits.max_nodes;
  try {
    return impl_->convert(impl_->handles[h], nullptr, out, budget, problem);
  } catch (const std::exception& e) {
    problem.kind = YamlProblem::Kind::kSyntax;
    problem.message = std::string("invalid YAML: ") + e.what();
    return false;
  }
}

}  // namespace ecsguard
