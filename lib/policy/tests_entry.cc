#include "policy/tests_entry.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>

namespace ecsguard::policy {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_flow_indicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }
bool is_tag_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("-!#;/?:@&=+$_.~*()%").find(c) != std::string_view::npos;
}
// The characters that may mean something inside a plain scalar: all others are its text.
constexpr std::array<bool, 256> kStops = [] {
  std::array<bool, 256> stops{};
  for (unsigned char c : std::string_view(" \t\r:#,[]{}")) stops[c] = true;
  return stops;
}();
// Whether `text` has a carriage return not followed by '\n': yaml-cpp reads it as text, not as
// a line's end.
bool lone_carriage_return(std::string_view text) {
  for (std::size_t cr = text.find('\r'); cr != std::string_view::npos;
       cr = text.find('\r', cr + 1)) {
    if (cr + 1 == text.size() || text[cr + 1] != '\n') return true;
  }
  return false;
}

// Follows the value of the `tests:` entry line by line, keeping what can carry it past a line's
// end: an open quoted scalar, open flow collections, a plain scalar, a block scalar. It reads
// YAML's tokens only as far as needed for that; where telling would need the YAML structure (a
// line that may go on with a plain scalar or begin a new node, a block scalar whose parent is on
// another line, tabs as indentation, anchors, complex keys) it answers "unsure".
class ValueScanner {
 public:
  enum class Line { kInside, kEnd, kUnsure };

  explicit ValueScanner(std::string_view text) : text_(text) {}

  // The rest of the key's line: `key_at` is the line's start, `from` the byte after the colon.
  bool first(std::size_t key_at, std::size_t from, std::size_t eol) {
    line_ = key_at;
    key_line_ = key_at;
    key_col_ = 0;
    start_ = true;
    return scan(from, eol);
  }

  // A later line, from `at` to `eol` (its '\n' or the end of the text).
  Line next(std::size_t at, std::size_t eol) {
    line_ = at;
    std::size_t first = at;
    while (first < eol && text_[first] == ' ') ++first;
    std::size_t nonblank = first;
    while (nonblank < eol && (is_blank(text_[nonblank]) || text_[nonblank] == '\r')) ++nonblank;
    bool blank = nonblank == eol;
    int indent = static_cast<int>(first - at);
    if (quote_ != 0) {
      if (!blank && indent == 0) return Line::kUnsure;  // a quoted scalar going on at column 0
      return scan(at, eol) ? Line::kInside : Line::kUnsure;
    }
    if (content_ >= 0) {  // inside a block scalar: its lines are text, whatever they hold
      if (blank || indent >= content_) return Line::kInside;
      content_ = -1;
    }
    if (header_) {
      if (blank) return Line::kInside;
      header_ = false;
      if (indent > parent_) {
        content_ = indent;
        return Line::kInside;
      }
    }
    if (blank) return Line::kInside;
    char c = text_[first];
    if (c == '\t') return Line::kUnsure;
    bool item =
        c == '-' && (first + 1 == eol || is_blank(text_[first + 1]) || text_[first + 1] == '\r');
    if (indent == 0 && c != '#' && !item) return depth_ > 0 ? Line::kUnsure : Line::kEnd;
    if (c == '#') {
      plain_ = false;
      return Line::kInside;
    }
    start_ = true;
    if (plain_) {
      // A plain scalar goes on over lines in a flow collection, and in a block one on lines
      // indented beyond the collection holding it; there only plain text is read alike.
      bool goes_on = depth_ > 0 || (plain_parent_ >= 0 && indent > plain_parent_);
      if (depth_ == 0 && plain_parent_ < 0) return Line::kUnsure;
      if (goes_on && std::string_view("\"'[{|>!&*").find(c) != std::string_view::npos) {
        return Line::kUnsure;
      }
      start_ = !goes_on;
      plain_ = goes_on;
    }
    return scan(first, eol) ? Line::kInside : Line::kUnsure;
  }

  // Whether the value may end here: nothing open that would go on past the end of the text.
  bool closed() const { return quote_ == 0 && depth_ == 0; }

 private:
  // Scans [i, eol) of the current line. False when unsure.
  bool scan(std::size_t i, std::size_t eol) {
    bool blank_before = i == line_ || is_blank(text_[i - 1]);
    bool after_close = false;  // just after a closing quote or bracket
    while (i < eol) {
      char ch = text_[i];
      if (quote_ == '"') {
        if (ch == '\\') {
          i += 2;
          continue;
        }
        if (ch == '"') quote_ = 0, after_close = true, blank_before = false;
        ++i;
        continue;
      }
      if (quote_ == '\'') {
        if (ch == '\'' && i + 1 < eol && text_[i + 1] == '\'') {
          i += 2;
          continue;
        }
        if (ch == '\'') quote_ = 0, after_close = true, blank_before = false;
        ++i;
        continue;
      }
      if (!start_ && !after_close && !kStops[static_cast<unsigned char>(ch)]) {
        blank_before = false;  // more of a plain scalar
        ++i;
        continue;
      }
      if (ch == '\r') break;  // the line's last character: lone ones are refused before
      if (is_blank(ch)) {
        blank_before = true;
        ++i;
        continue;
      }
      if (ch == '#' && blank_before) {
        plain_ = false;
        break;
      }
      if (ch == '#' && depth_ > 0) return false;  // a comment where a flow token may start
      bool blank_after = i + 1 == eol || is_blank(text_[i + 1]) || text_[i + 1] == '\r';
      int col = static_cast<int>(i - line_);
      bool was_closed = after_close;
      after_close = false;
      blank_before = false;
      if (was_closed) {
        // After a quoted scalar or a flow collection: a value indicator, a flow separator or a
        // comment; anything else is an error or needs the grammar.
        bool indicator = ch == ':' && (blank_after || depth_ > 0);
        if (!indicator && !(depth_ > 0 && is_flow_indicator(ch) && ch != '[' && ch != '{')) {
          return false;
        }
      }
      if (start_) {
        start_ = false;
        switch (ch) {
          case '"':
          case '\'':
            quote_ = ch;
            node_col_ = col;
            node_line_ = line_;
            plain_ = false;
            ++i;
            continue;
          case '[':
          case '{':
            ++depth_;
            node_col_ = col;
            node_line_ = line_;
            start_ = true;
            plain_ = false;
            ++i;
            continue;
          case '|':
          case '>':
            return depth_ == 0 && header(i + 1, eol);
          case '!': {  // a tag: the node follows it after a blank, or it is empty before a
                       // flow collection's ',' or end (a quote or an opening bracket right
                       // after it would open there: unsure)
            while (i < eol && is_tag_char(text_[i])) ++i;
            char after = i < eol ? text_[i] : ' ';
            bool ends_empty = depth_ > 0 && (after == ',' || after == ']' || after == '}');
            if (!is_blank(after) && after != '\r' && !ends_empty) return false;
            start_ = true;
            continue;
          }
          case '&':  // an anchor may be used after the entry
          case '%':
          case '@':
          case '`':
            return false;
          case '?':
            if (blank_after) return false;  // a complex key
            break;
          case '-':
            if (blank_after && depth_ == 0) {  // a block sequence entry
              key_col_ = col;
              key_line_ = line_;
              start_ = true;
              ++i;
              continue;
            }
            break;
          default:
            break;
        }
        if (!(depth_ > 0 && is_flow_indicator(ch)) && !(ch == ':' && blank_after)) {
          node_col_ = col;  // a plain scalar (or an alias) begins
          node_line_ = line_;
          plain_ = true;
          plain_parent_ = key_line_ == line_ ? key_col_ : -1;
          ++i;
          continue;
        }
      }
      if (depth_ > 0 && (ch == '[' || ch == '{')) {
        ++depth_;
        start_ = true;
        plain_ = false;
      } else if (depth_ > 0 && (ch == ']' || ch == '}')) {
        --depth_;
        after_close = true;
        plain_ = false;
      } else if (depth_ > 0 && ch == ',') {
        start_ = true;
        plain_ = false;
      } else if (ch == ':' &&
                 (blank_after || (depth_ > 0 && i + 1 < eol && is_flow_indicator(text_[i + 1])))) {
        key_col_ = node_col_;  // a value indicator
        key_line_ = node_line_;
        start_ = true;
        plain_ = false;
      }
      ++i;
    }
    return true;
  }

  // A block scalar's header from `i` (after '|' or '>') to the end of its line.
  bool header(std::size_t i, std::size_t eol) {
    if (key_line_ != line_) return false;  // its parent is on another line
    while (i < eol && (text_[i] == '+' || text_[i] == '-')) ++i;
    if (i < eol && text_[i] >= '0' && text_[i] <= '9') return false;  // explicit indentation
    std::size_t rest = i;
    while (rest < eol && is_blank(text_[rest])) ++rest;
    bool comment = rest < eol && text_[rest] == '#' && rest > i;
    if (!(rest == eol || comment || (text_[rest] == '\r' && rest + 1 == eol))) return false;
    header_ = true;
    parent_ = key_col_;
    plain_ = false;
    return true;
  }

  std::string_view text_;
  std::size_t line_ = 0;       // start of the line being scanned
  char quote_ = 0;             // '"' or '\'' while a quoted scalar is open
  int depth_ = 0;              // open flow collections
  bool start_ = false;         // a node may begin at the next character
  bool plain_ = false;         // the last line ended inside a plain scalar
  int node_col_ = 0;           // column of the last node begun
  std::size_t node_line_ = 0;  // and its line's start
  int key_col_ = 0;            // column of the last key or block sequence entry
  std::size_t key_line_ = 0;   // and its line's start
  int plain_parent_ = -1;      // key_col_ where the open plain scalar began, -1 if elsewhere
  bool header_ = false;        // a block scalar's header was read, its content not yet
  int parent_ = 0;             // the column its content must be indented beyond
  int content_ = -1;           // the indentation of the block scalar being read
};

}  // namespace

std::optional<TestsEntry> find_tests_entry(std::string_view text) {
  auto line_end = [&](std::size_t at) {
    std::size_t eol = text.find('\n', at);
    return eol == std::string_view::npos ? text.size() : eol;
  };
  auto next_line = [&](std::size_t at) { return std::min(line_end(at) + 1, text.size()); };
  auto starts = [&](std::size_t at, std::string_view what) {
    return text.substr(at, what.size()) == what;
  };
  // Where the entry starts: only at column 0, and only when the first entry is a plain block
  // mapping key (not a flow mapping, whose lines may start anywhere).
  std::size_t key = std::string_view::npos;
  bool block = false;
  for (std::size_t at = 0; at < text.size(); at = next_line(at)) {
    char c = text[at];
    if (c == '\n' || c == '\r' || c == '#' || c == '%') continue;
    if (!block) {
      if (starts(at, "---")) {  // content after the marker (`--- {`) is not a block mapping
        std::size_t next = text.find_first_not_of(" \t", at + 3);
        if (next >= line_end(at) || text[next] == '\r') continue;
        return std::nullopt;
      }
      if (std::string_view(" \t{[\"'?-!&\xEF").find(c) != std::string_view::npos) {
        return std::nullopt;
      }
      block = true;
    }
    if (starts(at, "tests:")) {
      char next = at + 6 < text.size() ? text[at + 6] : '\n';
      if (is_blank(next) || next == '\n' || next == '\r') {
        key = at;
        break;
      }
    }
  }
  // NUL bytes: yaml-cpp may take the text for UTF-16 or UTF-32, which these bytes are not.
  if (key == std::string_view::npos || text.find('\0') != std::string_view::npos ||
      lone_carriage_return(text)) {
    return std::nullopt;
  }
  TestsEntry entry;
  entry.line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + key, '\n'));
  entry.value = key + 6;
  ValueScanner scanner(text);
  if (!scanner.first(key, entry.value, line_end(key))) return std::nullopt;
  for (std::size_t at = next_line(key); at < text.size(); at = next_line(at)) {
    switch (scanner.next(at, line_end(at))) {
      case ValueScanner::Line::kInside:
        continue;
      case ValueScanner::Line::kUnsure:
        return std::nullopt;
      case ValueScanner::Line::kEnd:
        entry.end = at;
        return entry;
    }
  }
  if (!scanner.closed()) return std::nullopt;
  entry.end = text.size();
  return entry;
}

std::string blank_tests_entry(std::string_view text, const TestsEntry& entry) {
  std::string out;
  out.reserve(text.size() - (entry.end - entry.value));
  out.append(text.substr(0, entry.value));
  out.append(static_cast<std::size_t>(
                 std::count(text.begin() + entry.value, text.begin() + entry.end, '\n')),
             '\n');
  out.append(text.substr(entry.end));
  return out;
}

bool kept_tests_key(const YAML::Node& root, const TestsEntry& entry) {
  if (!root.IsMap()) return false;
  for (const auto& kv : root) {
    YAML::Mark at = kv.first.Mark();
    if (at.line == static_cast<int>(entry.line) && at.column == 0) {
      return kv.first.IsScalar() && kv.first.Scalar() == "tests" && kv.second.IsNull();
    }
  }
  return false;
}

}  // namespace ecsguard::policy
