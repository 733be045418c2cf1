// Evaluation results (DESIGN.md §4): one per evaluated (policy, node) pair.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/boxed.h"
#include "core/location.h"
#include "core/small_vector.h"
#include "graph/suppression.h"
#include "policy/policy.h"

namespace ecsguard::policy {

struct Evidence {
  SharedText path;      // e.g. "containers[web].privileged", "environment[2].name"
  SharedText observed;  // rendered value; "<sensitive>" for sensitive values
  SharedText display;   // the same for messages: unquoted, defaults spelt out (filled for
                        // failures only: only their messages read it)
  SourcePos pos;
};

// What results are about: one resource of one input, or one element inside it. All results of
// a node share one Subject, so a result does not copy its strings; subjects share the texts
// that recur (kind, source type, file) too.
struct Subject {
  SharedText address;  // the resource: Terraform address or CloudFormation logical ID
  SharedText kind;     // the resource's node kind (task_definition for containers)
  SharedText source_type;
  SharedText file;
  uint32_t line = 0;   // the resource's line
  SharedText element;  // e.g. "containers[web]"
  SharedText construct_path;
  // The evaluated graph's texts (Graph::texts()): the positions results copy from its values
  // point into them, so results may outlive the graph.
  std::shared_ptr<const void> texts;
};

// A finding's fingerprint (lib/review/fingerprint.h): 128 bits kept in the result itself (results
// are many; as 32 hexadecimal digits in a buffer of its own, each would cost three times as much),
// written as 32 lowercase hexadecimal digits.
class Fingerprint {
 public:
  Fingerprint() = default;
  // From 32 hexadecimal digits; anything else gives an empty fingerprint.
  static Fingerprint from_hex(std::string_view hex);
  bool empty() const { return !set_; }
  std::string hex() const;  // "" when empty
  friend bool operator==(const Fingerprint& a, const Fingerprint& b) {
    return a.set_ == b.set_ && a.bytes_ == b.bytes_;
  }
  friend bool operator!=(const Fingerprint& a, const Fingerprint& b) { return !(a == b); }

 private:
  std::array<uint8_t, 16> bytes_{};
  bool set_ = false;
};

struct Result {
  const Policy* policy = nullptr;
  Status status = Status::kPass;
  Status suppressed_status = Status::kPass;  // when status is kSuppressed: the status it replaced
  // Set by the review stage (lib/review), empty before it runs: a hash of what identifies the
  // finding (policy, input, resource, element) and never of positions, so baselines and SARIF
  // fingerprints survive line moves. Beside the statuses, where it fills what would be padding.
  Fingerprint fingerprint;
  // Never null in a result the evaluator made; shared by every result of the same node.
  std::shared_ptr<const Subject> subject;
  SharedText reason;  // why the result is unknown (or why on_unknown decided)
  // The most precise place: the evidence, else the resource. It is in the subject's file unless
  // relocate() named another (the review stage points Terraform findings at their .tf block).
  SourcePos at;
  SmallVector<Evidence, 1> evidence;  // one item in most results: kept inline

  // When status is kSuppressed: the suppression that applied (null otherwise).
  const Suppression* suppression() const {
    return rare_.get() != nullptr ? rare_.get()->suppression.get() : nullptr;
  }
  // Shared, since results are many and suppressions few.
  void set_suppression(std::shared_ptr<const Suppression> s) {
    rare_.make().suppression = std::move(s);
  }

  const SharedText& address() const { return subject->address; }
  const SharedText& kind() const { return subject->kind; }
  const SharedText& source_type() const { return subject->source_type; }
  const SharedText& file() const { return subject->file; }
  uint32_t line() const { return subject->line; }
  const SharedText& element() const { return subject->element; }
  const SharedText& construct_path() const { return subject->construct_path; }
  Location location() const {
    const Rare* rare = rare_.get();
    return Location(
        rare == nullptr || rare->at_file.empty() ? subject->file.str() : rare->at_file.str(), at);
  }
  void relocate(const Location& l) {
    rare_.make().at_file = l.file;
    at = SourcePos{l.line, l.column, l.pointer};
  }

  // The message: the policy's message template for failures, why for undecided results, the
  // policy's title otherwise. Rendered when asked (render_message), from the policy's own
  // parameters, unless the evaluation rendered and stored it because its parameter overrides
  // show in it: results are many and kept to the end, a message is printed once or twice.
  std::string message() const;
  void set_message(std::string_view m) { rare_.make().message = m; }

 private:
  // What few results have, out of line: results are many (hundreds of thousands in a large
  // plan), and each of these would cost every one of them.
  struct Rare {
    SharedText at_file;
    std::shared_ptr<const Suppression> suppression;
    SharedText message;
  };
  Boxed<Rare> rare_;
};

// Deterministic order: file, address, element, policy id. Stable: results that compare equal
// keep their order.
void sort_results(std::vector<Result>& results);

// The message of `r` (Result::message) with the policy's parameters as `overrides` set them
// (null: the policy's defaults). A suppressed result says what it would have said unsuppressed.
std::string render_message(const Result& r, const std::map<std::string, Value>* overrides);

// Permutes `results` in place so that position i holds the result that was at order[i]; `order`
// is a permutation of 0..results.size()-1. Each result moves about once.
void apply_order(std::vector<Result>& results, const std::vector<uint32_t>& order);

struct Summary {
  std::size_t pass = 0, fail = 0, unknown = 0, skip = 0, suppressed = 0;

  void count(Status status);  // one more result of `status`

  Summary& operator+=(const Summary& o) {
    pass += o.pass;
    fail += o.fail;
    unknown += o.unknown;
    skip += o.skip;
    suppressed += o.suppressed;
    return *this;
  }
};
Summary summarise(const std::vector<Result>& results);

}  // namespace ecsguard::policy
