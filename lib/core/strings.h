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

bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

// camelCase / PascalCase → snake_case ("readonlyRootFilesystem" → "readonly_root_filesystem",
// "EFSVolumeConfiguration" → "efs_volume_configuration", "SizeInGiB" → "size_in_gib").
std::string snake_case(std::string_view name);

}  // namespace ecsguard
