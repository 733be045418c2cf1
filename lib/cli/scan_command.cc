// `ecsguard scan PATH... [options]` — see docs/cli.md. The review stages and report files are in
// scan_review.cc.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>

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

// One --policy-param POLICY_ID.NAME=VALUE, read before the policies are loaded.
struct PolicyParam {
  std::string arg, id, name;
  bool well_formed = false;  // has the ID.NAME=VALUE shape
  bool value_ok = false;     // VALUE is valid YAML
  Value value;
};

PolicyParam read_policy_param(const std::string& a) {
  PolicyParam p;
  p.arg = a;
  auto dot = a.find('.');
  auto eq = a.find('=');
  p.well_formed = dot != std::string::npos && eq != std::string::npos && dot < eq;
  if (!p.well_formed) return p;
  p.id = a.substr(0, dot);
  p.name = a.substr(dot + 1, eq - dot - 1);
  p.value_ok = policy::parse_param_value(a.substr(eq + 1), p.value);
  return p;
}

// The policy side of a scan, which runs beside the reading of the inputs: the policy set
// loaded, and the options that name policies checked against it.
struct PolicyStage {
  policy::PolicySet set;
  Diagnostics diags;
  bool invalid = false;  // some policy file is invalid (skipped, or fatal with --strict)
  bool strict_failed = false;
  std::string usage_error;  // an option names no policy, or no param of one

  // The set, or null when the scan must not go on.
  const policy::PolicySet* load(const PolicySources& sources, const Limits& limits,
                                const std::set<std::string>& disabled,
                                const std::vector<PolicyParam>& params) {
    set = load_policies(sources, limits, diags);
    invalid = has_errors(diags);
    if (sources.strict && invalid) {
      strict_failed = true;
      return nullptr;
    }
    for (const auto& id : disabled) {
      if (set.find(id) == nullptr) {
        usage_error = "--disable " + id + ": no such policy";
        return nullptr;
      }
    }
    for (const auto& p : params) {
      const policy::Policy* policy = p.well_formed ? set.find(p.id) : nullptr;
      if (!p.well_formed) {
        usage_error = "--policy-param takes POLICY_ID.NAME=VALUE, got '" + p.arg + "'";
      } else if (policy == nullptr) {
        usage_error = "--policy-param " + p.arg + ": no policy '" + p.id + "'";
      } else if (!policy->params.count(p.name)) {
        usage_error =
            "--policy-param " + p.arg + ": policy '" + p.id + "' has no param '" + p.name + "'";
      } else if (!p.value_ok) {
        usage_error = "--policy-param " + p.arg + ": the value is not valid YAML";
      }
      if (!usage_error.empty()) return nullptr;
    }
    return &set;
  }
};

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

  std::vector<PolicyParam> params;
  for (const auto& a : param_args) {
    params.push_back(read_policy_param(a));
    const PolicyParam& p = params.back();
    if (p.value_ok) eval.params[p.id][p.name] = p.value;
  }
  review.include_passed = include_passed;
  // Passes and skips are only counted when no report lists them (JUnit lists every result) and
  // no review step needs them: --changes-only drops results by resource and its counts leave
  // those out; --tf-source finds the source block of every result's resource.
  bool junit = stdout_format == report::Format::kJunit;
  for (const auto& output : review.outputs) junit = junit || output.first == report::Format::kJunit;
  eval.keep_passes = include_passed || junit || review.changes_only || !review.tf_source.empty();

  // With two or more threads, the policies load on another one while the inputs are read
  // (yaml-cpp reading the policy files is most of a small scan's time); with one, first. What
  // loading them says is printed once the scan is done; policies that cannot be used stop the
  // reading and end the scan before anything is evaluated, with the messages a scan that loaded
  // them first would give.
  sources.threads = threads(review);
  sources.with_tests = false;  // a scan runs no policy tests
  std::atomic<bool> stop_reading{false};
  inputs.stop = &stop_reading;
  PolicyStage stage;  // before `pending`, whose destructor waits for the loading to end
  auto load = [&]() -> const policy::PolicySet* {
    const policy::PolicySet* set = stage.load(sources, inputs.limits, eval.disabled, params);
    if (set == nullptr) stop_reading = true;
    return set;
  };
  PendingPolicies pending =
      std::async(sources.threads > 1 ? std::launch::async : std::launch::deferred, load).share();
  if (sources.threads <= 1) pending.wait();  // runs `load` here, now
  std::ostringstream review_err;
  ReviewInputs review_inputs;
  bool review_ok = load_review_inputs(review, review_inputs, review_err);
  ScanResult result;
  if (review_ok && !stop_reading) {
    result = scan(paths, pending, inputs, eval, scan_options(review, err));
  }
  const policy::PolicySet* policies = pending.get();
  for (const auto& d : stage.diags) err << d.to_string() << '\n';
  if (stage.strict_failed) {
    err << "ecsguard scan: invalid policies (--strict): nothing scanned\n";
    return kExitError;
  }
  if (policies == nullptr) return usage(err, stage.usage_error);
  err << review_err.str();
  if (!review_ok) return kExitError;
  std::size_t baselined = review_scan(result, *policies, review, review_inputs);

  report::Report rep;
  rep.graphs = &result.graphs;
  rep.results = &result.results;
  rep.diagnostics = result.diagnostics;
  rep.include_passed = include_passed;
  rep.tool_version = kVersion;
  rep.policies = policies;
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
  int code = exit_code(result, input_errors || stage.invalid || !outputs_written, fail_on_unknown,
                       threshold);
  keep_until_exit(std::move(result));
  return code;
}

}  // namespace ecsguard::cli
