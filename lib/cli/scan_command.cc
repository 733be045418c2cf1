// `ecsguard scan PATH... [options]` — see docs/cli.md. The review stages and report files are in
// scan_review.cc.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <mutex>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "cli/scan_review.h"
#include "report/report.h"
#include "scan/scan.h"
#include "version.h"

namespace ecsguard::cli {

namespace {

int usage(std::ostream& err, const std::string& message) {
  err << "ecsguard scan: " << message << "\n";
  return kExitError;
}

// Keeps a finished scan instead of destroying it. Freeing the millions of strings of a large
// plan's results and graph one by one takes a noticeable part of the run, just before the process
// exits and the system reclaims them at once anyway. The scan stays reachable from a static, so
// leak checkers do not report it; a later scan in the same process (the tests) frees the kept one.
void keep_until_exit(ScanResult&& scan) {
  static std::mutex mutex;
  static ScanResult* kept = nullptr;
  auto* next = new ScanResult(std::move(scan));
  std::lock_guard<std::mutex> lock(mutex);
  delete kept;
  kept = next;
}

int exit_code(const ScanResult& result, bool failed, bool fail_on_unknown,
              policy::Severity threshold) {
  if (failed) return kExitError;
  for (const auto& r : result.results) {
    bool counts = r.status == policy::Status::kFail ||
                  (fail_on_unknown && r.status == policy::Status::kUnknown);
    if (counts && r.policy->severity >= threshold) return kExitFindings;
  }
  return kExitOk;
}

}  // namespace

int scan_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> paths;
  PolicySources sources;
  std::string format = "text";
  report::Format stdout_format = report::Format::kText;
  ReviewOptions review;
  bool include_passed = false;
  bool fail_on_unknown = false;
  policy::Severity threshold = policy::Severity::kInfo;
  std::vector<std::string> param_args;
  policy::EvalOptions eval;
  InputOptions inputs;  // CloudFormation template parameters
  Args args(argv);
  std::string v, error;
  while (args.next()) {
    if (args.positional()) {
      paths.push_back(args.arg());
    } else if (args.is("--policies")) {
      if (!args.value(v, error)) return usage(err, error);
      sources.directories.push_back(v);
    } else if (args.is("--no-bundled-policies")) {
      sources.bundled = false;
    } else if (args.is("--format") || args.is("-f")) {
      if (!args.value(format, error)) return usage(err, error);
      if (!report::parse_format(format, stdout_format)) {
        return usage(err, "unknown format '" + format + "': expected " + report::format_list());
      }
    } else if (args.is("--include-passed")) {
      include_passed = true;
    } else if (args.is("--policy-param")) {
      if (!args.value(v, error)) return usage(err, error);
      param_args.push_back(v);
    } else if (args.is("--disable")) {
      if (!args.value(v, error)) return usage(err, error);
      eval.disabled.insert(v);
    } else if (args.is("--severity-threshold")) {
      if (!args.value(v, error)) return usage(err, error);
      if (!policy::parse_severity(v, threshold)) {
        return usage(err,
                     "unknown severity '" + v + "': expected critical, high, medium, low or info");
      }
    } else if (args.is("--fail-on-unknown")) {
      fail_on_unknown = true;
    } else if (args.is("--strict")) {
      sources.strict = true;
    } else if (args.is("--param") || args.is("--param-file")) {
      bool file = args.is("--param-file");
      if (!args.value(v, error)) return usage(err, error);
      bool ok = file ? load_parameter_file(inputs, v, error) : add_parameter(inputs, v, error);
      if (!ok) return usage(err, error);
    } else if (args.is("--limit")) {
      if (!args.value(v, error)) return usage(err, error);
      if (!set_limit(inputs.limits, v, error)) return usage(err, "--limit " + v + ": " + error);
    } else if (int handled = parse_review_option(args, review, error); handled != 0) {
      if (handled < 0) return usage(err, error);
    } else {
      return usage(err, "unknown option '" + args.arg() + "'");
    }
  }
  if (paths.empty())
    return usage(err, "no input: give plan, state or template files or directories");

  Diagnostics policy_diags;
  sources.threads = threads(review);
  sources.test_texts = false;  // a scan runs no policy tests
  policy::PolicySet policies = load_policies(sources, inputs.limits, policy_diags);
  bool policy_errors = has_errors(policy_diags);
  for (const auto& d : policy_diags) err << d.to_string() << '\n';
  if (sources.strict && policy_errors) {
    err << "ecsguard scan: invalid policies (--strict): nothing scanned\n";
    return kExitError;
  }
  for (const auto& id : eval.disabled) {
    if (policies.find(id) == nullptr) return usage(err, "--disable " + id + ": no such policy");
  }
  for (const auto& a : param_args) {
    auto dot = a.find('.');
    auto eq = a.find('=');
    if (dot == std::string::npos || eq == std::string::npos || dot > eq) {
      return usage(err, "--policy-param takes POLICY_ID.NAME=VALUE, got '" + a + "'");
    }
    std::string id = a.substr(0, dot), name = a.substr(dot + 1, eq - dot - 1);
    const policy::Policy* p = policies.find(id);
    if (p == nullptr) return usage(err, "--policy-param " + a + ": no policy '" + id + "'");
    if (!p->params.count(name)) {
      return usage(err,
                   "--policy-param " + a + ": policy '" + id + "' has no param '" + name + "'");
    }
    Value value;
    if (!policy::parse_param_value(a.substr(eq + 1), value)) {
      return usage(err, "--policy-param " + a + ": the value is not valid YAML");
    }
    eval.params[id][name] = value;
  }

  review.include_passed = include_passed;
  // Passes and skips are only counted when no report lists them (JUnit lists every result) and
  // no review step needs them: --changes-only drops results by resource and its counts leave
  // those out; --tf-source finds the source block of every result's resource.
  bool junit = stdout_format == report::Format::kJunit;
  for (const auto& output : review.outputs) junit = junit || output.first == report::Format::kJunit;
  eval.keep_passes = include_passed || junit || review.changes_only || !review.tf_source.empty();
  ReviewInputs review_inputs;
  if (!load_review_inputs(review, review_inputs, err)) return kExitError;

  ScanResult result = scan(paths, policies, inputs, eval, scan_options(review, err));
  std::size_t baselined = review_scan(result, policies, review, review_inputs);

  report::Report rep;
  rep.graphs = &result.graphs;
  rep.results = &result.results;
  rep.diagnostics = result.diagnostics;
  rep.include_passed = include_passed;
  rep.tool_version = kVersion;
  rep.policies = &policies;
  rep.source_root = review.source_root;
  rep.link_base = review.link_base;
  rep.baselined = baselined;
  rep.not_kept = result.not_kept;
  rep.threads = threads(review);
  rep.color = format == "text" && ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr &&
              &out == &std::cout;
  report::write_report(out, stdout_format, rep);
  bool outputs_written = write_outputs(rep, review, err);

  bool input_errors = has_errors(result.diagnostics);
  for (const auto& g : result.graphs)
    input_errors = input_errors || has_errors(g.info().diagnostics);
  if (stdout_format != report::Format::kText) {
    // Diagnostics are in the report; repeat them on stderr for people.
    for (const auto& d : result.diagnostics) err << d.to_string() << '\n';
    for (const auto& g : result.graphs) {
      for (const auto& d : g.info().diagnostics) err << d.to_string() << '\n';
    }
  }
  int code = exit_code(result, input_errors || policy_errors || !outputs_written, fail_on_unknown,
                       threshold);
  keep_until_exit(std::move(result));
  return code;
}

}  // namespace ecsguard::cli
