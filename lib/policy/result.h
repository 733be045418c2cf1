// Evaluation results (DESIGN.md §4): one per evaluated (policy, node) pair.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/location.h"
#include "graph/suppression.h"
#include "policy/policy.h"

namespace ecsguard::policy {

struct Evidence {
  std::string path;      // e.g. "containers[web].privileged", "environment[2].name"
  std::string observed;  // rendered value; "<sensitive>" for sensitive values
  std::string display;   // the same for messages: unquoted, defaults spelt out (filled for
                         // failures only: only their messages read it)
  SourcePos pos;
};

struct Result {
  const Policy* policy = nullptr;
  Status status = Status::kPass;
  std::string address;      // the resource: Terraform address or CloudFormation logical ID
  std::string kind;         // the resource's node kind (task_definition for containers)
  std::string source_type;
  std::string file;
  uint32_t line = 0;        // the resource's line
  std::string element;      // e.g. "containers[web]"
  std::string construct_path;
  std::string message;
  std::string reason;       // why the result is unknown (or why on_unknown decided)
  Location location;        // the most precise place: the evidence, else the resource
  std::vector<Evidence> evidence;
  // Set by the review stage (lib/review), empty before it runs: a hash of what identifies the
  // finding (policy, input, resource, element) and never of positions, so baselines and SARIF
  // fingerprints survive line moves.
  std::string fingerprint;
  // When status is kSuppressed: the suppression that applied (null otherwise: shared, since
  // results are many and suppressions few), and the status it replaced.
  std::shared_ptr<const Suppression> suppression;
  Status suppressed_status = Status::kPass;
};

// Deterministic order: file, address, element, policy id. Stable: results that compare equal
// keep their order.
void sort_results(std::vector<Result>& results);

// Permutes `results` in place so that position i holds the result that was at order[i]; `order`
// is a permutation of 0..results.size()-1. Each result moves about once.
void apply_order(std::vector<Result>& results, const std::vector<uint32_t>& order);

struct Summary {
  std::size_t pass = 0, fail = 0, unknown = 0, skip = 0, suppressed = 0;
};
Summary summarise(const std::vector<Result>& results);

}  // namespace ecsguard::policy
