// Suppressions: written decisions that a policy does not apply to a resource, each with a reason
// and optionally an expiry date. They come from a suppressions file (--suppressions) and from the
// inputs themselves (Node::suppressions, filled by readers from CloudFormation Metadata).
//
// Applying them is a stage between evaluation and reporting: a fail or unknown result covered by
// a valid suppression becomes `suppressed`, keeps everything else and records the suppression.
// Nothing is dropped. A suppression that has expired, has no reason or has a malformed date is
// not applied and is reported instead, so a stale or careless one never hides a finding.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "graph/graph.h"
#include "graph/suppression.h"
#include "policy/policy.h"
#include "policy/result.h"

namespace ecsguard::review {

// Parses a suppressions file:
//
//   suppressions:
//     - id: ecs-service-public-ip            # policy id (required)
//       resource: 'module.web["*"].aws_ecs_service.this'   # address glob (required)
//       reason: NAT gateway lands in JIRA-123  # required
//       expires: 2025-09-30                  # optional, YYYY-MM-DD, inclusive
//
// Structural problems (YAML syntax, a missing list, unknown keys, wrong types, a missing id or
// resource) are diagnostics with file:line:col; the entries they affect are left out, the others
// are kept. Reasons and dates are checked when the suppressions are applied.
void parse_suppressions(std::string_view text, const std::string& file,
                        std::vector<Suppression>& out, Diagnostics& diags);

// Reads and parses `path`; false (with a "suppression.unreadable" diagnostic) when it cannot be
// read.
bool load_suppression_file(const std::string& path, std::vector<Suppression>& out,
                           Diagnostics& diags);

struct SuppressionOptions {
  std::string today;  // "YYYY-MM-DD"; empty: today's date in UTC from the system clock
  // Policies loaded for the run, to report file rules naming a policy that does not exist.
  const policy::PolicySet* policies = nullptr;
};

// Applies `rules` (from files) and the suppressions attached to each result's resource node in
// `graphs` (matched by input file and address). Node suppressions are tried first, then the rules
// in order; the first valid match wins. Reports expired (warning), reason-less and malformed
// (error), unknown-policy (warning) and unused (note) suppressions in `diags`.
void apply_suppressions(std::vector<policy::Result>& results, const std::vector<Graph>& graphs,
                        const std::vector<Suppression>& rules, const SuppressionOptions& options,
                        Diagnostics& diags);

// `*` matches any run of characters (dots and brackets included), `?` exactly one.
bool glob_match(std::string_view pattern, std::string_view text);

// Today's date in UTC as "YYYY-MM-DD".
std::string today_utc();

}  // namespace ecsguard::review
