#include "scan/scan.h"

#include <unistd.h>

#include <filesystem>

namespace ecsguard {

namespace fs = std::filesystem;

std::string bundled_policy_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "ecsguard" / "policies";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
#ifdef ECSGUARD_SOURCE_POLICY_DIR
  if (fs::is_directory(ECSGUARD_SOURCE_POLICY_DIR, ec)) return ECSGUARD_SOURCE_POLICY_DIR;
#endif
  return {};
}

policy::PolicySet load_policies(const PolicySources& sources, const policy::LoadLimits& limits,
                                Diagnostics& diags) {
  std::vector<policy::Policy> loaded;
  std::size_t errors_before = diags.size();
  if (sources.bundled) {
    std::string dir = bundled_policy_dir();
    if (dir.empty()) {
      Diagnostic d;
      d.code = "policy.bundled_missing";
      d.severity = Severity::kWarning;
      d.message = "the bundled policy pack was not found next to the binary or in the source tree";
      diags.push_back(std::move(d));
    } else {
      policy::load_directory(dir, limits, loaded, diags);
    }
  }
  for (const auto& dir : sources.directories) policy::load_directory(dir, limits, loaded, diags);
  policy::PolicySet set = policy::make_policy_set(std::move(loaded), diags);
  if (sources.strict && has_errors(Diagnostics(diags.begin() + static_cast<std::ptrdiff_t>(errors_before), diags.end()))) {
    return policy::PolicySet();
  }
  return set;
}

ScanResult scan(const std::vector<std::string>& paths, const policy::PolicySet& policies,
                const InputOptions& input_options, const policy::EvalOptions& eval_options) {
  ScanResult out;
  std::vector<InputFile> files = expand_paths(paths, out.diagnostics);
  out.graphs.reserve(files.size());
  for (const auto& f : files) {
    Graph g;
    if (!read_input(f, input_options, g)) continue;
    std::vector<policy::Result> results = policy::evaluate(policies, g, eval_options);
    out.results.insert(out.results.end(), std::make_move_iterator(results.begin()),
                       std::make_move_iterator(results.end()));
    out.graphs.push_back(std::move(g));
  }
  policy::sort_results(out.results);
  return out;
}

}  // namespace ecsguard
