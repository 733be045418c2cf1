// Policies and policy sets. A PolicySet is immutable once loaded and safe to share between
// threads that evaluate different graphs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/value.h"
#include "graph/kept_attributes.h"
#include "graph/kinds.h"
#include "policy/condition.h"

namespace ecsguard::policy {

enum class Severity : uint8_t { kInfo, kLow, kMedium, kHigh, kCritical };
const char* to_string(Severity s);
// A policy's controls as a JSON object: {"catalogue":["id",...],...}, catalogues in order.
std::string controls_json(const std::map<std::string, std::vector<std::string>>& controls);
bool parse_severity(std::string_view s, Severity& out);

enum class Status : uint8_t { kPass, kFail, kUnknown, kSkip, kSuppressed };
const char* to_string(Status s);
bool parse_status(std::string_view s, Status& out);

struct Param {
  Value default_value;
  std::string description;
};

// One case of a policy's own tests.
struct PolicyTest {
  std::string name;
  std::string format;  // "terraform" or "cloudformation"
  std::string input;   // inline document text, or empty when `file` is set
  std::string source;  // the input as written in the policy file (YAML), for documentation
  std::string file;    // path (resolved against the policy file's directory)
  std::map<std::string, std::string> params;  // NAME → YAML value
  std::vector<std::pair<std::string, Status>> expect;  // "ADDRESS" or "ADDRESS ELEMENT"
  SourcePos pos;
};

struct Policy {
  std::string id;
  std::string title;
  Severity severity = Severity::kMedium;
  std::string description;
  std::string remediation;
  std::vector<std::string> references;
  std::map<std::string, std::vector<std::string>> controls;  // catalogue → ids
  NodeKind kind = NodeKind::kCluster;
  bool has_where = false;
  Condition where;
  Condition check;
  Status on_unknown = Status::kUnknown;
  std::string on_unknown_reason;
  std::map<std::string, Param> params;
  std::string message;
  std::vector<PolicyTest> tests;
  std::string file;  // where it was loaded from
  SourcePos pos;
};

class PolicySet {
 public:
  PolicySet() = default;
  explicit PolicySet(std::vector<Policy> policies);

  const std::vector<Policy>& policies() const { return policies_; }
  const Policy* find(std::string_view id) const;
  // Policies evaluated on nodes of `kind`, in id order.
  const std::vector<const Policy*>& for_kind(NodeKind kind) const {
    return by_kind_[static_cast<std::size_t>(kind)];
  }

 private:
  std::vector<Policy> policies_;
  std::vector<std::vector<const Policy*>> by_kind_ =
      std::vector<std::vector<const Policy*>>(kNodeKindCount);
};

// What a scan with `policies` keeps of its graphs (see KeptAttributes): the attribute paths
// evaluating them reads, per node kind, and the attributes side resources write
// (keep_folded_attributes). Unless `passes_kept` (the evaluation keeps passes, whose evidence
// shows the values they read), a value that a check only tests for being set is kept as that.
KeptAttributes needed_attributes(const PolicySet& policies, bool passes_kept = true);

}  // namespace ecsguard::policy
