// Loading policies: parse (YAML) → validate (keys, types, attribute paths, graph steps, params,
// placeholders) → compile (conditions, every RE2). A policy with an error is not loaded; the
// diagnostic says where (file:line:col) and what was expected.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/limits.h"
#include "policy/policy.h"

namespace ecsguard::policy {

// Loads one policy from YAML text. Returns false (with diagnostics) when it is invalid.
// Without `with_tests`, its `tests` entry is not read: a scan evaluates policies and runs none of
// their tests, and yaml-cpp reading the tests was most of a small scan's policy loading. Problems
// inside the entry (even invalid YAML) are then `ecsguard test`'s to report; the rest of the file
// is checked as always, at the same lines and columns.
bool load_policy(const std::string& text, const std::string& file, const Limits& limits,
                 Policy& out, Diagnostics& diags, bool with_tests = true);

// Loads every *.yaml / *.yml file below `dir`, in path order; with two or more `threads`, the
// two halves of the files at once (the same policies and diagnostics in the same order).
void load_directory(const std::string& dir, const Limits& limits, std::vector<Policy>& out,
                    Diagnostics& diags, unsigned threads = 1, bool with_tests = true);

// Builds a set; a second policy with an id already taken is dropped with a diagnostic.
PolicySet make_policy_set(std::vector<Policy> policies, Diagnostics& diags);

// Parses a parameter override ("a", "[a, b]", "512") as YAML into a Value.
bool parse_param_value(const std::string& text, Value& out);

}  // namespace ecsguard::policy
