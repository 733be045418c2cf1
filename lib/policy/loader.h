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
// Without `test_texts`, its tests are checked as always but their inputs are not written out as
// text where that costs more than a copy (PolicyTest::source, and `input` of a test given as a
// mapping: a YAML emitter run, or a plan built from the resources): only running the tests and
// documenting them read those, and writing them was two fifths of a small scan.
bool load_policy(const std::string& text, const std::string& file, const Limits& limits,
                 Policy& out, Diagnostics& diags, bool test_texts = true);

// Loads every *.yaml / *.yml file below `dir`, in path order; with two or more `threads`, the
// two halves of the files at once (the same policies and diagnostics in the same order).
void load_directory(const std::string& dir, const Limits& limits, std::vector<Policy>& out,
                    Diagnostics& diags, unsigned threads = 1, bool test_texts = true);

// Builds a set; a second policy with an id already taken is dropped with a diagnostic.
PolicySet make_policy_set(std::vector<Policy> policies, Diagnostics& diags);

// Parses a parameter override ("a", "[a, b]", "512") as YAML into a Value.
bool parse_param_value(const std::string& text, Value& out);

}  // namespace ecsguard::policy
