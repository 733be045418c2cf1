#include "read/yaml.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
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
    double d = std::strtod(text.c_str(), nullptr);
    // Out of range ("1e999") stays the text it is; integers past 2^53 keep their digits, which a
    // double would round.
    if (std::isfinite(d)) {
      out.type = JNode::Type::kNumber;
      out.number = d;
      out.text = std::fabs(d) < 9007199254740992.0 ? format_number(d) : text;
      return;
    }
  }
  out.type = JNode::Type::kString;
  out.text = text;
}

// The 1-based line of a document marker that starts a second document, or 0. A "---" or "..."
// at the start of a line is always a marker (it ends even a block scalar), so a text scan is
// exact: the first "---" may open the only document; any marker after content starts another.
static std::size_t second_document_line(std::string_view data) {
  // Whether a line, or the part of it after a marker, holds something other than a comment.
  auto has_content = [](std::string_view t) {
    auto f = t.find_first_not_of(" \t\r");
    return f != std::string_view::npos && t[f] != '#';
  };
  bool content = false;  // the first document has started
  std::size_t line = 0;
  for (std::size_t start = 0; start < data.size(); ++line) {
    std::size_t end = std::min(data.find('\n', start), data.size());
    std::string_view text = data.substr(start, end - start);
    start = end + 1;
    bool marker = (text.rfind("---", 0) == 0 || text.rfind("...", 0) == 0) &&
                  (text.size() == 3 || text[3] == ' ' || text[3] == '\t' || text[3] == '\r');
    if (!marker) {
      content = content || has_content(text);
      continue;
    }
    if (!content) {  // the opening marker, perhaps with the document's first value after it
      content = has_content(text.substr(3));
      continue;
    }
    if (text[0] == '-') return line + 1;
    // "..." ends the document: anything but comments after it is another document.
    return start < data.size() && has_content(data.substr(start)) ? line + 2 : 0;
  }
  return 0;
}

static std::string hex_byte(char c) {
  static const char* kDigits = "0123456789abcdef";
  auto b = static_cast<unsigned char>(c);
  return std::string("0x") + kDigits[b >> 4] + kDigits[b & 0xf];
}

struct YamlDocument::Impl {
  YAML::Node root;
  Limits limits;
  YamlTagMapper tags;
  mutable std::vector<YAML::Node> handles;

  // --- whole-document checks ---------------------------------------------------------------
  struct Check {
    Check(std::vector<YamlProblem>& p, const Deadline& d) : problems(p), deadline(d) {}
    std::vector<YamlProblem>& problems;
    const Deadline& deadline;
    std::size_t visits = 0;
    std::size_t alias_visits = 0;
    long furthest = -1;  // source offset of the furthest node seen so far
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

  // Reports an exceeded limit and stops the check.
  void over_limit(Check& c, const YAML::Node& n, const std::string& pointer, const char* name,
                  uint64_t value, const std::string& what) const {
    report(c, YamlProblem::Kind::kLimit, n.Mark(), pointer, what + " " + limit_note(name, value));
    if (!c.problems.empty() && c.problems.back().kind == YamlProblem::Kind::kLimit) {
      c.problems.back().limit = name;
    }
    c.stopped = true;
  }

  // Walking a tree in document order, every node starts after the ones before it, except
  // those reached through an alias: they start before the furthest node seen.
  bool through_alias(Check& c, const YAML::Node& n) const {
    long pos = static_cast<long>(n.Mark().pos);
    if (pos < 0) return false;  // no position (an empty value)
    if (pos < c.furthest) return true;
    c.furthest = pos;
    return false;
  }

  void check(Check& c, const YAML::Node& n, std::size_t depth, std::string& pointer) const {
    if (c.stopped) return;
    if (++c.visits > limits.nodes) {
      return over_limit(c, n, pointer, "nodes", limits.nodes,
                        "the document expands to more than " + std::to_string(limits.nodes) +
                            " nodes (aliases count each time they are used)");
    }
    if (through_alias(c, n) && ++c.alias_visits > limits.alias_expansion) {
      return over_limit(c, n, pointer, "alias_expansion", limits.alias_expansion,
                        "aliases expand to more than " + std::to_string(limits.alias_expansion) +
                            " nodes");
    }
    if (depth > limits.depth) {
      return over_limit(c, n, pointer, "depth", limits.depth,
                        "nesting deeper than " + std::to_string(limits.depth) + " levels");
    }
    if (n.IsScalar() && n.Scalar().size() > limits.string_length) {
      return over_limit(c, n, pointer, "string_length", limits.string_length,
                        "a scalar of " + std::to_string(n.Scalar().size()) + " bytes");
    }
    if ((c.visits & 0xfff) == 0 && c.deadline.passed()) {
      return over_limit(c, n, pointer, "time_ms", limits.time_ms,
                        "reading took longer than " + std::to_string(limits.time_ms) + " ms");
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
        if (key.Scalar() == "<<" && (key.Tag() == "?" || key.Tag() == "tag:yaml.org,2002:merge")) {
          report(c, YamlProblem::Kind::kMergeKey, key.Mark(), pointer,
                 "a YAML merge key (<<); CloudFormation does not merge mappings, write the "
                 "members out");
        }
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
      problem.kind = YamlProblem::Kind::kLimit;
      problem.limit = "nodes";
      locate(out, n.Mark());
      problem.line = out.line;
      problem.column = out.column;
      problem.message = "the document expands to more than " + std::to_string(limits.nodes) +
                        " nodes " + limit_note("nodes", limits.nodes);
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

bool check_yaml_limits(const YAML::Node& root, const Limits& limits,
                       std::vector<YamlProblem>& problems) {
  YamlDocument::Impl impl;
  impl.limits = limits;
  impl.tags = [](std::string_view tag) { return std::string(tag); };
  const Deadline never;
  YamlDocument::Impl::Check check{problems, never};
  std::string pointer;
  std::size_t before = problems.size();
  impl.check(check, root, 0, pointer);
  // Only the limits: duplicate keys and the like are the caller's to judge.
  problems.erase(std::remove_if(problems.begin() + static_cast<std::ptrdiff_t>(before),
                                problems.end(),
                                [](const YamlProblem& p) { return p.kind != YamlProblem::Kind::kLimit; }),
                 problems.end());
  return problems.size() == before;
}

YamlDocument::YamlDocument() : impl_(std::make_unique<Impl>()) {}
YamlDocument::~YamlDocument() = default;

std::unique_ptr<YamlDocument> YamlDocument::load(std::string_view data, const Limits& limits,
                                                 const Deadline& deadline, YamlTagMapper tags,
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
  if (std::size_t bad = first_invalid_utf8(data); bad != std::string_view::npos) {
    YAML::Mark m;
    m.pos = static_cast<int>(bad);
    m.line = static_cast<int>(std::count(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
    std::size_t line_start = data.rfind('\n', bad == 0 ? 0 : bad - 1);
    m.column = static_cast<int>(line_start == std::string_view::npos || bad == 0 ? bad : bad - line_start - 1);
    return syntax(YamlProblem::Kind::kSyntax, m,
                  "invalid UTF-8 (byte " + hex_byte(data[bad]) + "); YAML documents are UTF-8");
  }
  try {
    // Not YAML::LoadAll: on some malformed input (NUL bytes) it never stops producing documents.
    if (std::size_t line = second_document_line(data); line != 0) {
      YAML::Mark m;
      m.line = static_cast<int>(line - 1);
      m.column = 0;
      return syntax(YamlProblem::Kind::kSyntax, m,
                    "a second YAML document; a template is one document (remove the `---` "
                    "separator or split the file)");
    }
    impl.root = YAML::Load(std::string(data));
  } catch (const YAML::DeepRecursion& e) {
    syntax(YamlProblem::Kind::kLimit, e.mark,
           "nesting deeper than the YAML parser accepts (about 500 levels) " +
               limit_note("depth", limits.depth));
    problems.back().limit = "depth";
    return nullptr;
  } catch (const YAML::Exception& e) {
    return syntax(YamlProblem::Kind::kSyntax, e.mark, "invalid YAML: " + printable(e.msg));
  } catch (const std::exception& e) {
    return syntax(YamlProblem::Kind::kSyntax, YAML::Mark(),
                  std::string("invalid YAML: ") + e.what());
  }
  Impl::Check check{problems, deadline};
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
  std::size_t budget = impl_->limits.nodes;
  try {
    return impl_->convert(impl_->handles[h], nullptr, out, budget, problem);
  } catch (const std::exception& e) {
    problem.kind = YamlProblem::Kind::kSyntax;
    problem.message = std::string("invalid YAML: ") + e.what();
    return false;
  }
}

}  // namespace ecsguard
