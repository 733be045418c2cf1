// Finding a policy file's top-level `tests:` entry without parsing YAML, so that a scan can load
// the policy without reading its tests (two thirds of the bundled pack's bytes).
//
// The entry is found only where the text alone shows where it begins and ends; anywhere in doubt
// (an open quote or flow collection, a block scalar whose extent needs the YAML structure, an
// anchor) it is not found and the whole file is read. Whether the key really is a top-level key
// is then asked of yaml-cpp: the key stays in the blanked text, and `kept_tests_key` checks where
// the parser put it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace YAML {
class Node;
}

namespace ecsguard::policy {

// A `tests:` key at column 0 of line `line` (0-based), its value from byte `value` (just after the
// colon) up to byte `end` (the start of the next entry's line, or the end of the text).
struct TestsEntry {
  std::size_t line = 0;
  std::size_t value = 0;
  std::size_t end = 0;
};

// The entry of `text` (a policy file), when the file is a block mapping at its top level and the
// entry's extent is certain from its characters.
std::optional<TestsEntry> find_tests_entry(std::string_view text);

// `text` with the entry's value emptied: the key stays with no value, each line of the value
// becomes an empty line, and every other line keeps its number and columns.
std::string blank_tests_entry(std::string_view text, const TestsEntry& entry);

// Whether `root`, parsed from blank_tests_entry's text, has the kept key as a top-level key with
// no value. If it has not, the key was inside an earlier value (a quoted scalar going on at
// column 0, a flow mapping) and the file must be read whole.
bool kept_tests_key(const YAML::Node& root, const TestsEntry& entry);

}  // namespace ecsguard::policy
