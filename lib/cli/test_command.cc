// `ecsguard test [POLICY_DIR...] [--verbose]` — runs the tests policies carry.
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "scan/policy_tests.h"
#include "scan/scan.h"

namespace ecsguard::cli {

int test_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  PolicySources sources;
  bool verbose = false;
  Args args(argv);
  while (args.next()) {
    if (args.positional()) {
      sources.directories.push_back(args.arg());
    } else if (args.is("--verbose") || args.is("-v")) {
      verbose = true;
    } else {
      err << "ecsguard test: unknown option '" << args.arg() << "'\n";
      return kExitError;
    }
  }
  // Without directories, test the bundled pack; with them, only those directories.
  sources.bundled = sources.directories.empty();
  Diagnostics diags;
  policy::PolicySet policies = load_policies(sources, Limits{}, diags);
  for (const auto& d : diags) err << d.to_string() << '\n';
  std::vector<PolicyTestOutcome> outcomes = run_policy_tests(policies);
  std::size_t failed = write_policy_test_report(out, outcomes, verbose);
  std::size_t untested = 0;
  for (const auto& p : policies.policies()) {
    if (p.tests.empty()) {
      err << p.file << ": warning: policy " << p.id << " has no tests\n";
      ++untested;
    }
  }
  if (has_errors(diags)) return kExitError;
  return failed > 0 ? kExitFindings : kExitOk;
}

}  // namespace ecsguard::cli
