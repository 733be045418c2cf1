#include "cli/scan_review.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "review/changes.h"
#include "review/fingerprint.h"
#include "review/suppressions.h"
#include "review/tf_source.h"

namespace ecsguard::cli {

namespace {

bool parse_jobs(const std::string& v, unsigned& out) {
  if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  out = static_cast<unsigned>(std::stoul(v));
  return out >= 1;
}

}  // namespace

int parse_review_option(Args& args, ReviewOptions& o, std::string& error) {
  std::string v;
  auto value = [&](std::string& out) { return args.value(out, error); };
  if (args.is("--output") || args.is("-o")) {
    if (!value(v)) return -1;
    auto eq = v.find('=');
    report::Format format;
    if (eq == std::string::npos || eq + 1 == v.size() ||
        !report::parse_format(v.substr(0, eq), format)) {
      error = "--output takes FORMAT=PATH with FORMAT one of " +
              std::string(report::format_list()) + ", got '" + v + "'";
      return -1;
    }
    o.outputs.emplace_back(format, v.substr(eq + 1));
  } else if (args.is("--source-root")) {
    if (!value(o.source_root)) return -1;
  } else if (args.is("--link-base")) {
    if (!value(o.link_base)) return -1;
    while (!o.link_base.empty() && o.link_base.back() == '/') o.link_base.pop_back();
  } else if (args.is("--tf-source")) {
    if (!value(o.tf_source)) return -1;
  } else if (args.is("--suppressions")) {
    if (!value(o.suppressions)) return -1;
  } else if (args.is("--no-suppressions")) {
    o.no_suppressions = true;
  } else if (args.is("--baseline")) {
    if (!value(o.baseline)) return -1;
  } else if (args.is("--write-baseline")) {
    if (!value(o.write_baseline)) return -1;
  } else if (args.is("--changes-only")) {
    o.changes_only = true;
  } else if (args.is("--jobs") || args.is("-j")) {
    if (!value(v)) return -1;
    if (!parse_jobs(v, o.jobs)) {
      error = "--jobs takes a number of parallel inputs from 1 to 9999, got '" + v + "'";
      return -1;
    }
  } else {
    return 0;
  }
  return 1;
}

bool load_review_inputs(const ReviewOptions& o, ReviewInputs& inputs, std::ostream& err) {
  std::error_code ec;
  if (!o.tf_source.empty() && !std::filesystem::is_directory(o.tf_source, ec)) {
    err << "ecsguard scan: --tf-source " << o.tf_source << ": not a directory\n";
    return false;
  }
  if (!o.source_root.empty() && !std::filesystem::is_directory(o.source_root, ec)) {
    err << "ecsguard scan: --source-root " << o.source_root << ": not a directory\n";
    return false;
  }
  Diagnostics diags;
  if (!o.suppressions.empty() && !o.no_suppressions) {
    review::load_suppression_file(o.suppressions, inputs.suppressions, diags);
  }
  if (!o.baseline.empty()) review::read_baseline(o.baseline, inputs.baseline, diags);
  for (const auto& d : diags) err << d.to_string() << '\n';
  if (has_errors(diags)) {
    err << "ecsguard scan: fix the suppressions or baseline file; nothing scanned\n";
    return false;
  }
  return true;
}

unsigned threads(const ReviewOptions& options) {
  return options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
}

std::size_t review_scan(ScanResult& scan, const policy::PolicySet& policies, const ReviewOptions& o,
                        const ReviewInputs& inputs) {
  if (o.changes_only) review::keep_changes_only(scan.results, scan.graphs);
  if (!o.tf_source.empty()) {
    review::map_tf_source(scan.results, scan.graphs, o.tf_source, scan.diagnostics);
  }
  // Only what a report shows or a baseline reads needs a fingerprint: hashing every passed and
  // skipped result of a large plan costs more than evaluating it.
  review::assign_fingerprints(scan.results, o.source_root, o.include_passed, threads(o));
  if (!o.no_suppressions) {
    review::SuppressionOptions so;
    so.policies = &policies;
    review::apply_suppressions(scan.results, scan.graphs, inputs.suppressions, so,
                               scan.diagnostics);
  }
  if (!o.write_baseline.empty()) {
    review::write_baseline(o.write_baseline, scan.results, o.source_root, scan.diagnostics);
  }
  return o.baseline.empty() ? 0 : review::apply_baseline(scan.results, inputs.baseline);
}

bool write_outputs(const report::Report& report, const ReviewOptions& o, std::ostream& err) {
  bool ok = true;
  for (const auto& [format, path] : o.outputs) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    report::Report copy = report;
    copy.color = false;
    if (file) report::write_report(file, format, copy);
    file.close();
    if (!file) {
      err << "ecsguard scan: --output " << to_string(format) << "=" << path
          << ": cannot write the file\n";
      ok = false;
    }
  }
  return ok;
}

ScanOptions scan_options(const ReviewOptions& o, std::ostream& err, std::size_t min_inputs) {
  ScanOptions so;
  so.jobs = o.jobs;
  if (&err != &std::cerr || !::isatty(STDERR_FILENO)) return so;
  struct State {
    std::mutex mutex;
    std::size_t shown = 0;
  };
  auto state = std::make_shared<State>();
  so.progress = [state, min_inputs](std::size_t done, std::size_t total) {
    if (total < min_inputs) return;
    std::lock_guard<std::mutex> lock(state->mutex);
    // Workers report out of order; never step back, never print after the final clear.
    if (done <= state->shown) return;
    state->shown = done;
    // \r and "erase line" rewrite one line; the last update clears it again.
    std::cerr << "\r\033[Kecsguard: scanned " << done << " of " << total << " inputs";
    if (done == total) std::cerr << "\r\033[K";
    std::cerr.flush();
  };
  return so;
}

}  // namespace ecsguard::cli
