// Evaluation of template values: intrinsic functions, parameters, mappings and conditions.
//
// evaluate() turns a long-form template value into a Value:
//   - literals are known, located at their line:column and JSON pointer;
//   - Ref/Fn::GetAtt to a resource are unknown ("known after deployment: Ref Repo") and keep the
//     resource they name, so normalisers can draw edges (references());
//   - Fn::Sub and Fn::Join over partly unknown values are unknown but keep their literal parts
//     (parts()), so "com.amazonaws.${AWS::Region}.ecr.api" still names the ecr.api service;
//   - Fn::If takes the branch its condition decides; an undecidable condition gives an unknown
//     that keeps the references of both branches;
//   - AWS::NoValue is absent: the map member or list item holding it disappears;
//   - a malformed intrinsic gives a diagnostic and an unknown, never a guessed value.
//
// Conditions are evaluated only when a value or a resource needs them, once each (memoised),
// with Kleene logic, and never by enumerating combinations; a condition that depends on itself is
// a diagnostic (cfn.condition.circular) and unknown.
//
// Evaluator methods live in four files: evaluator.cc (dispatch, Ref, GetAtt, If, FindInMap and
// the unknown-valued functions), intrinsics_text.cc (Sub, Join, Select, Split, Base64, Length,
// ToJsonString), cidr.cc and conditions.cc.
#pragma once

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "cloudformation/document.h"
#include "cloudformation/parameters.h"
#include "core/value.h"
#include "graph/suppression.h"

namespace ecsguard::cloudformation {

struct ResourceInfo {
  std::string id;
  std::string type;
  std::string condition;       // its Condition, "" when none
  std::string construct_path;  // CDK aws:cdk:path
  SourcePos pos;
  const Member* member = nullptr;
  std::vector<std::string> depends_on;  // resources it refers to (Ref, GetAtt, Sub, DependsOn)
  std::vector<Suppression> suppressions;  // written in its Metadata
};
using ResourceIndex = std::unordered_map<std::string, ResourceInfo>;

// A piece of a string known only in parts: literal text, or a hole with its unknown reason.
struct Part {
  bool known = true;
  std::string text;
};

// Three-valued truth of a condition.
struct Truth {
  enum class State { kFalse, kTrue, kUnknown };
  State state = State::kUnknown;
  std::string reason;  // why it is unknown
};

class Evaluator {
 public:
  Evaluator(Document& doc, const Parameters& params, const ResourceIndex& resources,
            const Limits& limits, Diagnostics& diags);

  const Limits& limits() const { return limits_; }
  Value evaluate(const JNode& node, const std::string& pointer);
  // The truth of the named condition; `at` is where it is used.
  Truth condition(const std::string& name, const SourcePos& at);

  // Logical IDs of the resources `v`, or anything inside it, refers to.
  std::vector<std::string> references(const Value& v) const;
  // The parts of a string known only in parts, or nullptr.
  const std::vector<Part>* parts(const Value& v) const;
  // Forgets what evaluate() recorded for references() and parts().
  void clear() { traces_.clear(); }

 private:
  struct Trace {
    std::vector<std::string> resources;
    std::vector<Part> parts;  // non-empty: a string known only in parts
  };
  struct Result {
    Value value;
    Trace trace;
  };

  Result eval(const JNode& n, const std::string& pointer, std::size_t depth);
  Result call(const std::string& fn, const JNode& arg, const SourcePos& at,
              const std::string& arg_pointer, std::size_t depth);
  Result record(Result r);
  Trace trace_of(const Value& v) const;
  static void merge(Trace& into, const Trace& from);

  // evaluator.cc
  Result ref(const JNode& arg, const SourcePos& at);
  Result resource_ref(const std::string& id, const std::string& what, const SourcePos& at);
  Result get_att(const JNode& arg, const SourcePos& at, const std::string& p, std::size_t depth);
  Result if_(const JNode& arg, const SourcePos& at, const std::string& p, std::size_t depth);
  Result find_in_map(const JNode& arg, const SourcePos& at, const std::string& p,
                     std::size_t depth);
  // intrinsics_text.cc, cidr.cc
  Result sub(const JNode& arg, const SourcePos& at, const std::string& p, std::size_t depth);
  Result join(const JNode& arg, const SourcePos& at, const std::string& p, std::size_t depth);
  Result select(const JNode& arg, const SourcePos& at, const std::string& p, std::size_t depth);
  Result split(const JNode& arg, const SourcePos& at, const std::string& p, std::size_t depth);
  Result base64(const JNode& arg, const SourcePos& at, const std::string& p, std::size_t depth);
  Result cidr(const JNode& arg, const SourcePos& at, const std::string& p, std::size_t depth);
  Result length(const JNode& arg, const SourcePos& at, const std::string& p, std::size_t depth);
  Result to_json_string(const JNode& arg, const SourcePos& at, const std::string& p,
                        std::size_t depth);
  // conditions.cc
  Truth eval_condition(const JNode& n, std::string_view pointer, std::size_t depth);
  Truth equals(const JNode& arg, const SourcePos& at, const std::string& p, std::size_t depth);

  // Diagnostics (each reported once per code and location) and the unknowns that go with them.
  void problem(const std::string& code, std::string message, const SourcePos& pos,
               Severity severity = Severity::kWarning);
  Result bad_arguments(const char* fn, const char* expected, const JNode& found,
                       const SourcePos& at);
  Result unknown(std::string reason, const SourcePos& at);

  Document& doc_;
  const Parameters& params_;
  const ResourceIndex& resources_;
  Limits limits_;
  uint64_t steps_ = 0;  // intrinsic function calls so far (limit intrinsic_steps)
  Diagnostics& diags_;
  std::unordered_map<JsonPointer, Trace, JsonPointerHash> traces_;  // by the pointer of the value they explain
  struct ConditionState {
    bool in_progress = false;
    bool done = false;
    Truth truth;
  };
  std::unordered_map<std::string, ConditionState> conditions_;
  std::vector<std::string> condition_stack_;
  std::set<std::string> reported_;
};

// "a string", "an object", "a list of 3 items", ...
std::string describe(const JNode& j);
// The text of a known scalar (numbers as written canonically, booleans "true"/"false").
bool scalar_text(const Value& v, std::string& out);

}  // namespace ecsguard::cloudformation
