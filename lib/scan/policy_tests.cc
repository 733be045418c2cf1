#include "scan/policy_tests.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "inputs/inputs.h"
#include "policy/evaluator.h"
#include "policy/loader.h"

namespace ecsguard {

namespace fs = std::filesystem;

namespace {

// Inline inputs go through the same path as files: a private temporary file.
class TempInput {
 public:
  TempInput(const std::string& text, const std::string& extension) {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("ecsguard-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
             extension);
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempInput() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string describe(const policy::Result& r) {
  std::string s = std::string(to_string(r.status));
  if (!r.reason.empty()) s += " (" + r.reason + ")";
  for (const auto& e : r.evidence) s += "; " + e.path + " = " + e.observed;
  return s;
}

PolicyTestOutcome run_one(const policy::Policy& p, const policy::PolicyTest& t) {
  PolicyTestOutcome outcome{&p, &t, false, {}};
  Graph g;
  {
    std::unique_ptr<TempInput> temp;
    std::string path = t.file;
    if (path.empty()) {
      temp = std::make_unique<TempInput>(t.input, t.format == "terraform" ? ".json" : ".yaml");
      path = temp->path();
    }
    if (!read_input(InputFile{path, true}, InputOptions{}, g)) {
      outcome.failures.push_back("input is not a recognised plan or template");
      return outcome;
    }
  }
  for (const auto& d : g.info().diagnostics) {
    if (d.severity == Severity::kError) {
      outcome.failures.push_back("input error: " + d.message + " [" + d.code + "]");
    }
  }
  policy::Policy copy = p;
  copy.tests.clear();
  std::vector<policy::Policy> one;
  one.push_back(std::move(copy));
  policy::PolicySet set(std::move(one));
  policy::EvalOptions options;
  for (const auto& [name, text] : t.params) {
    Value v;
    policy::parse_param_value(text, v);
    options.params[p.id][name] = v;
  }
  std::vector<policy::Result> results = policy::evaluate(set, g, options);
  for (const auto& [key, expected] : t.expect) {
    auto space = key.find(' ');
    std::string address = key.substr(0, space);
    std::string element = space == std::string::npos ? "" : key.substr(space + 1);
    bool found = false;
    for (const auto& r : results) {
      if (r.address() != address || (!element.empty() && r.element() != element)) continue;
      found = true;
      if (r.status != expected) {
        outcome.failures.push_back(key + (element.empty() && !r.element().empty() ? " " + r.element() : "") +
                                   ": expected " + to_string(expected) + ", got " + describe(r));
      }
    }
    if (!found) {
      std::string seen;
      for (const auto& r : results) {
        std::string label = r.address() + (r.element().empty() ? "" : " " + r.element());
        if (seen.find(label) == std::string::npos) seen += (seen.empty() ? "" : ", ") + label;
      }
      outcome.failures.push_back(key + ": no result for this resource (results for: " +
                                 (seen.empty() ? "none" : seen) + ")");
    }
  }
  outcome.passed = outcome.failures.empty();
  return outcome;
}

}  // namespace

std::vector<PolicyTestOutcome> run_policy_tests(const policy::PolicySet& policies) {
  std::vector<PolicyTestOutcome> out;
  for (const auto& p : policies.policies()) {
    for (const auto& t : p.tests) out.push_back(run_one(p, t));
  }
  return out;
}

std::size_t write_policy_test_report(std::ostream& out,
                                     const std::vector<PolicyTestOutcome>& outcomes,
                                     bool verbose) {
  std::size_t failed = 0;
  for (const auto& o : outcomes) {
    if (o.passed && !verbose) continue;
    out << (o.passed ? "PASS " : "FAIL ") << o.policy->id << " / " << o.test->name << "  ("
        << o.policy->file << ":" << o.test->pos.line << ")\n";
    for (const auto& f : o.failures) out << "     " << f << '\n';
    if (!o.passed) ++failed;
  }
  std::size_t policies = 0;
  const policy::Policy* last = nullptr;
  for (const auto& o : outcomes) {
    if (o.policy != last) ++policies;
    last = o.policy;
  }
  out << outcomes.size() - failed << " of " << outcomes.size() << " policy tests passed ("
      << policies << " policies)\n";
  return failed;
}

}  // namespace ecsguard
