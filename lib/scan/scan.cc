#include "scan/scan.h"

#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

namespace ecsguard {

namespace fs = std::filesystem;

namespace {

// Reading a large input leaves room in the heap that its short-lived trees and indexes used,
// scattered between what the graph keeps; evaluation's results come on top of it. Giving the
// free pages back first lowers the scan's peak (glibc's malloc_trim releases free pages inside
// the heap, not only at its end; it takes milliseconds).
void give_back_free_pages() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace

std::string bundled_policy_dir() {
  std::error_code ec;
  auto usable = [&](const fs::path& p) { return !p.empty() && fs::is_directory(p, ec); };
  // 1. An explicit override.
  if (const char* env = std::getenv("ECSGUARD_POLICY_DIR"); env != nullptr && usable(env)) {
    return env;
  }
  // 2. Next to the binary or shared library holding this code: <prefix>/{bin,lib}/... →
  //    <prefix>/share/ecsguard/policies, so a relocated installation still finds its pack.
  auto beside = [&](const fs::path& object) {
    return object.parent_path().parent_path() / "share" / "ecsguard" / "policies";
  };
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&bundled_policy_dir), &info) != 0 &&
      info.dli_fname != nullptr) {
    // The loader may report a path with ".." (a relative RPATH): resolve it first.
    fs::path installed = beside(fs::weakly_canonical(fs::absolute(info.dli_fname, ec), ec));
    if (usable(installed)) return installed.string();
  }
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && usable(beside(exe))) return beside(exe).string();
    // 3. Where `cmake --install` put it, then the source tree (development builds).
#ifdef ECSGUARD_INSTALL_POLICY_DIR
  if (usable(ECSGUARD_INSTALL_POLICY_DIR)) return ECSGUARD_INSTALL_POLICY_DIR;
#endif
#ifdef ECSGUARD_SOURCE_POLICY_DIR
  if (usable(ECSGUARD_SOURCE_POLICY_DIR)) return ECSGUARD_SOURCE_POLICY_DIR;
#endif
  return {};
}

policy::PolicySet load_policies(const PolicySources& sources, const Limits& limits,
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
      policy::load_directory(dir, limits, loaded, diags, sources.threads, sources.with_tests);
    }
  }
  for (const auto& dir : sources.directories) {
    policy::load_directory(dir, limits, loaded, diags, sources.threads, sources.with_tests);
  }
  policy::PolicySet set = policy::make_policy_set(std::move(loaded), diags);
  if (sources.strict &&
      has_errors(
          Diagnostics(diags.begin() + static_cast<std::ptrdiff_t>(errors_before), diags.end()))) {
    return policy::PolicySet();
  }
  return set;
}

ScanResult scan(const std::vector<std::string>& paths, const policy::PolicySet& policies,
                const InputOptions& input_options, const policy::EvalOptions& eval_options) {
  ScanOptions one_by_one;
  one_by_one.jobs = 1;
  return scan(paths, policies, input_options, eval_options, one_by_one);
}

ScanResult scan(const std::vector<std::string>& paths, const policy::PolicySet& policies,
                const InputOptions& input_options, const policy::EvalOptions& eval_options,
                const ScanOptions& scan_options) {
  std::promise<const policy::PolicySet*> loaded;
  loaded.set_value(&policies);
  return scan(paths, loaded.get_future().share(), input_options, eval_options, scan_options);
}

namespace {

// What the graphs of a scan keep: the attributes its policies read, worked out by the first
// reader that needs them (the others wait for it). Policies that failed keep everything (the
// scan stops, or rethrows from `pending`).
PendingKeptAttributes kept_by(const PendingPolicies& pending, bool passes_kept) {
  auto needed = [pending, passes_kept]() -> std::shared_ptr<const KeptAttributes> {
    try {
      const policy::PolicySet* set = pending.get();
      if (set != nullptr) {
        return std::make_shared<const KeptAttributes>(policy::needed_attributes(*set, passes_kept));
      }
    } catch (...) {  // scan() rethrows it
    }
    return nullptr;
  };
  return std::async(std::launch::deferred, needed).share();
}

}  // namespace

ScanResult scan(const std::vector<std::string>& paths, const PendingPolicies& pending,
                const InputOptions& input_options, const policy::EvalOptions& eval_options,
                const ScanOptions& scan_options) {
  ScanResult out;
  std::vector<InputFile> files = expand_paths(paths, out.diagnostics);
  // Each input is read and evaluated on its own: the policy set is immutable and shared, every
  // graph and result list belongs to one slot, so workers never touch the same data. Slots keep
  // input order; merging them in that order and sorting makes the output independent of timing.
  struct Slot {
    bool read = false;
    Graph graph;
    std::vector<policy::Result> results;
    policy::Summary not_kept;
  };
  std::vector<Slot> slots(files.size());
  unsigned jobs = scan_options.jobs;
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  // Threads go to inputs first; an input alone gets them all for its evaluation.
  policy::EvalOptions each_eval = eval_options;
  each_eval.threads = files.size() == 1 ? jobs : 1;
  InputOptions each_input = input_options;
  each_input.threads = files.size() == 1 ? jobs : 1;
  if (!each_input.kept.valid()) each_input.kept = kept_by(pending, eval_options.keep_passes);
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, files.size()));
  std::atomic<std::size_t> next{0}, done{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;  // the first exception of any worker, rethrown after the join
  auto work = [&] {
    try {
      for (std::size_t i = next++; i < files.size(); i = next++) {
        Slot& slot = slots[i];
        slot.read = read_input(files[i], each_input, slot.graph);
        // A small input leaves little to give back, for as long as looking for it takes.
        constexpr std::size_t kWorthGivingBack = 8192;  // nodes
        if (files.size() == 1 && slot.graph.nodes().size() >= kWorthGivingBack) {
          give_back_free_pages();
        }
        const policy::PolicySet* policies = pending.get();
        if (policies == nullptr) {
          next = files.size();  // nothing is evaluated; the others stop at their next input
          break;
        }
        if (slot.read) {
          slot.results = policy::evaluate(*policies, slot.graph, each_eval, &slot.not_kept);
        }
        std::size_t finished = ++done;
        if (scan_options.progress) scan_options.progress(finished, files.size());
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = files.size();  // the others stop at their next input
    }
  };
  if (jobs <= 1) {
    work();
  } else {
    std::vector<std::thread> workers;
    workers.reserve(jobs);
    for (unsigned j = 0; j < jobs; ++j) workers.emplace_back(work);
    for (auto& w : workers) w.join();
  }
  if (failure) std::rethrow_exception(failure);
  // Each input's results are sorted (evaluate()) and all name that input's file, which sorts
  // first. When no two inputs share a file name, concatenating them in file order is therefore
  // what sorting everything gives; otherwise sort everything.
  std::vector<Slot*> by_file;
  std::size_t total = 0;
  for (auto& slot : slots) {
    if (!slot.read) continue;
    by_file.push_back(&slot);
    total += slot.results.size();
    out.not_kept += slot.not_kept;
  }
  std::stable_sort(by_file.begin(), by_file.end(), [](const Slot* a, const Slot* b) {
    return a->graph.info().file < b->graph.info().file;
  });
  bool distinct = true;
  for (std::size_t i = 1; i < by_file.size(); ++i) {
    distinct = distinct && by_file[i - 1]->graph.info().file != by_file[i]->graph.info().file;
  }
  for (Slot* slot : by_file) {
    if (out.results.empty()) {
      // Taken over whole: a single large input's results are not moved one by one.
      out.results = std::move(slot->results);
      out.results.reserve(total);
    } else {
      out.results.insert(out.results.end(), std::make_move_iterator(slot->results.begin()),
                         std::make_move_iterator(slot->results.end()));
    }
    slot->results = {};
  }
  if (!distinct) policy::sort_results(out.results);
  out.graphs.reserve(by_file.size());
  for (auto& slot : slots) {
    if (slot.read) out.graphs.push_back(std::move(slot.graph));
  }
  return out;
}

}  // namespace ecsguard
