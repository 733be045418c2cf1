// Reporters: one file per output format. A reporter only formats results; it never evaluates.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "policy/result.h"

namespace ecsguard::report {

struct Report {
  const std::vector<Graph>* graphs = nullptr;         // one per input, in input order
  const std::vector<policy::Result>* results = nullptr;  // sorted
  Diagnostics diagnostics;  // diagnostics not tied to one input (directory walk, policies)
  bool include_passed = false;  // also pass, skip and suppressed results
  std::string tool_version;
  bool color = false;       // text only
};

// Whether a result is shown (fail and unknown always; the rest with include_passed).
bool shown(const Report& r, const policy::Result& result);

void write_json(std::ostream& out, const Report& report);
void write_text(std::ostream& out, const Report& report);

}  // namespace ecsguard::report
