// The public C++ API (include/ecsguard/scanner.h) over the internal pipeline. Internal types
// live directly in namespace ecsguard; the public ones in ecsguard::v1, named explicitly here.
#include "ecsguard/scanner.h"

#include <algorithm>
#include <future>
#include <iterator>
#include <sstream>
#include <thread>

#include "graph/dump.h"
#include "inputs/inputs.h"
#include "policy/evaluator.h"
#include "policy/loader.h"
#include "report/report.h"
#include "review/baseline.h"
#include "review/changes.h"
#include "review/fingerprint.h"
#include "review/suppressions.h"
#include "scan/scan.h"

namespace ecsguard::v1 {

struct PolicySet::Impl {
  policy::PolicySet set;
};

struct ScanResult::Impl {
  v1::PolicySet policies;  // shares the compiled policies the results point into
  ecsguard::ScanResult scan;
};

namespace {

v1::Diagnostic convert(const ecsguard::Diagnostic& d) {
  v1::Diagnostic out;
  out.code = d.code;
  out.severity = ecsguard::to_string(d.severity);
  out.message = d.message;
  out.file = d.location.file;
  out.line = d.location.line;
  out.column = d.location.column;
  out.pointer = d.location.pointer.str();
  return out;
}

void append(const Diagnostics& from, std::vector<v1::Diagnostic>* to) {
  if (to == nullptr) return;
  for (const auto& d : from) to->push_back(convert(d));
}

Finding convert(const policy::Result& r) {
  Finding f;
  f.policy_id = r.policy->id;
  f.title = r.policy->title;
  f.severity = static_cast<v1::Severity>(r.policy->severity);
  f.controls = r.policy->controls;
  f.status = static_cast<v1::Status>(r.status);
  f.address = r.address();
  f.kind = r.kind();
  f.source_type = r.source_type();
  f.element = r.element();
  f.construct_path = r.construct_path();
  f.message = r.message();
  f.reason = r.reason;
  f.file = r.file();
  f.line = r.at.line;
  f.column = r.at.column;
  f.pointer = r.at.pointer.str();
  for (const auto& e : r.evidence) {
    f.evidence.push_back({e.path.str(), e.observed.str(), e.pos.line, e.pos.column, e.pos.pointer.str()});
  }
  return f;
}

}  // namespace

const char* version() { return ECSGUARD_VERSION_STRING; }

const char* to_string(v1::Severity s) {
  return policy::to_string(static_cast<policy::Severity>(s));
}

const char* to_string(v1::Status s) { return policy::to_string(static_cast<policy::Status>(s)); }

bool set_limit(v1::Limits& limits, const std::string& name, uint64_t value) {
  for (const LimitInfo& l : limit_table()) {
    if (name == l.name) {
      limits.*l.field = value;
      return true;
    }
  }
  return false;
}

PolicySet::PolicySet() : impl_(std::make_shared<Impl>()) {}

PolicySet PolicySet::load(const PolicyOptions& options, std::vector<v1::Diagnostic>* diagnostics) {
  // The API scans and lists policies; it never runs their tests, so it does not read them
  // (policy::load_policy).
  constexpr bool kWithTests = false;
  Diagnostics diags;
  const Limits& limits = options.limits;
  std::vector<policy::Policy> loaded;
  if (options.bundled) {
    std::string dir = bundled_policy_dir();
    if (dir.empty()) {
      ecsguard::Diagnostic d;
      d.code = "policy.bundled_missing";
      d.message = "the bundled policy pack was not found (set ECSGUARD_POLICY_DIR)";
      diags.push_back(std::move(d));
    } else {
      policy::load_directory(dir, limits, loaded, diags, 1, kWithTests);
    }
  }
  for (const auto& dir : options.directories) {
    policy::load_directory(dir, limits, loaded, diags, 1, kWithTests);
  }
  for (std::size_t i = 0; i < options.texts.size(); ++i) {
    policy::Policy p;
    if (policy::load_policy(options.texts[i], "<text " + std::to_string(i + 1) + ">", limits, p,
                            diags, kWithTests)) {
      loaded.push_back(std::move(p));
    }
  }
  auto impl = std::make_shared<Impl>();
  impl->set = policy::make_policy_set(std::move(loaded), diags);
  append(diags, diagnostics);
  PolicySet out;
  if (!(options.strict && has_errors(diags))) out.impl_ = std::move(impl);
  return out;
}

std::size_t PolicySet::size() const { return impl_->set.policies().size(); }

std::vector<std::string> PolicySet::ids() const {
  std::vector<std::string> out;
  for (const auto& p : impl_->set.policies()) out.push_back(p.id);
  return out;
}

bool v1::ScanResult::has_errors() const {
  auto error = [](const v1::Diagnostic& d) { return d.severity == "error"; };
  if (std::any_of(diagnostics.begin(), diagnostics.end(), error)) return true;
  for (const auto& in : inputs) {
    if (std::any_of(in.diagnostics.begin(), in.diagnostics.end(), error)) return true;
  }
  return false;
}

std::size_t v1::ScanResult::count(Status s) const {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                [&](const Finding& f) { return f.status == s; }));
}

v1::ScanResult scan(const PolicySet& policies, const std::vector<Input>& inputs,
                    const v1::ScanOptions& options) {
  auto impl = std::make_shared<v1::ScanResult::Impl>();
  impl->policies = policies;
  const policy::PolicySet& set = policies.impl()->set;

  InputOptions input_options;
  input_options.parameters = options.template_parameters;
  input_options.limits = options.limits;
  policy::EvalOptions eval;
  Diagnostics option_diags;
  for (const auto& id : options.disabled) eval.disabled.insert(id);
  for (const auto& [id, params] : options.params) {
    const policy::Policy* p = set.find(id);
    for (const auto& [name, text] : params) {
      Value v;
      if (p == nullptr || !p->params.count(name) || !policy::parse_param_value(text, v)) {
        ecsguard::Diagnostic d;
        d.code = "scan.bad_param";
        d.message = "cannot set param " + id + "." + name + ": " +
                    (p == nullptr ? "no such policy"
                     : !p->params.count(name) ? "the policy has no such param"
                                              : "the value is not valid YAML");
        option_diags.push_back(std::move(d));
        continue;
      }
      eval.params[id][name] = v;
    }
  }

  std::vector<std::string> paths;
  for (const auto& in : inputs) {
    if (!in.in_memory) paths.push_back(in.path);
  }
  eval.threads = options.threads != 0 ? options.threads
                                      : std::max(1u, std::thread::hardware_concurrency());
  ecsguard::ScanOptions threads;
  threads.jobs = eval.threads;
  impl->scan = ecsguard::scan(paths, set, input_options, eval, threads);
  // In-memory inputs are read one after another, each with all the threads.
  InputOptions each_buffer = input_options;
  each_buffer.threads = eval.threads;
  std::promise<std::shared_ptr<const KeptAttributes>> kept;  // what the policies read, as scan()
  kept.set_value(
      std::make_shared<const KeptAttributes>(policy::needed_attributes(set, eval.keep_passes)));
  each_buffer.kept = kept.get_future().share();
  for (const auto& in : inputs) {
    if (!in.in_memory) continue;
    auto buffer = InputBuffer::from_string(in.name, in.content);
    Graph g = read_buffer(*buffer, in.format, each_buffer);
    auto results = policy::evaluate(set, g, eval);
    impl->scan.results.insert(impl->scan.results.end(), std::make_move_iterator(results.begin()),
                              std::make_move_iterator(results.end()));
    impl->scan.graphs.push_back(std::move(g));
  }
  policy::sort_results(impl->scan.results);
  impl->scan.diagnostics.insert(impl->scan.diagnostics.end(), option_diags.begin(),
                                option_diags.end());

  // The review stage, as `ecsguard scan` runs it: changes only, fingerprints, suppressions
  // (in-template ones too, unless ignored), then the baseline.
  auto& results = impl->scan.results;
  Diagnostics& diags = impl->scan.diagnostics;
  if (options.changes_only) review::keep_changes_only(results, impl->scan.graphs);
  review::assign_fingerprints(results, "", true, eval.threads);
  if (!options.ignore_suppressions) {
    std::vector<Suppression> rules;
    if (!options.suppressions_file.empty()) {
      review::load_suppression_file(options.suppressions_file, rules, diags);
    }
    review::SuppressionOptions so;
    so.policies = &set;
    review::apply_suppressions(results, impl->scan.graphs, rules, so, diags);
  }
  if (!options.baseline_file.empty()) {
    review::Baseline baseline;
    if (review::read_baseline(options.baseline_file, baseline, diags)) {
      review::apply_baseline(results, baseline);
    }
  }

  v1::ScanResult out;
  for (const auto& g : impl->scan.graphs) {
    InputSummary s;
    s.file = g.info().file;
    s.format = g.info().format;
    s.resources = g.info().resources;
    s.nodes = g.nodes().size();
    append(g.info().diagnostics, &s.diagnostics);
    out.inputs.push_back(std::move(s));
  }
  for (const auto& r : impl->scan.results) {
    if (!options.include_passed && r.status != policy::Status::kFail &&
        r.status != policy::Status::kUnknown && r.status != policy::Status::kSuppressed) {
      continue;
    }
    out.findings.push_back(convert(r));
  }
  append(impl->scan.diagnostics, &out.diagnostics);
  out.impl = std::move(impl);
  return out;
}

bool write_report(std::ostream& out, const v1::ScanResult& result, const std::string& format,
                  const ReportOptions& options) {
  report::Format f;
  if (!result.impl || !report::parse_format(format, f)) return false;
  report::Report rep;
  rep.graphs = &result.impl->scan.graphs;
  rep.results = &result.impl->scan.results;
  rep.diagnostics = result.impl->scan.diagnostics;
  rep.include_passed = options.include_passed;
  rep.tool_version = ECSGUARD_VERSION_STRING;
  rep.color = options.color;
  rep.policies = &result.impl->policies.impl()->set;
  rep.source_root = options.source_root;
  report::write_report(out, f, rep);
  return true;
}

std::string graph_json(const Input& input, std::vector<v1::Diagnostic>* diagnostics) {
  Graph g;
  if (input.in_memory) {
    auto buffer = InputBuffer::from_string(input.name, input.content);
    g = read_buffer(*buffer, input.format, InputOptions{});
  } else if (!read_input(InputFile(input.path, true), InputOptions{}, g)) {
    return {};
  }
  append(g.info().diagnostics, diagnostics);
  if (has_errors(g.info().diagnostics)) return {};
  std::ostringstream out;
  write_graph_json(out, {&g});
  return out.str();
}

}  // namespace ecsguard::v1
