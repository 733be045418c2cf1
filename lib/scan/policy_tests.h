// Running the tests that policies carry (`ecsguard test`).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "policy/policy.h"

namespace ecsguard {

struct PolicyTestOutcome {
  const policy::Policy* policy = nullptr;
  const policy::PolicyTest* test = nullptr;
  bool passed = false;
  std::vector<std::string> failures;  // one line per mismatch, with expected, actual, evidence
};

std::vector<PolicyTestOutcome> run_policy_tests(const policy::PolicySet& policies);

// Human-readable report; returns the number of failed test cases.
std::size_t write_policy_test_report(std::ostream& out,
                                     const std::vector<PolicyTestOutcome>& outcomes, bool verbose);

}  // namespace ecsguard
