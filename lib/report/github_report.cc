// GitHub Actions workflow commands: each finding becomes an annotation on the line it points at,
// in the pull request's "Files changed" view and the run summary.
//
//   ::error file=PATH,line=N,col=N,title=TITLE::MESSAGE     failing results
//   ::warning file=PATH,line=N,col=N,title=TITLE::MESSAGE   unknown results
//
// Input and configuration diagnostics are annotated the same way (error, warning, notice).
// Suppressed, passing and skipped results are not annotated. The runner splits commands on
// newlines and parameters on ',' and ':', so values are escaped the way @actions/core does:
// '%' → %25, CR → %0D, LF → %0A in the message, and also ':' → %3A, ',' → %2C in parameters.
#include "core/strings.h"
#include "report/report.h"
#include "report/report_util.h"

namespace ecsguard::report {

namespace {

std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : valid_utf8(printable_lines(s))) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

void command(std::ostream& out, const Report& report, const char* kind, const Location& l,
             const std::string& title, const std::string& message) {
  out << "::" << kind;
  std::string params;
  if (!l.file.empty()) {
    params += "file=" + escape_property(report_path(report, l.file));
    if (l.line != 0) {
      params += ",line=" + std::to_string(l.line);
      if (l.column != 0) params += ",col=" + std::to_string(l.column);
    }
  }
  if (!title.empty()) params += (params.empty() ? "" : ",") + ("title=" + escape_property(title));
  if (!params.empty()) out << ' ' << params;
  out << "::" << escape_data(message) << '\n';
}

void diagnostics(std::ostream& out, const Report& report, const Diagnostics& diags) {
  for (const auto& d : diags) {
    const char* kind = d.severity == Severity::kError     ? "error"
                       : d.severity == Severity::kWarning ? "warning"
                                                          : "notice";
    command(out, report, kind, d.location, "ecsguard " + d.code, d.message);
  }
}

}  // namespace

void write_github(std::ostream& out, const Report& report) {
  diagnostics(out, report, report.diagnostics);
  for (const auto& g : *report.graphs) diagnostics(out, report, g.info().diagnostics);
  for (const auto& r : *report.results) {
    if (!is_finding(r)) continue;
    const policy::Policy& p = *r.policy;
    bool fail = r.status == policy::Status::kFail;
    std::string title = p.id + " (" + to_string(p.severity) + (fail ? "" : ", unknown") + ")";
    std::string message = r.message();
    if (!r.element().empty() && message.find(r.element().view()) == std::string::npos) {
      message += " [" + r.element() + "]";
    }
    if (!p.remediation.empty()) message += "\nHow to fix: " + unwrap(p.remediation);
    command(out, report, fail ? "error" : "warning", r.location(), title, message);
  }
  policy::Summary s = summary(report);
  out << "ecsguard: " << s.fail << " failing, " << s.unknown << " unknown, " << s.suppressed
      << " suppressed, " << report.baselined << " baselined\n";
}

}  // namespace ecsguard::report
