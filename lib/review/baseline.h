// Baselines: the findings a team has already accepted, so that a scan reports only new ones.
//
// `--write-baseline FILE` records the fingerprints (fingerprint.h) of the current fail and unknown
// results; `--baseline FILE` drops the results whose fingerprint it lists, and the report counts
// them as `baselined`. Because fingerprints ignore positions, reformatting an input or moving a
// resource around does not bring baselined findings back; a finding on another resource,
// container, policy or input is new. Refresh the file (--write-baseline) after fixing findings,
// or a fixed one that comes back later stays hidden.
//
// The file (docs/ci.md, "Baselines") is JSON, one finding per line so that reviews of a changed
// baseline read well, without timestamps so that the same findings give the same bytes:
//
//   {"ecsguard_baseline": 1, "findings": [
//   {"fingerprint": "…", "policy": "…", "input": "…", "address": "…", "element": "…",
//    "status": "fail"}
//   ]}
//
// Only `fingerprint` is read back; the other fields are there for people.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "policy/result.h"

namespace ecsguard::review {

struct Baseline {
  std::set<std::string> fingerprints;
};

// The baseline file for the fail and unknown results among `results` (fingerprints assigned).
std::string baseline_json(const std::vector<policy::Result>& results,
                          const std::string& source_root);

// Parses a baseline file. Returns false with diagnostics (baseline.bad_json, baseline.bad_format)
// when it is not one.
bool parse_baseline(std::string_view text, const std::string& file, Baseline& out,
                    Diagnostics& diags);
bool read_baseline(const std::string& path, Baseline& out, Diagnostics& diags);
bool write_baseline(const std::string& path, const std::vector<policy::Result>& results,
                    const std::string& source_root, Diagnostics& diags);

// Removes the fail and unknown results whose fingerprint is in `baseline`; returns how many.
// Other results (pass, skip, suppressed) are never baselined.
std::size_t apply_baseline(std::vector<policy::Result>& results, const Baseline& baseline);

}  // namespace ecsguard::review
