// The part of `ecsguard scan` after evaluation: the review stages (lib/review) and the reports
// written to files. Kept apart from scan_command.cc, which parses the rest of the command line.
#pragma once

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "cli/options.h"
#include "report/report.h"
#include "review/baseline.h"
#include "scan/scan.h"

namespace ecsguard::cli {

struct ReviewOptions {
  std::vector<std::pair<report::Format, std::string>> outputs;  // --output FORMAT=PATH
  std::string source_root;   // --source-root (empty: the current directory)
  std::string link_base;     // --link-base
  std::string tf_source;     // --tf-source
  std::string suppressions;  // --suppressions
  bool no_suppressions = false;
  std::string baseline;        // --baseline
  std::string write_baseline;  // --write-baseline
  bool changes_only = false;
  unsigned jobs = 0;  // --jobs (0: every core)
  // --include-passed (a scan option): pass and skip results are reported, so they need
  // fingerprints too.
  bool include_passed = false;
};

// --jobs as a number of threads: one per core when not given.
unsigned threads(const ReviewOptions& options);

// Handles the current argument when it is one of the options above: returns 1 when it was
// (and was valid), 0 when it is not one of them, -1 with `error` set when its value is wrong.
int parse_review_option(Args& args, ReviewOptions& options, std::string& error);

// Checks the options against the file system and loads the files they name, before anything is
// scanned: a missing --tf-source directory or an unreadable or malformed suppressions or baseline
// file stops the run (false, with the reason on `err`).
struct ReviewInputs {
  std::vector<Suppression> suppressions;
  review::Baseline baseline;
};
bool load_review_inputs(const ReviewOptions& options, ReviewInputs& inputs, std::ostream& err);

// Runs the review stages on a scan, in order: --changes-only, --tf-source, fingerprints,
// suppressions, --write-baseline, --baseline. Their diagnostics are appended to
// scan.diagnostics. Returns the number of baselined results.
std::size_t review_scan(ScanResult& scan, const policy::PolicySet& policies,
                        const ReviewOptions& options, const ReviewInputs& inputs);

// Writes every --output report; false (with a message on `err`) when a file cannot be written.
bool write_outputs(const report::Report& report, const ReviewOptions& options, std::ostream& err);

// The progress callback for scan(): a line on `err` (rewritten in place) when `err` is a
// terminal and there are at least `min_inputs` inputs; otherwise none.
ScanOptions scan_options(const ReviewOptions& options, std::ostream& err,
                         std::size_t min_inputs = 10);

}  // namespace ecsguard::cli
