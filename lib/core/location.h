// Source positions and locations shared by every pipeline stage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_pointer.h"

namespace ecsguard {

// Where a value came from inside one input: 1-based line and column (bytes) and an RFC 6901 JSON
// pointer into the document. A default-constructed SourcePos (line 0) means "no position".
struct SourcePos {
  uint32_t line = 0;
  uint32_t column = 0;
  JsonPointer pointer;

  bool known() const { return line != 0; }
  friend bool operator==(const SourcePos& a, const SourcePos& b) {
    return a.line == b.line && a.column == b.column && a.pointer == b.pointer;
  }
  friend bool operator!=(const SourcePos& a, const SourcePos& b) { return !(a == b); }
};

// A position together with the file it belongs to.
struct Location {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  JsonPointer pointer;

  Location() = default;
  Location(std::string f, const SourcePos& pos)
      : file(std::move(f)), line(pos.line), column(pos.column), pointer(pos.pointer) {}

  // "file:line:col", "file:line" or "file", whichever is known.
  std::string to_string() const;
  friend bool operator==(const Location& a, const Location& b) {
    return a.file == b.file && a.line == b.line && a.column == b.column && a.pointer == b.pointer;
  }
};

// Appends one RFC 6901 reference token ("~" → "~0", "/" → "~1") to a pointer.
std::string pointer_append(std::string_view pointer, std::string_view token);
std::string pointer_append(std::string_view pointer, std::size_t index);

}  // namespace ecsguard
