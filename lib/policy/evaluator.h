// Evaluating a policy set against a graph: one pass over the nodes, each (node, policy) pair
// evaluated once. Thread-safe: a PolicySet and a Graph may be shared by many evaluations.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "policy/policy.h"
#include "policy/result.h"

namespace ecsguard::policy {

struct EvalOptions {
  // Overrides of policy params: policy id → param name → value.
  std::map<std::string, std::map<std::string, Value>> params;
  std::set<std::string> disabled;  // policy ids not evaluated at all
  // Threads evaluate() may use: with 2 or more, a large graph's nodes are split between two
  // threads. The results are the same, in the same order, either way.
  unsigned threads = 1;
  // Whether pass and skip results are made. A scan whose reports list neither only needs their
  // number: with false, they are counted into evaluate()'s `not_kept` instead (the results that
  // are made are the same, in the same order), which saves most of the results' memory.
  bool keep_passes = true;
};

// One result per evaluated (policy, node) pair, sorted (sort_results order); without
// options.keep_passes, passes and skips are only counted, into `not_kept` (required then).
std::vector<Result> evaluate(const PolicySet& policies, const Graph& graph,
                             const EvalOptions& options = {}, Summary* not_kept = nullptr);

}  // namespace ecsguard::policy
