// The terminal report: findings grouped by file and resource, colour only when asked (a TTY).
#include <map>

#include "core/strings.h"
#include "report/report.h"

namespace ecsguard::report {

namespace {

struct Style {
  bool on;
  std::string operator()(const char* code, const std::string& s) const {
    return on ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
  }
};

const char* status_color(policy::Status s) {
  switch (s) {
    case policy::Status::kFail:
      return "1;31";
    case policy::Status::kUnknown:
      return "1;33";
    case policy::Status::kPass:
      return "32";
    default:
      return "2";
  }
}

std::string upper(const char* s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string pad(std::string s, std::size_t n) {
  if (s.size() < n) s.append(n - s.size(), ' ');
  return s;
}

}  // namespace

void write_text(std::ostream& out, const Report& report) {
  Style style{report.color};
  for (const auto& d : report.diagnostics) out << d.to_string() << '\n';
  for (const auto& g : *report.graphs) {
    for (const auto& d : g.info().diagnostics) out << d.to_string() << '\n';
  }
  std::string file, resource;
  for (const auto& r : *report.results) {
    if (!shown(report, r)) continue;
    if (r.file() != file) {
      file = r.file();
      resource.clear();
      out << '\n' << style("1", printable(file)) << '\n';
    }
    if (r.address() != resource) {
      resource = r.address();
      out << "  " << style("1", printable(r.address())) << " (" << r.kind() << (r.line() ? ", line " + std::to_string(r.line()) : "")
          << ")\n";
    }
    out << "    " << style(status_color(r.status), pad(upper(to_string(r.status)), 10)) << ' '
        << pad(to_string(r.policy->severity), 8) << ' ' << r.policy->id;
    if (!r.element().empty()) out << "  " << printable(r.element());
    out << '\n';
    out << "               " << printable(r.message()) << '\n';
    if (r.status == policy::Status::kSuppressed) {
      // The decision is shown with the finding, so a reader can judge it.
      std::string where = r.suppression()->location.to_string();
      std::string was = to_string(r.suppressed_status);
      out << "               "
          << style("2", "suppressed (was " + was + "): " + printable(r.suppression()->reason) +
                            (where.empty() ? "" : "  (" + where + ")"))
          << '\n';
    }
    if (r.status == policy::Status::kFail || r.status == policy::Status::kUnknown) {
      std::size_t shown_evidence = 0;
      for (const auto& e : r.evidence) {
        if (++shown_evidence > 3) break;
        out << "               " << style("2", printable(e.path + " = " + e.observed));
        if (e.pos.known()) out << style("2", "  (" + std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column) + ")");
        out << '\n';
      }
    }
  }
  policy::Summary s = summary(report);
  std::map<policy::Severity, std::size_t> by_severity;
  for (const auto& r : *report.results) {
    if (r.status == policy::Status::kFail) ++by_severity[r.policy->severity];
  }
  std::string severities;
  for (auto it = by_severity.rbegin(); it != by_severity.rend(); ++it) {
    severities += (severities.empty() ? "" : ", ") + std::to_string(it->second) + " " +
                  to_string(it->first);
  }
  std::size_t resources = 0;
  for (const auto& g : *report.graphs) resources += g.nodes().size();
  out << '\n'
      << style(s.fail ? "1;31" : "1;32", std::to_string(s.fail) + " failing") 
      << (severities.empty() ? "" : " (" + severities + ")") << ", " << s.unknown
      << " unknown, " << s.pass << " passed, " << s.skip << " skipped";
  if (s.suppressed) out << ", " << s.suppressed << " suppressed";
  if (report.baselined) out << ", " << report.baselined << " baselined";
  out << " — " << resources << " resources in " << report.graphs->size() << " input"
      << (report.graphs->size() == 1 ? "" : "s") << '\n';
}

}  // namespace ecsguard::report
