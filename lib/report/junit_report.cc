// JUnit XML, the test-report format CI systems display (GitLab `artifacts:reports:junit`, Jenkins,
// Azure DevOps, GitHub test-report actions): one test suite per input file, one test case per
// evaluated (policy, resource, element), whatever --include-passed says — passing cases are what
// make a test report read as one.
//
//   fail       → <failure type="SEVERITY">      unknown → <error type="unknown">
//   skip       → <skipped>                      suppressed → <skipped message="suppressed: …">
//
// An input that could not be read gets a failing "read input" case; error diagnostics not tied to
// an input (policies, suppressions) form a suite of their own named "ecsguard".
#include <map>
#include <string>
#include <vector>

#include "report/report.h"
#include "report/report_util.h"

namespace ecsguard::report {

namespace {

// XML 1.0 text: markup characters escaped, control characters other than tab and newlines
// (which XML cannot carry at all) replaced.
std::string xml(std::string_view s) {
  std::string out;
  for (char c : valid_utf8(s)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\xef\xbf\xbd";
        } else {
          out += c;
        }
    }
  }
  return out;
}

// One test suite: its counts (the opening tag carries them), the "read input" case of its
// input's diagnostics, and its results, written once every suite is counted.
struct Suite {
  explicit Suite(std::string n = "") : name(std::move(n)) {}
  std::string name;
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  std::string head;
  std::vector<std::size_t> results;  // indexes into the report's results

  void count(policy::Status status) {
    ++tests;
    failures += status == policy::Status::kFail;
    errors += status == policy::Status::kUnknown;
    skipped += status == policy::Status::kSkip || status == policy::Status::kSuppressed;
  }
};

std::string where(const Report& report, const Location& l) {
  Location shown = l;
  shown.file = report_path(report, l.file);
  return shown.to_string();
}

std::string details(const Report& report, const policy::Result& r) {
  const policy::Policy& p = *r.policy;
  std::string s = p.id + " (" + to_string(p.severity) + "): " + p.title + "\n";
  s += "resource: " + r.address() + (r.element().empty() ? "" : " " + r.element()) + " (" +
       r.kind() + ")\n";
  s += "location: " + where(report, r.location()) + "\n";
  if (!r.reason.empty()) s += "undecided because: " + r.reason + "\n";
  for (const auto& e : r.evidence) s += "evidence: " + e.path + " = " + e.observed + "\n";
  if (!p.remediation.empty()) s += "how to fix: " + unwrap(p.remediation) + "\n";
  return s;
}

// The test case of a result, appended to `b`.
void write_case(const Report& report, const policy::Result& r, std::string& b) {
  std::string name = r.policy->id + (r.element().empty() ? "" : " " + r.element());
  b += "    <testcase name=\"" + xml(name) + "\" classname=\"" + xml(r.address()) + "\" file=\"" +
       xml(report_path(report, r.location().file)) + "\" line=\"" +
       std::to_string(r.location().line) + "\"";
  switch (r.status) {
    case policy::Status::kPass:
      b += "/>\n";
      return;
    case policy::Status::kFail:
      b += ">\n      <failure message=\"" + xml(r.message()) + "\" type=\"" +
           to_string(r.policy->severity) + "\">" + xml(details(report, r)) + "</failure>\n";
      break;
    case policy::Status::kUnknown:
      b += ">\n      <error message=\"" + xml(r.message()) + "\" type=\"unknown\">" +
           xml(details(report, r)) + "</error>\n";
      break;
    case policy::Status::kSkip:
      b += ">\n      <skipped message=\"the policy does not apply to this resource\"/>\n";
      break;
    case policy::Status::kSuppressed:
      b += ">\n      <skipped message=\"" +
           xml("suppressed (was " + std::string(to_string(r.suppressed_status)) +
               "): " + r.suppression()->reason) +
           "\"/>\n";
      break;
  }
  b += "    </testcase>\n";
}

void add_diagnostics(const Report& report, const Diagnostics& diags, const std::string& classname,
                     const char* name, Suite& suite) {
  std::string text;
  for (const auto& d : diags) {
    if (d.severity != Severity::kError) continue;
    Diagnostic shown = d;
    shown.location.file = report_path(report, d.location.file);
    text += shown.to_string() + "\n";
  }
  if (text.empty()) return;
  ++suite.tests;
  ++suite.errors;
  suite.head += "    <testcase name=\"" + std::string(name) + "\" classname=\"" + xml(classname) +
                "\">\n      <error message=\"" + xml(text.substr(0, text.find('\n'))) +
                "\" type=\"diagnostic\">" + xml(text) + "</error>\n    </testcase>\n";
}

}  // namespace

void write_junit(std::ostream& out, const Report& report) {
  std::vector<Suite> suites;
  std::map<std::string, std::size_t, std::less<>> by_file;
  for (const auto& g : *report.graphs) {
    by_file.emplace(g.info().file, suites.size());
    suites.push_back(Suite{report_path(report, g.info().file)});
    add_diagnostics(report, g.info().diagnostics, suites.back().name, "read input", suites.back());
  }
  const std::vector<policy::Result>& results = *report.results;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const policy::Result& r = results[i];
    auto it = by_file.find(r.file().view());
    if (it == by_file.end()) {
      it = by_file.emplace(r.file().str(), suites.size()).first;
      suites.push_back(Suite{report_path(report, r.file().str())});
    }
    suites[it->second].count(r.status);
    suites[it->second].results.push_back(i);
  }
  Suite run("ecsguard");
  add_diagnostics(report, report.diagnostics, "ecsguard", "configuration", run);
  if (run.tests) suites.push_back(std::move(run));

  Suite total;
  for (const auto& s : suites) {
    total.tests += s.tests;
    total.failures += s.failures;
    total.errors += s.errors;
    total.skipped += s.skipped;
  }
  auto counts = [](const Suite& s) {
    return "tests=\"" + std::to_string(s.tests) + "\" failures=\"" + std::to_string(s.failures) +
           "\" errors=\"" + std::to_string(s.errors) + "\" skipped=\"" + std::to_string(s.skipped) +
           "\"";
  };
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ecsguard\" "
      << counts(total) << ">\n";
  // The cases are written as they are made: the document of a large plan is several times the
  // memory of its scan.
  std::string text;
  for (const auto& s : suites) {
    out << "  <testsuite name=\"" << xml(s.name) << "\" " << counts(s) << ">\n" << s.head;
    for (std::size_t i : s.results) {
      text.clear();
      write_case(report, results[i], text);
      out << text;
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace ecsguard::report
