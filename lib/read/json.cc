#include "read/json.h"

#include <cstdint>
#include <iterator>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "read/json_scan.h"

namespace ecsguard {

const JNode* JNode::get(std::string_view key) const {
  if (type != Type::kObject) return nullptr;
  for (std::size_t i = keys.size(); i-- > 0;) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

const JNode* JNode::at(std::size_t i) const {
  if (type != Type::kArray || i >= items.size()) return nullptr;
  return &items[i];
}

const char* to_string(JNode::Type t) {
  switch (t) {
    case JNode::Type::kNull:
      return "null";
    case JNode::Type::kBool:
      return "boolean";
    case JNode::Type::kNumber:
      return "number";
    case JNode::Type::kString:
      return "string";
    case JNode::Type::kArray:
      return "array";
    case JNode::Type::kObject:
      return "object";
  }
  return "null";
}

const char* string_token_start(const char* begin, const char* end) {
  // end[-1] is the closing quote; find the opening quote that is not escaped.
  const char* p = end - 1;
  while (p > begin) {
    --p;
    if (*p != '"') continue;
    std::size_t backslashes = 0;
    for (const char* q = p; q > begin && q[-1] == '\\'; --q) ++backslashes;
    if (backslashes % 2 == 0) return p;
  }
  return begin;
}

const char* number_token_start(const char* begin, const char* end, const char* input_end) {
  auto is_num = [](char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  };
  const char* p = end;
  if (end != input_end || (p > begin && !is_num(p[-1]))) --p;  // skip the look-ahead
  while (p > begin && is_num(p[-1])) --p;
  return p;
}

std::string clean_parse_error(const std::string& what) {
  // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
  auto pos = what.find(": ");
  if (pos != std::string::npos && what.find("parse error") != std::string::npos) {
    return what.substr(pos + 2);
  }
  // "[json.exception.out_of_range.406] number overflow parsing '1e400'": the library's own id
  // means nothing to a reader.
  if (what.rfind("[json.exception.", 0) == 0) {
    auto end = what.find("] ");
    if (end != std::string::npos) return what.substr(end + 2);
  }
  return what;
}

namespace {

constexpr std::size_t kNoKey = SIZE_MAX;

// A container being read. Its children are gathered at the end of Scratch::pending (and an
// object's keys at the end of Scratch::keys) until it closes, so each is moved once into a block
// of the right size rather than through a growing vector.
struct Open {
  JNode node;
  std::size_t first = 0;      // its first child in pending
  std::size_t first_key = 0;  // its first key in keys
  std::size_t key = kNoKey;   // the key naming it in keys, when its parent is an object
};

// The working vectors of a tree builder. Each thread keeps one set between parses: a plan is
// parsed one resource at a time, and growing them again for every resource was a fifth of the
// parsing.
struct Scratch {
  std::vector<Open> stack;
  std::vector<JNode> pending;
  std::vector<std::string> keys;
  bool busy = false;

  // Empties the vectors; keeps their room unless one grew past kKeep elements (a huge document:
  // what is kept is then at most about half a megabyte per vector and thread).
  void clear() {
    constexpr std::size_t kKeep = 4096;
    auto reset = [](auto& v) {
      v.clear();
      if (v.capacity() > kKeep) std::decay_t<decltype(v)>().swap(v);
    };
    reset(stack);
    reset(pending);
    reset(keys);
    busy = false;
  }
};

// This thread's kept scratch, or `fallback` when a builder on this thread already uses it.
Scratch& claim_scratch(Scratch& fallback) {
  thread_local Scratch kept;
  if (kept.busy) return fallback;
  kept.busy = true;
  return kept;
}

class TreeBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  TreeBuilder(const char* base, const char* begin, const char* end, const char** cursor,
              LineCounter& lines, const Limits& limits,
              const std::vector<JsonPath>* leave_out = nullptr)
      : base_(base), begin_(begin), end_(end), cursor_(cursor), lines_(lines), limits_(limits),
        leave_out_(leave_out), work_(claim_scratch(own_)), stack_(work_.stack),
        pending_(work_.pending), pending_keys_(work_.keys) {}
  ~TreeBuilder() override { work_.clear(); }
  TreeBuilder(const TreeBuilder&) = delete;
  TreeBuilder& operator=(const TreeBuilder&) = delete;

  bool null() override { return add(JNode::Type::kNull, literal_start()); }
  bool boolean(bool val) override {
    JNode n;
    n.type = JNode::Type::kBool;
    n.boolean = val;
    return add(std::move(n), literal_start());
  }
  bool number_integer(number_integer_t val) override {
    return add_number(static_cast<double>(val), std::to_string(val));
  }
  bool number_unsigned(number_unsigned_t val) override {
    return add_number(static_cast<double>(val), std::to_string(val));
  }
  bool number_float(number_float_t val, const string_t& /*raw*/) override {
    return add_number(val, format_number(val));
  }
  bool string(string_t& val) override {
    if (!within_string_limit(val, string_token_start(begin_, *cursor_))) return false;
    JNode n;
    n.type = JNode::Type::kString;
    n.text = std::move(val);
    return add(std::move(n), string_token_start(begin_, *cursor_));
  }
  bool binary(binary_t& /*val*/) override { return false; }
  bool start_object(std::size_t /*elements*/) override {
    return open(JNode::Type::kObject);
  }
  bool key(string_t& val) override {
    if (!within_string_limit(val, string_token_start(begin_, *cursor_))) return false;
    pending_keys_.push_back(std::move(val));
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t /*elements*/) override { return open(JNode::Type::kArray); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override {
    bool verbatim = !last_token.empty() && last_token.find('<') == std::string::npos &&
                    std::string(ex.what()).find("invalid literal") != std::string::npos;
    std::size_t back = verbatim ? last_token.size() : 1;
    error_offset_ = static_cast<std::size_t>(begin_ - base_) + (position >= back ? position - back : 0);
    error_ = clean_parse_error(ex.what());
    return false;
  }

  // Whether the container just opened is a member the caller left out (parse_json_range).
  bool leaving_out() const {
    if (leave_out_ == nullptr) return false;
    const std::size_t depth = stack_.size() - 1;  // the root is at depth 0
    for (const JsonPath& path : *leave_out_) {
      if (path.size() != depth) continue;
      bool match = true;
      for (std::size_t i = 1; i <= depth && match; ++i) {
        std::size_t key = stack_[i].key;
        match = key != kNoKey && pending_keys_[key] == path[i - 1];
      }
      if (match) return true;
    }
    return false;
  }

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  const char* limit() const { return limit_; }
  std::size_t error_offset() const { return error_offset_; }
  JNode& result() { return result_; }

 private:
  const char* literal_start() const {
    // true/false/null: the lexer consumed exactly the literal.
    const char* p = *cursor_;
    while (p > begin_ && ((p[-1] >= 'a' && p[-1] <= 'z'))) --p;
    return p;
  }

  bool add_number(double val, std::string text) {
    JNode n;
    n.type = JNode::Type::kNumber;
    n.number = val;
    n.text = std::move(text);
    return add(std::move(n), number_token_start(begin_, *cursor_, end_));
  }

  void locate(JNode& n, const char* start) {
    n.offset = static_cast<std::size_t>(start - base_);
    lines_.at(n.offset, n.line, n.column);
  }

  bool add(JNode::Type type, const char* start) {
    JNode n;
    n.type = type;
    return add(std::move(n), start);
  }

  // Counts one more value against the nodes limit.
  bool count_node() {
    if (++nodes_ <= limits_.nodes) return true;
    fail_limit("nodes", limits_.nodes, "more than " + std::to_string(limits_.nodes) + " values");
    return false;
  }

  // `start`: where the string's token begins, which the diagnostic points at.
  bool within_string_limit(const string_t& val, const char* start) {
    if (val.size() <= limits_.string_length) return true;
    fail_limit("string_length", limits_.string_length,
               "a string of " + std::to_string(val.size()) + " bytes", start);
    return false;
  }

  void fail_limit(const char* name, uint64_t value, const std::string& what,
                  const char* at = nullptr) {
    error_offset_ = at != nullptr ? static_cast<std::size_t>(at - base_)
                                  : static_cast<std::size_t>(*cursor_ - base_);
    if (at == nullptr && error_offset_ > 0) --error_offset_;
    error_ = what + " " + limit_note(name, value);
    limit_ = name;
  }

  bool add(JNode&& n, const char* start) {
    if (!count_node()) return false;
    locate(n, start);
    if (stack_.empty()) {
      result_ = std::move(n);
    } else {
      pending_.push_back(std::move(n));
    }
    return true;
  }

  bool open(JNode::Type type) {
    if (stack_.size() >= limits_.depth) {
      fail_limit("depth", limits_.depth,
                 "nesting deeper than " + std::to_string(limits_.depth) + " levels");
      return false;
    }
    if (!count_node()) return false;
    Open o;
    o.node.type = type;
    locate(o.node, *cursor_ - 1);
    o.first = pending_.size();
    o.first_key = pending_keys_.size();
    if (!stack_.empty() && stack_.back().node.type == JNode::Type::kObject) {
      o.key = pending_keys_.size() - 1;
    }
    stack_.push_back(std::move(o));
    return true;
  }

  // Moves the container's children, gathered in pending_, into one exactly sized block.
  bool close() {
    Open& o = stack_.back();
    JNode n = std::move(o.node);
    n.items.assign(std::make_move_iterator(pending_.begin() + static_cast<std::ptrdiff_t>(o.first)),
                   std::make_move_iterator(pending_.end()));
    pending_.resize(o.first);
    if (n.type == JNode::Type::kObject) {
      auto first_key = pending_keys_.begin() + static_cast<std::ptrdiff_t>(o.first_key);
      n.keys.assign(std::make_move_iterator(first_key),
                    std::make_move_iterator(pending_keys_.end()));
      pending_keys_.resize(o.first_key);
    }
    stack_.pop_back();
    if (stack_.empty()) {
      result_ = std::move(n);
    } else {
      pending_.push_back(std::move(n));
    }
    return true;
  }

  const char* base_;
  const char* begin_;
  const char* end_;
  const char** cursor_;
  LineCounter& lines_;
  const Limits& limits_;
  const std::vector<JsonPath>* leave_out_;
  Scratch own_;  // used when this thread's kept set is busy
  Scratch& work_;
  std::vector<Open>& stack_;
  std::vector<JNode>& pending_;
  std::vector<std::string>& pending_keys_;
  JNode result_;
  std::string error_;
  const char* limit_ = "";
  std::size_t error_offset_ = 0;
  uint64_t nodes_ = 0;
};

// Moves the builder's outcome to `out` / `error`; `cursor` is where reading stopped.
bool finish(TreeBuilder& builder, bool ok, std::string_view data, const char* cursor, JNode& out,
            JsonError& error) {
  if (ok && !builder.failed()) {
    out = std::move(builder.result());
    return true;
  }
  if (builder.failed()) {
    error.offset = builder.error_offset();
    error.message = builder.error();
    error.limit = builder.limit();
  } else if (error.message.empty()) {
    error.offset = static_cast<std::size_t>(cursor - data.data());
    error.message = "invalid JSON";
  }
  LineCounter fresh(data);
  fresh.at(error.offset, error.line, error.column);
  return false;
}

// Builds Values straight from the fast reader's events, for JSON held in a string: every value
// gets the string's position, so nothing is located and no JNode tree is built. It applies the
// limits TreeBuilder applies, and gives up (failed()) where TreeBuilder would report one: the
// caller then reads the text the usual way, which reports it.
class ValueBuilder {
 public:
  ValueBuilder(const Limits& limits, const SourcePos& pos) : limits_(limits), pos_(pos) {}

  bool null() { return add(Value::null()); }
  bool boolean(bool val) { return add(Value::boolean(val)); }
  bool number_integer(int64_t val) {
    return add(Value::number(static_cast<double>(val), std::to_string(val)));
  }
  bool number_unsigned(uint64_t val) {
    return add(Value::number(static_cast<double>(val), std::to_string(val)));
  }
  bool number_float(double val, const std::string& /*raw*/) {
    return add(Value::number(val, format_number(val)));
  }
  bool string(std::string& val) {
    return within_string_limit(val) && add(Value::string(std::move(val)));
  }
  bool key(std::string& val) {
    if (!within_string_limit(val)) return false;
    keys_.push_back(std::move(val));
    return true;
  }
  bool start_object(std::size_t /*elements*/) { return open(true); }
  bool start_array(std::size_t /*elements*/) { return open(false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool failed() const { return failed_; }
  Value& result() { return result_; }

 private:
  struct Open {
    bool object;
    std::size_t first;      // its first child in pending_
    std::size_t first_key;  // its first key in keys_
  };

  bool fail() {
    failed_ = true;
    return false;
  }
  bool count_node() { return ++nodes_ <= limits_.nodes || fail(); }
  bool within_string_limit(const std::string& val) {
    return val.size() <= limits_.string_length || fail();
  }

  bool add(Value v) {
    if (!count_node()) return false;
    v.set_pos(pos_);
    if (stack_.empty()) {
      result_ = std::move(v);
    } else {
      pending_.push_back(std::move(v));
    }
    return true;
  }

  bool open(bool object) {
    if (stack_.size() >= limits_.depth || !count_node()) return fail();
    stack_.push_back(Open{object, pending_.size(), keys_.size()});
    return true;
  }

  // The container's children, in order, as json_to_value adds them (a repeated key: the last).
  bool close() {
    Open o = stack_.back();
    stack_.pop_back();
    Value v = o.object ? Value::map() : Value::list();
    v.reserve(pending_.size() - o.first);
    for (std::size_t i = o.first; i < pending_.size(); ++i) {
      if (o.object) {
        v.set(keys_[o.first_key + (i - o.first)], std::move(pending_[i]));
      } else {
        v.push_back(std::move(pending_[i]));
      }
    }
    pending_.resize(o.first);
    keys_.resize(o.first_key);
    --nodes_;  // counted when it opened
    return add(std::move(v));
  }

  const Limits& limits_;
  const SourcePos& pos_;
  std::vector<Open> stack_;
  std::vector<Value> pending_;
  std::vector<std::string> keys_;
  Value result_;
  uint64_t nodes_ = 0;
  bool failed_ = false;
};

}  // namespace

bool parse_json_range(std::string_view data, std::size_t begin, std::size_t end,
                      LineCounter& lines, const Limits& limits, JNode& out, JsonError& error,
                      const std::vector<JsonPath>* leave_out) {
  // The fast reader first; what it does not accept is read again by nlohmann's parser, which
  // says what is wrong and where. A limit the builder reports is the same under either reader,
  // except inside members left out: the fast reader skips them, nlohmann's parser builds and
  // checks them (it only runs on a range with a syntax error, which is then what is reported
  // unless a limit was met before it).
  const char* base = data.data();
  const char* cursor = base + begin;
  LineCounter saved = lines;
  TreeBuilder builder(base, base + begin, base + end, &cursor, lines, limits, leave_out);
  auto status = json_scan::scan_json(
      base + begin, base + end, builder, [&] { return builder.leaving_out(); },
      [](const char*) { return true; }, &cursor, limits.depth);
  if (status != json_scan::Status::kRetry) {
    return finish(builder, status == json_scan::Status::kOk, data, cursor, out, error);
  }
  lines = saved;
  return parse_json_range_reference(data, begin, end, lines, limits, out, error);
}

bool parse_json_range_reference(std::string_view data, std::size_t begin, std::size_t end,
                                LineCounter& lines, const Limits& limits, JNode& out,
                                JsonError& error) {
  const char* base = data.data();
  const char* cursor = base + begin;
  TreeBuilder builder(base, base + begin, base + end, &cursor, lines, limits);
  TrackingIterator first(base + begin, &cursor);
  TrackingIterator last(base + end, &cursor);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(first, last, &builder, nlohmann::json::input_format_t::json,
                                   /*strict=*/true, /*ignore_comments=*/false);
  } catch (const std::exception& ex) {
    ok = false;
    if (!builder.failed()) {
      error.offset = static_cast<std::size_t>(cursor - base);
      error.message = clean_parse_error(ex.what());
    }
  }
  return finish(builder, ok, data, cursor, out, error);
}

Value json_to_value(const JNode& j, const SourcePos* pos, const std::string& pointer) {
  Value v;
  switch (j.type) {
    case JNode::Type::kNull:
      break;
    case JNode::Type::kBool:
      v = Value::boolean(j.boolean);
      break;
    case JNode::Type::kNumber:
      v = Value::number(j.number, j.text);
      break;
    case JNode::Type::kString:
      v = Value::string(j.text);
      break;
    case JNode::Type::kArray:
      v = Value::list();
      v.reserve(j.items.size());
      for (std::size_t i = 0; i < j.items.size(); ++i) {
        v.push_back(json_to_value(j.items[i], pos, pos ? pointer : pointer_append(pointer, i)));
      }
      break;
    case JNode::Type::kObject:
      v = Value::map();
      v.reserve(j.items.size());
      for (std::size_t i = 0; i < j.items.size(); ++i) {
        v.set(j.keys[i],
              json_to_value(j.items[i], pos, pos ? pointer : pointer_append(pointer, j.keys[i])));
      }
      break;
  }
  v.set_pos(pos ? *pos : j.pos(pointer));
  return v;
}

bool parse_json_value(std::string_view text, const Limits& limits, const SourcePos& pos,
                      Value& out, JsonError& error) {
  ValueBuilder builder(limits, pos);
  const char* cursor = text.data();
  auto status = json_scan::scan_json(
      text.data(), text.data() + text.size(), builder, [] { return false; },
      [](const char*) { return true; }, &cursor, limits.depth);
  if (status == json_scan::Status::kOk && !builder.failed()) {
    out = std::move(builder.result());
    return true;
  }
  // Not accepted, or over a limit: the located reader says what is wrong and where.
  JNode doc;
  if (!parse_json_text(text, limits, doc, error)) return false;
  out = json_to_value(doc, &pos);
  return true;
}

std::string json_error_code(const JsonError& error, const char* syntax_code) {
  return error.limit.empty() ? std::string(syntax_code) : limit_code(error.limit);
}

bool parse_json_text(std::string_view text, const Limits& limits, JNode& out,
                     JsonError& error) {
  LineCounter lines(text);
  return parse_json_range(text, 0, text.size(), lines, limits, out, error);
}

}  // namespace ecsguard
