// Located JSON: a small JSON tree whose every value knows its byte offset, line and column.
//
// nlohmann/json 3.11 reports no positions, so values are parsed with its SAX interface over a
// position-tracking iterator (see TrackingIterator). Readers never build a tree of a whole large
// document: they parse only the byte ranges they model (parse_json_range).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "core/location.h"
#include "core/limits.h"
#include "core/value.h"
#include "read/input.h"

namespace ecsguard {

struct JNode {
  enum class Type : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string text;  // string value, or the number's canonical spelling
  std::vector<JNode> items;  // array items, or object member values
  std::vector<std::string> keys;  // object member names, parallel to items
  std::size_t offset = 0;  // first byte of the value in the input
  uint32_t line = 0;
  uint32_t column = 0;

  bool is_null() const { return type == Type::kNull; }
  bool is_bool() const { return type == Type::kBool; }
  bool is_number() const { return type == Type::kNumber; }
  bool is_string() const { return type == Type::kString; }
  bool is_array() const { return type == Type::kArray; }
  bool is_object() const { return type == Type::kObject; }

  // Member lookup (last duplicate wins, like nlohmann); nullptr when missing or not an object.
  const JNode* get(std::string_view key) const;
  // Array element; nullptr when out of range or not an array.
  const JNode* at(std::size_t i) const;

  SourcePos pos(JsonPointer pointer) const { return SourcePos{line, column, std::move(pointer)}; }
};

const char* to_string(JNode::Type t);

struct JsonError {
  std::size_t offset = 0;  // byte offset into the input where parsing failed
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;  // what was found and what was expected
  std::string limit;    // the limit exceeded (limit_table() name), empty for a syntax error
};

// Object members a reader does not need, by their keys from the root: {"change", "before"} is
// the member "before" of the member "change" of the top-level object. When such a member's value
// is an object or an array, it is validated but not built, and an empty one of the same type
// stands in its place (its values do not count against the nodes limit).
using JsonPath = std::vector<std::string_view>;

// Parses data[begin, end) into `out`. `lines` must describe positions in `data` (it is advanced
// monotonically). Returns false and fills `error` on malformed JSON or exceeded limits.
// Reads with the fast reader (read/json_scan.h), and again with nlohmann's parser when that
// does not accept the range (which then builds every member, `leave_out` or not).
bool parse_json_range(std::string_view data, std::size_t begin, std::size_t end,
                      LineCounter& lines, const Limits& limits, JNode& out, JsonError& error,
                      const std::vector<JsonPath>* leave_out = nullptr);
// The same through nlohmann's SAX parser alone: the reference the fast reader is tested against,
// and the source of every syntax diagnostic.
bool parse_json_range_reference(std::string_view data, std::size_t begin, std::size_t end,
                                LineCounter& lines, const Limits& limits, JNode& out,
                                JsonError& error);

// Converts a located tree to a known Value. Every value gets `pos` when given (used for JSON held
// inside a string, whose inner positions cannot be pointed at), otherwise its own line:column with
// a pointer below `pointer`.
Value json_to_value(const JNode& j, const SourcePos* pos, const std::string& pointer = {});

// Parses a whole string as one JSON document into a Value whose every value has `pos` (where the
// string is): what json_to_value(tree, &pos) gives for the tree parse_json_text builds, without
// building that tree when the text is well formed and within the limits.
bool parse_json_value(std::string_view text, const Limits& limits, const SourcePos& pos,
                      Value& out, JsonError& error);

// Parses a whole string as one JSON document.
// The diagnostic code for a failed parse: limit.NAME when a limit was exceeded, else
// `syntax_code`.
std::string json_error_code(const JsonError& error, const char* syntax_code);

bool parse_json_text(std::string_view text, const Limits& limits, JNode& out,
                     JsonError& error);

// An input iterator over a byte range that publishes how far the parser has read, so SAX
// callbacks can recover token positions.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* p, const char** cursor) : p_(p), cursor_(cursor) {}
  reference operator*() const { return *p_; }
  TrackingIterator& operator++() {
    ++p_;
    *cursor_ = p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const TrackingIterator& a, const TrackingIterator& b) {
    return a.p_ == b.p_;
  }
  friend bool operator!=(const TrackingIterator& a, const TrackingIterator& b) {
    return a.p_ != b.p_;
  }

 private:
  const char* p_;
  const char** cursor_;
};

// Token starts, given the parser's read position when a SAX callback fires.
// String (or key): `end` is just past the closing quote.
const char* string_token_start(const char* begin, const char* end);
// Number: `end` is just past the character after the number (the lexer's look-ahead), or the
// end of input.
const char* number_token_start(const char* begin, const char* end, const char* input_end);

// "syntax error while parsing value - invalid literal; last read: 'x'" from nlohmann's what().
std::string clean_parse_error(const std::string& what);

}  // namespace ecsguard
