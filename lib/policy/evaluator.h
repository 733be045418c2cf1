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
};

std::vector<Result> evaluate(const PolicySet& policies, const Graph& graph,
                             const EvalOptions& options = {});

}  // namespace ecsguard::policy
