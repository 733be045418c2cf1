// A scan: paths → graphs → results, with the policies loaded once.
#pragma once

#include <functional>
#include <future>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "inputs/inputs.h"
#include "policy/evaluator.h"
#include "policy/loader.h"

namespace ecsguard {

// The bundled policy pack: <prefix>/share/ecsguard/policies next to an installed binary, else
// the source tree's policies/ directory. Empty when neither exists.
std::string bundled_policy_dir();

struct PolicySources {
  bool bundled = true;
  std::vector<std::string> directories;  // extra policy directories, after the bundled pack
  bool strict = false;  // any invalid policy is fatal
  unsigned threads = 1;  // policy files loaded at once (two halves with two or more)
  // Whether the policies' tests are read (policy::load_policy): a scan runs none of them.
  bool with_tests = true;
};

// Loads and compiles the policies. Invalid policy files are reported in `diags` and skipped
// (all of them fatal with `strict`, in which case an empty set is returned).
policy::PolicySet load_policies(const PolicySources& sources, const Limits& limits,
                                Diagnostics& diags);

struct ScanResult {
  std::vector<Graph> graphs;
  std::vector<policy::Result> results;  // sorted
  Diagnostics diagnostics;              // not tied to one input
  // Passes and skips evaluated but not made into results (EvalOptions::keep_passes false).
  policy::Summary not_kept;
};

ScanResult scan(const std::vector<std::string>& paths, const policy::PolicySet& policies,
                const InputOptions& input_options, const policy::EvalOptions& eval_options);

struct ScanOptions {
  // Threads: inputs read and evaluated at the same time, or, for a single input, the threads
  // its evaluation may use (this sets EvalOptions::threads, whatever the caller's); 0 means one
  // per hardware thread. The result does not depend on it: graphs stay in input order and
  // results are sorted.
  unsigned jobs = 0;
  // Called after each input is done with (done, total), from whichever thread finished it; the
  // caller serialises its own output. May be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

ScanResult scan(const std::vector<std::string>& paths, const policy::PolicySet& policies,
                const InputOptions& input_options, const policy::EvalOptions& eval_options,
                const ScanOptions& scan_options);

// Policies still being loaded on another thread. The inputs are read meanwhile; each waits for
// the policies before it is evaluated. A null set ends the scan without evaluating anything (the
// caller has found the policies unusable; it also raises InputOptions::stop so that an input
// being read stops early), and a set loading threw rethrows from scan().
using PendingPolicies = std::shared_future<const policy::PolicySet*>;

ScanResult scan(const std::vector<std::string>& paths, const PendingPolicies& policies,
                const InputOptions& input_options, const policy::EvalOptions& eval_options,
                const ScanOptions& scan_options);

}  // namespace ecsguard
