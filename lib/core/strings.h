// Small string helpers used across stages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ecsguard {

// Appends `s` to `out` as a JSON string literal (quotes included), escaping control characters,
// quotes and backslashes; invalid UTF-8 bytes are replaced with U+FFFD.
void append_json_string(std::string& out, std::string_view s);
std::string json_quote(std::string_view s);

// Canonical decimal spelling of a number: integers without a fraction ("512"), others with the
// shortest round-tripping representation.
std::string format_number(double d);

// Splits on a single character; keeps empty fields.
std::vector<std::string> split(std::string_view s, char sep);

// The length of the well-formed UTF-8 sequence starting at s[i] (1 to 4), or 0 when the bytes
// there are not one (a stray continuation byte, a truncated sequence, an overlong form, a
// surrogate, a code point past U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);
// The offset of the first byte that is not well-formed UTF-8, or npos when all of `s` is.
std::size_t first_invalid_utf8(std::string_view s);

// `s` safe to print on a terminal or in a CI log: control characters (C0, DEL) become "\xNN",
// so text from an input can neither move the cursor, recolour the screen nor start a new log
// line that a CI system would read as a command. Other bytes are kept.
std::string printable(std::string_view s);

// printable() line by line: '\n' and '\r' are kept, for output whose own format escapes them or
// that is one line per record.
std::string printable_lines(std::string_view s);

bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

// camelCase / PascalCase → snake_case ("readonlyRootFilesystem" → "readonly_root_filesystem",
// "EFSVolumeConfiguration" → "efs_volume_configuration", "SizeInGiB" → "size_in_gib").
std::string snake_case(std::string_view name);

}  // namespace ecsguard
