// ecsguard: pre-deployment security scanning for Amazon ECS infrastructure-as-code.
//
// Reads Terraform/OpenTofu plans and states, CloudFormation templates (YAML and JSON) and CDK
// cloud assemblies, builds one resource graph of the ECS estate they describe, and evaluates
// declarative policies against it.
//
//   #include <ecsguard/scanner.h>
//
//   std::vector<ecsguard::Diagnostic> problems;
//   ecsguard::PolicySet policies = ecsguard::PolicySet::load({}, &problems);  // bundled pack
//   ecsguard::ScanResult result = ecsguard::scan(policies, {ecsguard::Input::file("plan.json")});
//   for (const ecsguard::Finding& f : result.findings)
//     if (f.status == ecsguard::Status::kFail) std::cout << f.address << ": " << f.message << "\n";
//
// Thread safety: a PolicySet is immutable once loaded; one PolicySet may be shared by any number
// of threads calling scan() concurrently on different inputs. ScanResult, Finding, Diagnostic and
// the other structs are plain values.
//
// Errors: nothing here throws for bad input. A malformed plan, template or policy becomes a
// Diagnostic (a stable code such as "tf.plan.bad_json", a message, and a location); the other
// inputs and policies are still processed. Only programming errors (e.g. std::bad_alloc) throw.
#ifndef ECSGUARD_SCANNER_H_
#define ECSGUARD_SCANNER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "ecsguard/export.h"
#include "ecsguard/limits.h"
#include "ecsguard/version.h"

namespace ecsguard {
// The API lives in a versioned namespace so that a future incompatible version can coexist;
// users write ecsguard::scan, ecsguard::Finding, ... through the using-directive below.
namespace v1 {

// The version of the library actually linked (may differ from ECSGUARD_VERSION_STRING when
// linking a newer shared library).
ECSGUARD_API const char* version();

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };
enum class Status { kPass, kFail, kUnknown, kSkip, kSuppressed };

ECSGUARD_API const char* to_string(Severity s);
ECSGUARD_API const char* to_string(Status s);

// A problem with an input or a policy: what, where, and a stable code (docs/errors.md).
struct Diagnostic {
  std::string code;      // e.g. "tf.plan.bad_json", "policy.unknown_attribute"
  std::string severity;  // "error", "warning" or "note"
  std::string message;
  std::string file;
  uint32_t line = 0;     // 1-based; 0 when unknown
  uint32_t column = 0;
  std::string pointer;   // JSON pointer into the document, when known
};

// One attribute the policy looked at, with its value as evidence. Sensitive values are shown
// as "<sensitive>".
struct Evidence {
  std::string path;
  std::string observed;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string pointer;
};

// The result of one policy on one resource (or one container of a task definition).
struct Finding {
  std::string policy_id;
  std::string title;
  Severity severity = Severity::kMedium;
  std::map<std::string, std::vector<std::string>> controls;  // catalogue → control ids
  Status status = Status::kPass;
  std::string address;      // Terraform address or CloudFormation logical ID
  std::string kind;         // node kind of the resource ("task_definition", "service", ...)
  std::string source_type;  // "aws_ecs_service", "AWS::ECS::Service", ...
  std::string element;      // "containers[web]" for findings inside a resource; else empty
  std::string construct_path;  // CDK construct path, when known
  std::string message;
  std::string reason;       // why an unknown result is undecided
  std::string file;         // the input
  uint32_t line = 0;        // the most precise location: the evidence, else the resource
  uint32_t column = 0;
  std::string pointer;
  std::vector<Evidence> evidence;
};

// What was read from one input.
struct InputSummary {
  std::string file;
  std::string format;       // "terraform-plan", "cloudformation-yaml", ...
  std::size_t resources = 0;
  std::size_t nodes = 0;
  std::vector<Diagnostic> diagnostics;
};

struct PolicyOptions {
  bool bundled = true;                     // the bundled pack (found next to the library)
  std::vector<std::string> directories;    // more policy directories
  std::vector<std::string> texts;          // policies as YAML text (named "<text N>")
  bool strict = false;                     // any invalid policy makes load() return an empty set
  Limits limits;                           // policy_file_size and regex_* apply
};

// A compiled, immutable set of policies. Cheap to copy (shared).
class ECSGUARD_API PolicySet {
 public:
  PolicySet();  // empty
  // Loads and compiles; problems go to `diagnostics` (may be null).
  static PolicySet load(const PolicyOptions& options, std::vector<Diagnostic>* diagnostics);

  std::size_t size() const;
  // The policy ids, sorted.
  std::vector<std::string> ids() const;

  struct Impl;
  const Impl* impl() const { return impl_.get(); }

 private:
  std::shared_ptr<const Impl> impl_;
};

// An input: a file or directory on disk, or a document in memory.
struct Input {
  std::string path;     // file or directory (walked; a CDK cloud assembly directory works)
  std::string name;     // for in-memory inputs: the name reported in findings
  std::string content;  // for in-memory inputs: the document
  // Format hint for in-memory inputs: "", "terraform", "cloudformation" (else detected).
  std::string format;
  bool in_memory = false;

  static Input file(std::string path) {
    Input i;
    i.path = std::move(path);
    return i;
  }
  static Input buffer(std::string name, std::string content, std::string format = {}) {
    Input i;
    i.name = std::move(name);
    i.content = std::move(content);
    i.format = std::move(format);
    i.in_memory = true;
    return i;
  }
};

struct ScanOptions {
  // Policy param overrides: policy id → param name → value as YAML ("[a, b]", "512").
  std::map<std::string, std::map<std::string, std::string>> params;
  std::vector<std::string> disabled;         // policy ids not evaluated
  std::map<std::string, std::string> template_parameters;  // CloudFormation Name → Value
  bool changes_only = false;                 // plans: only created, updated, replaced resources
  bool include_passed = true;                // keep pass/skip findings in the result
  std::string suppressions_file;             // YAML suppressions (see docs/ci.md)
  bool ignore_suppressions = false;          // audit mode: suppressions in templates and file
                                             // are ignored
  std::string baseline_file;                 // drop findings recorded in this baseline
  Limits limits;                             // what reading one input may cost (limits.h)
  // Threads this scan may use (0: one per hardware thread): inputs are read and evaluated in
  // parallel, and a single input's evaluation is split between threads. The result does not
  // depend on it.
  unsigned threads = 1;
};

// Sets a limit by name ("depth", "time_ms", ...: the names `ecsguard scan --limit NAME=VALUE`
// takes and docs/security.md lists). Returns false, changing nothing, for an unknown name.
ECSGUARD_API bool set_limit(Limits& limits, const std::string& name, uint64_t value);

struct ECSGUARD_API ScanResult {
  std::vector<InputSummary> inputs;
  std::vector<Finding> findings;          // sorted: file, address, element, policy id
  std::vector<Diagnostic> diagnostics;    // problems not tied to one input
  // Whether any input could not be read or any option was invalid.
  bool has_errors() const;
  // Counts by status.
  std::size_t count(Status s) const;

  struct Impl;  // keeps what reporters need
  std::shared_ptr<const Impl> impl;
};

// Scans the inputs with the policies. Never throws for bad input.
ECSGUARD_API ScanResult scan(const PolicySet& policies, const std::vector<Input>& inputs,
                             const ScanOptions& options = {});

// Report formats: "text", "json", and those of docs/ci.md ("sarif", "junit", "markdown",
// "github", "rdjsonl") when available. Returns false (and writes nothing) for an unknown format.
struct ReportOptions {
  bool include_passed = false;
  bool color = false;
  std::string source_root;  // SARIF artifact URIs are relative to it
};
ECSGUARD_API bool write_report(std::ostream& out, const ScanResult& result,
                               const std::string& format, const ReportOptions& options = {});

// The resource graph of one input as JSON (the format of `ecsguard graph --format json`,
// docs/graph.md), or an empty string when the input cannot be read (see `diagnostics`).
ECSGUARD_API std::string graph_json(const Input& input, std::vector<Diagnostic>* diagnostics);

}  // namespace v1
// The library's own sources name v1 explicitly (its internals also live in namespace ecsguard).
#ifndef ECSGUARD_IMPLEMENTATION
using namespace v1;  // NOLINT(google-build-using-namespace): the versioned API is the API
#endif
}  // namespace ecsguard

#endif  // ECSGUARD_SCANNER_H_
