// reviewdog's Diagnostic Format as JSON lines (`reviewdog -f=rdjsonl`): one `Diagnostic` message
// per line, for review bots that comment on pull-request lines. Columns are UTF-8 byte counts,
// as the format defines them and as ecsguard counts.
//
// Failing results are ERROR, unknown results WARNING; error and warning diagnostics of inputs
// and configuration are reported too (ERROR, WARNING). Suppressed, passing and skipped results
// are not: a bot should not comment on decisions already taken.
#include <nlohmann/json.hpp>

#include "report/report.h"
#include "report/report_util.h"

namespace ecsguard::report {

namespace {

using Json = nlohmann::ordered_json;

Json location(const Report& report, const Location& l) {
  Json loc{{"path", report_path(report, l.file)}};
  if (l.line != 0) {
    Json start{{"line", l.line}};
    if (l.column != 0) start["column"] = l.column;
    loc["range"] = {{"start", std::move(start)}};
  }
  return loc;
}

void line(std::ostream& out, const Json& j) {
  out << j.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
}

void diagnostics(std::ostream& out, const Report& report, const Diagnostics& diags) {
  for (const auto& d : diags) {
    if (d.severity == Severity::kNote || d.location.file.empty()) continue;
    line(out, Json{{"message", valid_utf8(d.message)},
                   {"location", location(report, d.location)},
                   {"severity", d.severity == Severity::kError ? "ERROR" : "WARNING"},
                   {"source", {{"name", "ecsguard"}, {"url", kInformationUri}}},
                   {"code", {{"value", d.code}}}});
  }
}

}  // namespace

void write_rdjsonl(std::ostream& out, const Report& report) {
  diagnostics(out, report, report.diagnostics);
  for (const auto& g : *report.graphs) diagnostics(out, report, g.info().diagnostics);
  for (const auto& r : *report.results) {
    if (!is_finding(r)) continue;
    const policy::Policy& p = *r.policy;
    std::string message = "[" + std::string(to_string(p.severity)) + "] " + r.message();
    if (!p.remediation.empty()) message += "\nHow to fix: " + unwrap(p.remediation);
    Json code{{"value", p.id}};
    if (!p.references.empty()) code["url"] = p.references.front();
    line(out, Json{{"message", valid_utf8(message)},
                   {"location", location(report, r.location())},
                   {"severity", r.status == policy::Status::kFail ? "ERROR" : "WARNING"},
                   {"source", {{"name", "ecsguard"}, {"url", kInformationUri}}},
                   {"code", std::move(code)}});
  }
}

}  // namespace ecsguard::report
