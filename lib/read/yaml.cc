#include "read/yaml.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <exception>
#include <istream>
#include <streambuf>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/strings.h"

namespace ecsguard {

namespace {

constexpr std::size_t kMaxProblems = 20;
constexpr std::string_view kCoreTag = "tag:yaml.org,2002:";

bool matches_any(std::string_view s, std::initializer_list<const char*> words) {
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

}  // namespace

void resolve_plain_scalar(std::string_view text, JNode& out) {
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
    const std::string digits(text);  // strtod needs the terminating NUL
    double d = std::strtod(digits.c_str(), nullptr);
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

namespace {

// Reads a string in place as a stream (yaml-cpp's parser reads std::istream), without a copy.
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view data) {
    char* begin = const_cast<char*>(data.data());  // the get area is only read
    setg(begin, begin, begin + data.size());
  }
};

// Thrown from the event handler to stop parsing: the deadline passed.
struct Stop {};

// The tags every document uses, at fixed places in the tag table.
constexpr uint32_t kNoTag = 0;      // no tag: null nodes
constexpr uint32_t kPlainTag = 1;   // "?": a plain scalar, or a collection without a tag
constexpr uint32_t kQuotedTag = 2;  // "!": a quoted or block scalar

}  // namespace

// The document as yaml-cpp's parser reports it, node by node in document order: scalars' texts
// in one buffer, each collection's children in one slice of one array (mappings: key, value,
// key, value, ...). An alias is not a node: its parent's slice holds the anchored node's index,
// so aliases share nodes as they do in YAML, and walking through them is bounded by the limits
// the nodes' sizes are checked against when the document is read.
struct YamlDocument::Impl {
  struct Node {  // 56 bytes
    Kind kind = Kind::kNull;
    bool closed = false;    // its end has been read (an alias to an open node is a cycle)
    uint32_t height = 0;    // nesting levels below it, aliases expanded
    uint32_t tag = kNoTag;  // index into tag_names
    uint32_t line = 0;      // 1-based
    uint32_t column = 0;
    uint32_t offset = 0;    // yaml-cpp's marks are ints: offsets fit
    uint32_t length = 0;    // scalars: their text, at `text` in texts
    uint32_t first = 0;     // collections: their children, at `first` in children
    uint32_t count = 0;
    std::size_t text = 0;
    uint64_t size = 1;      // values in its subtree, aliases expanded (keys are not counted)
  };

  Limits limits;
  YamlTagMapper tags;
  std::vector<Node> nodes;
  std::vector<uint32_t> children;
  std::string texts;
  std::vector<std::string> tag_names{"", "?", "!"};
  std::vector<std::string> tag_members{"", "", ""};  // what tags() says of each local tag

  std::string_view text(const Node& n) const {
    return std::string_view(texts).substr(n.text, n.length);
  }
  std::string_view text(std::size_t id) const { return text(nodes[id]); }
  const std::string& tag(const Node& n) const { return tag_names[n.tag]; }
  bool local(const Node& n) const { return n.tag > kQuotedTag && !starts_with(tag(n), kCoreTag); }

  bool convert(std::size_t id, const Node* key, JNode& out, std::size_t& budget,
               YamlProblem& problem) const;
};

namespace {

bool core_tag_ok(std::string_view tag) {
  std::string_view t = tag.substr(kCoreTag.size());
  return t == "str" || t == "int" || t == "float" || t == "bool" || t == "null" || t == "map" ||
         t == "seq";
}

// Builds a YamlDocument::Impl from the parser's events and checks the document as it goes: tags,
// mapping keys (scalars, no duplicates, no merge keys) and the limits. After the first limit
// exceeded it stops building but lets the parser read on, so that a syntax error later in the
// document is still the one reported, as it would be for a document within the limits.
class Builder : public YAML::EventHandler {
 public:
  using Node = YamlDocument::Impl::Node;
  using Kind = YamlDocument::Kind;

  Builder(YamlDocument::Impl& doc, const Deadline& deadline, std::vector<YamlProblem>& problems)
      : doc_(doc), deadline_(deadline), problems_(problems) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (add(mark, Kind::kNull, kNoTag, anchor)) close();
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (!tick()) return;
    if (anchor >= anchors_.size() || anchors_[anchor] == kNone) return;  // the parser rejects it
    uint32_t target = anchors_[anchor];
    const Node& t = doc_.nodes[target];
    if (!t.closed) {
      over_limit(mark, "depth", doc_.limits.depth,
                 "an alias that refers to a node containing it (*" + anchor_name(anchor) +
                     "), which nests without end");
      return;
    }
    std::size_t depth = frames_.size();
    alias_values_ += t.size;
    if (alias_values_ > doc_.limits.alias_expansion) {
      over_limit(mark, "alias_expansion", doc_.limits.alias_expansion,
                 "aliases expand to more than " + std::to_string(doc_.limits.alias_expansion) +
                     " nodes");
      return;
    }
    if (!within_limits(mark, depth + t.height, t.size)) return;
    attach(target, t, mark);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (!tick()) return;
    if (value.size() > doc_.limits.string_length || value.size() >= UINT32_MAX) {
      over_limit(mark, "string_length", doc_.limits.string_length,
                 "a scalar of " + std::to_string(value.size()) + " bytes");
      return;
    }
    if (!add(mark, Kind::kScalar, tag_index(tag), anchor)) return;
    Node& n = doc_.nodes.back();
    n.text = doc_.texts.size();
    n.length = static_cast<uint32_t>(value.size());
    doc_.texts += value;
    close();
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, Kind::kSequence, tag, anchor);
  }
  void OnSequenceEnd() override { close_collection(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, Kind::kMap, tag, anchor);
  }
  void OnMapEnd() override { close_collection(); }

  void OnAnchor(const YAML::Mark&, const std::string& name) override { last_anchor_name_ = name; }

  // An empty document is a null root, as YAML::Load makes it.
  void finish() {
    if (doc_.nodes.empty() && !stopped_) {
      doc_.nodes.emplace_back();
      doc_.nodes.back().closed = true;
      doc_.nodes.back().line = doc_.nodes.back().column = 1;
    }
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;

  // A collection being read: where its children start in pending_, and for mappings the keys
  // seen so far (a hash set once there are many).
  struct Frame {
    uint32_t node;
    std::size_t pending;
    std::unordered_set<std::string_view> keys;
  };

  // Counts an event; false once building has stopped. Checks the deadline now and then: past
  // it, the time limit replaces whatever was found so far, and parsing stops.
  bool tick() {
    if ((++events_ & 0xfff) == 0 && deadline_.passed()) {
      problems_.resize(first_problem_);
      stopped_ = false;
      YAML::Mark m;
      m.line = static_cast<int>(last_line_ > 0 ? last_line_ - 1 : 0);
      over_limit(m, "time_ms", doc_.limits.time_ms,
                 "reading took longer than " + std::to_string(doc_.limits.time_ms) + " ms");
      throw Stop{};
    }
    return !stopped_;
  }

  // Counts a value `levels` deep with `values` values in it; false (and stops) past a limit.
  bool within_limits(const YAML::Mark& mark, std::size_t levels, uint64_t values) {
    values_ += values;
    if (values_ > doc_.limits.nodes) {
      over_limit(mark, "nodes", doc_.limits.nodes,
                 "the document expands to more than " + std::to_string(doc_.limits.nodes) +
                     " nodes (aliases count each time they are used)");
      return false;
    }
    if (levels > doc_.limits.depth) {
      over_limit(mark, "depth", doc_.limits.depth,
                 "nesting deeper than " + std::to_string(doc_.limits.depth) + " levels");
      return false;
    }
    return true;
  }

  bool is_key() const {
    return !frames_.empty() && doc_.nodes[frames_.back().node].kind == Kind::kMap &&
           (pending_.size() - frames_.back().pending) % 2 == 0;
  }

  // Adds a node; false when building has stopped or a limit is exceeded.
  bool add(const YAML::Mark& mark, Kind kind, uint32_t tag, YAML::anchor_t anchor) {
    if (!tick()) return false;
    bool key = is_key();
    if (!key && !within_limits(mark, frames_.size(), 1)) return false;
    if (doc_.nodes.size() >= kNone || doc_.children.size() + pending_.size() >= kNone) {
      over_limit(mark, "nodes", doc_.limits.nodes, "the document has too many nodes");
      return false;
    }
    auto id = static_cast<uint32_t>(doc_.nodes.size());
    doc_.nodes.emplace_back();
    Node& n = doc_.nodes.back();
    n.kind = kind;
    n.tag = tag;
    n.line = one_based(mark.line);
    n.column = one_based(mark.column);
    n.offset = static_cast<uint32_t>(mark.pos < 0 ? 0 : mark.pos);
    last_line_ = n.line;
    if (anchor != YAML::NullAnchor) {
      if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, kNone);
      anchors_[anchor] = id;
      if (anchor_names_.size() <= anchor) anchor_names_.resize(anchor + 1);
      anchor_names_[anchor] = std::move(last_anchor_name_);
    }
    if (!key && tag > kQuotedTag) check_tag(n);
    current_ = id;
    return true;
  }

  void open(const YAML::Mark& mark, Kind kind, const std::string& tag, YAML::anchor_t anchor) {
    if (!add(mark, kind, tag_index(tag), anchor)) {
      if (!stopped_) return;
      ++ignored_depth_;  // its children and end are ignored too
      return;
    }
    frames_.push_back(Frame{current_, pending_.size(), {}});
  }

  void close_collection() {
    if (ignored_depth_ > 0) {
      --ignored_depth_;
      return;
    }
    if (stopped_ || frames_.empty()) return;
    Frame& f = frames_.back();
    Node& n = doc_.nodes[f.node];
    n.first = static_cast<uint32_t>(doc_.children.size());
    n.count = static_cast<uint32_t>(pending_.size() - f.pending);
    doc_.children.insert(doc_.children.end(), pending_.begin() + static_cast<std::ptrdiff_t>(f.pending),
                         pending_.end());
    pending_.resize(f.pending);
    current_ = f.node;
    frames_.pop_back();
    close();
  }

  // The node just completed (current_) joins its parent.
  void close() {
    Node& n = doc_.nodes[current_];
    if (n.kind == Kind::kSequence || n.kind == Kind::kMap) {
      const bool map = n.kind == Kind::kMap;
      for (uint32_t i = map ? 1 : 0; i < n.count; i += map ? 2 : 1) {
        const Node& c = doc_.nodes[doc_.children[n.first + i]];
        n.size += c.size;
        n.height = std::max(n.height, c.height + 1);
      }
    }
    n.closed = true;
    YAML::Mark mark;
    mark.line = static_cast<int>(n.line) - 1;
    mark.column = static_cast<int>(n.column) - 1;
    attach(current_, n, mark);
  }

  void attach(uint32_t id, const Node& n, const YAML::Mark& mark) {
    if (frames_.empty()) return;  // the root
    if (is_key()) check_key(n, mark);
    pending_.push_back(id);
  }

  void check_key(const Node& key, const YAML::Mark& mark) {
    if (key.kind != Kind::kScalar) {
      report(YamlProblem::Kind::kBadKey, mark, pointer(),
             std::string("a mapping key must be a scalar, found ") +
                 (key.kind == Kind::kMap        ? "a mapping"
                  : key.kind == Kind::kSequence ? "a sequence"
                                                : "no key (an empty key)"));
      return;
    }
    std::string_view name = doc_.text(key);
    if (name == "<<" && (key.tag == kPlainTag || doc_.tag(key) == "tag:yaml.org,2002:merge")) {
      report(YamlProblem::Kind::kMergeKey, mark, pointer_append(pointer(), name),
             "a YAML merge key (<<); CloudFormation does not merge mappings, write the members "
             "out");
    }
    Frame& f = frames_.back();
    // Earlier keys that are not scalars were reported as such, and are no one's duplicate.
    auto scalar_key = [&](std::size_t i) { return doc_.nodes[pending_[i]].kind == Kind::kScalar; };
    bool duplicate = false;
    if (pending_.size() - f.pending < 32) {  // up to 16 keys: compared one by one
      for (std::size_t i = f.pending; i < pending_.size(); i += 2) {
        if (scalar_key(i) && doc_.text(pending_[i]) == name) duplicate = true;
      }
    } else {
      if (f.keys.empty()) {
        for (std::size_t i = f.pending; i < pending_.size(); i += 2) {
          if (scalar_key(i)) f.keys.insert(stored(doc_.text(pending_[i])));
        }
      }
      duplicate = !f.keys.insert(stored(name)).second;
    }
    if (duplicate) {
      report(YamlProblem::Kind::kDuplicateKey, mark, pointer_append(pointer(), name),
             "duplicate mapping key '" + std::string(name) +
                 "'; each key may appear once in a mapping");
    }
  }

  // A copy of a key for a duplicate set (texts may grow and move).
  std::string_view stored(std::string_view key) {
    key_store_.emplace_back(key);
    return key_store_.back();
  }

  void check_tag(const Node& n) {
    const std::string& tag = doc_.tag(n);
    bool ok = starts_with(tag, kCoreTag) ? core_tag_ok(tag) : !doc_.tag_members[n.tag].empty();
    if (!ok) {
      YAML::Mark m;
      m.line = static_cast<int>(n.line) - 1;
      m.column = static_cast<int>(n.column) - 1;
      report(YamlProblem::Kind::kUnknownTag, m, pointer(),
             "unknown tag '" + tag +
                 "'; expected a CloudFormation short form such as !Ref, !Sub or !GetAtt");
    }
  }

  uint32_t tag_index(const std::string& tag) {
    if (tag.empty()) return kNoTag;
    if (tag == "?") return kPlainTag;
    if (tag == "!") return kQuotedTag;
    auto it = tag_ids_.find(tag);
    if (it != tag_ids_.end()) return it->second;
    auto id = static_cast<uint32_t>(doc_.tag_names.size());
    doc_.tag_names.push_back(tag);
    doc_.tag_members.push_back(starts_with(tag, kCoreTag) ? std::string() : doc_.tags(tag));
    tag_ids_.emplace(tag, id);
    return id;
  }

  std::string anchor_name(YAML::anchor_t anchor) const {
    return anchor < anchor_names_.size() ? anchor_names_[anchor] : std::string();
  }

  // The JSON pointer of the value being read (built only for problems): in each open
  // collection, the child being read is the one after those completed so far.
  std::string pointer() const {
    std::string out;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      std::size_t end = i + 1 < frames_.size() ? frames_[i + 1].pending : pending_.size();
      std::size_t done = end - f.pending;
      if (doc_.nodes[f.node].kind == Kind::kSequence) {
        out = pointer_append(out, done);
      } else if (done % 2 == 1) {  // a value: its key is the last child completed
        out = pointer_append(out, doc_.text(pending_[end - 1]));
      }
    }
    return out;
  }

  void report(YamlProblem::Kind kind, const YAML::Mark& m, const std::string& pointer,
              std::string message) {
    if (problems_.size() - first_problem_ >= kMaxProblems) return;
    YamlProblem p;
    p.kind = kind;
    p.line = one_based(m.line);
    p.column = one_based(m.column);
    p.pointer = pointer;
    p.message = std::move(message);
    problems_.push_back(std::move(p));
  }

  void over_limit(const YAML::Mark& m, const char* name, uint64_t value, const std::string& what) {
    if (stopped_) return;
    stopped_ = true;
    std::size_t before = problems_.size();
    report(YamlProblem::Kind::kLimit, m, pointer(), what + " " + limit_note(name, value));
    if (problems_.size() > before) problems_.back().limit = name;
  }

  YamlDocument::Impl& doc_;
  const Deadline& deadline_;
  std::vector<YamlProblem>& problems_;
  std::size_t first_problem_ = problems_.size();
  std::vector<Frame> frames_;
  std::vector<uint32_t> pending_;  // children of the open collections, in order
  std::vector<uint32_t> anchors_;  // anchor id → node
  std::vector<std::string> anchor_names_;
  std::string last_anchor_name_;
  std::unordered_map<std::string, uint32_t> tag_ids_;
  std::deque<std::string> key_store_;
  uint32_t current_ = 0;
  uint64_t events_ = 0;
  uint64_t values_ = 0;
  uint64_t alias_values_ = 0;
  uint32_t last_line_ = 0;
  std::size_t ignored_depth_ = 0;
  bool stopped_ = false;
};

}  // namespace

bool YamlDocument::Impl::convert(std::size_t id, const Node* key, JNode& out, std::size_t& budget,
                                 YamlProblem& problem) const {
  const Node& n = nodes[id];
  auto place = [](JNode& j, const Node& at) {
    j.offset = at.offset;
    j.line = at.line;
    j.column = at.column;
  };
  if (budget == 0) {
    problem.kind = YamlProblem::Kind::kLimit;
    problem.limit = "nodes";
    problem.line = n.line;
    problem.column = n.column;
    problem.message = "the document expands to more than " + std::to_string(limits.nodes) +
                      " nodes " + limit_note("nodes", limits.nodes);
    return false;
  }
  --budget;
  const bool is_local = local(n);
  JNode local_inner;
  JNode& inner = is_local ? local_inner : out;
  // An empty value reads as where its key is: the parser places it at whatever follows.
  place(inner, n.kind == Kind::kNull && key != nullptr ? *key : n);
  switch (n.kind) {
    case Kind::kSequence:
      inner.type = JNode::Type::kArray;
      inner.items.resize(n.count);
      for (std::size_t i = 0; i < n.count; ++i) {
        if (!convert(children[n.first + i], nullptr, inner.items[i], budget, problem)) return false;
      }
      break;
    case Kind::kMap: {
      inner.type = JNode::Type::kObject;
      std::size_t members = n.count / 2;
      inner.keys.reserve(members);
      inner.items.resize(members);
      for (std::size_t i = 0; i < members; ++i) {
        const Node& k = nodes[children[n.first + 2 * i]];
        inner.keys.emplace_back(k.kind == Kind::kScalar ? text(k) : std::string_view());
        if (!convert(children[n.first + 2 * i + 1], &k, inner.items[i], budget, problem)) {
          return false;
        }
      }
      break;
    }
    case Kind::kScalar: {
      std::string_view s = text(n);
      const std::string& t = tag(n);
      std::string_view core_type =
          starts_with(t, kCoreTag) ? std::string_view(t).substr(kCoreTag.size()) : "";
      if (n.tag == kPlainTag) {
        resolve_plain_scalar(s, inner);
      } else if (core_type == "int" || core_type == "float" || core_type == "bool" ||
                 core_type == "null") {
        resolve_plain_scalar(s, inner);
        if (inner.type == JNode::Type::kString) inner.text = s;  // "!!int abc" stays text
      } else {
        inner.type = JNode::Type::kString;
        inner.text = s;
      }
      break;
    }
    case Kind::kNull:
      inner.type = JNode::Type::kNull;
      break;
  }
  if (!is_local) return true;
  // A local tag becomes a one-member object: `!Ref X` reads as {"Ref": "X"}.
  out = JNode();
  out.type = JNode::Type::kObject;
  out.offset = inner.offset;
  out.line = inner.line;
  out.column = inner.column;
  if (inner.type == JNode::Type::kNull) inner.type = JNode::Type::kString;
  const std::string& member = tag_members[n.tag];
  out.keys.push_back(member.empty() ? tag(n) : member);
  out.items.push_back(std::move(inner));
  return true;
}

namespace {

// check_yaml_limits' walk over a yaml-cpp tree: every visit of a node counts, however it was
// reached; those reached again through an alias (they start before the furthest node seen)
// count against alias_expansion too. Stops at the first limit exceeded.
class LimitWalk {
 public:
  LimitWalk(const Limits& limits, std::vector<YamlProblem>& problems)
      : limits_(limits), problems_(problems) {}

  bool walk(const YAML::Node& n, std::size_t depth) {
    if (++visits_ > limits_.nodes) {
      return exceeded(n, "nodes", limits_.nodes,
                      "the document expands to more than " + std::to_string(limits_.nodes) +
                          " nodes (aliases count each time they are used)");
    }
    long pos = static_cast<long>(n.Mark().pos);
    if (pos >= 0 && pos < furthest_ && ++alias_visits_ > limits_.alias_expansion) {
      return exceeded(n, "alias_expansion", limits_.alias_expansion,
                      "aliases expand to more than " + std::to_string(limits_.alias_expansion) +
                          " nodes");
    }
    furthest_ = std::max(furthest_, pos);
    if (depth > limits_.depth) {
      return exceeded(n, "depth", limits_.depth,
                      "nesting deeper than " + std::to_string(limits_.depth) + " levels");
    }
    if (n.IsScalar() && n.Scalar().size() > limits_.string_length) {
      return exceeded(n, "string_length", limits_.string_length,
                      "a scalar of " + std::to_string(n.Scalar().size()) + " bytes");
    }
    const std::size_t base = pointer_.size();
    std::size_t i = 0;
    for (auto it = n.begin(); it != n.end(); ++it, ++i) {  // nothing for scalars
      if (n.IsSequence()) {
        pointer_ = pointer_append(pointer_, i);
      } else if (it->first.IsScalar()) {
        pointer_ = pointer_append(pointer_, it->first.Scalar());
      }
      if (!walk(n.IsSequence() ? *it : it->second, depth + 1)) return false;
      pointer_.resize(base);
    }
    return true;
  }

 private:
  bool exceeded(const YAML::Node& n, const char* name, uint64_t value, const std::string& what) {
    YamlProblem p;
    p.pointer = pointer_;  // of `n`
    p.kind = YamlProblem::Kind::kLimit;
    p.line = one_based(n.Mark().line);
    p.column = one_based(n.Mark().column);
    p.message = what + " " + limit_note(name, value);
    p.limit = name;
    problems_.push_back(std::move(p));
    return false;
  }

  const Limits& limits_;
  std::vector<YamlProblem>& problems_;
  std::size_t visits_ = 0;
  std::size_t alias_visits_ = 0;
  long furthest_ = -1;
  std::string pointer_;  // of the node being walked
};

}  // namespace

bool check_yaml_limits(const YAML::Node& root, const Limits& limits,
                       std::vector<YamlProblem>& problems) {
  return LimitWalk(limits, problems).walk(root, 0);
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
  const std::size_t before = problems.size();
  // A syntax error replaces what the checks found before it, as it would had the document been
  // parsed whole before it was checked.
  auto syntax = [&](YamlProblem::Kind kind, const YAML::Mark& m, std::string message) {
    problems.resize(before);
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
  // One document only: on some malformed input (NUL bytes) the parser never stops producing
  // documents, so a second one is found by a text scan instead.
  if (std::size_t line = second_document_line(data); line != 0) {
    YAML::Mark m;
    m.line = static_cast<int>(line - 1);
    m.column = 0;
    return syntax(YamlProblem::Kind::kSyntax, m,
                  "a second YAML document; a template is one document (remove the `---` "
                  "separator or split the file)");
  }
  Builder builder(impl, deadline, problems);
  try {
    // Sized for a typical template (a node per 8 bytes or more; texts shorter than the input),
    // up to a bound: reserved memory is not touched until used, and the vectors grow past it.
    constexpr std::size_t kMostNodes = std::size_t{1} << 22, kMostText = std::size_t{1} << 28;
    impl.nodes.reserve(std::min(data.size() / 8 + 1, kMostNodes));
    impl.children.reserve(std::min(data.size() / 8 + 1, kMostNodes));
    impl.texts.reserve(std::min(data.size(), kMostText));
    ViewBuf buf(data);
    std::istream in(&buf);
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
    builder.finish();
  } catch (const Stop&) {
    return nullptr;  // the builder reported the time limit
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
  if (problems.size() > before) {
    std::stable_sort(problems.begin() + static_cast<std::ptrdiff_t>(before), problems.end(),
                     [](const YamlProblem& a, const YamlProblem& b) {
                       return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
    return nullptr;
  }
  return doc;
}

YamlDocument::Kind YamlDocument::kind(Handle h) const { return impl_->nodes[h].kind; }

std::vector<YamlDocument::Entry> YamlDocument::entries(Handle h) const {
  std::vector<Entry> out;
  const Impl::Node& n = impl_->nodes[h];
  if (n.kind != Kind::kMap) return out;
  out.reserve(n.count / 2);
  for (std::size_t i = 0; i + 1 < n.count; i += 2) {
    const Impl::Node& key = impl_->nodes[impl_->children[n.first + i]];
    Entry e;
    e.key = impl_->text(key);
    e.line = key.line;
    e.column = key.column;
    e.value = impl_->children[n.first + i + 1];
    out.push_back(std::move(e));
  }
  return out;
}

bool YamlDocument::to_json(Handle h, JNode& out, YamlProblem& problem) const {
  std::size_t budget = impl_->limits.nodes;
  return impl_->convert(h, nullptr, out, budget, problem);
}

}  // namespace ecsguard
