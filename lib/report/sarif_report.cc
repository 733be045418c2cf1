// SARIF 2.1.0 (OASIS), as GitHub code scanning and other SARIF viewers read it: one run, every
// loaded policy as a rule, one result per shown finding. docs/ci.md describes the mapping.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/paths.h"
#include "report/report.h"
#include "report/report_util.h"

namespace ecsguard::report {

namespace {

using Json = nlohmann::ordered_json;

// SARIF's result.level for a severity: what a failing result of that severity is.
const char* level_of(policy::Severity s) {
  switch (s) {
    case policy::Severity::kCritical:
    case policy::Severity::kHigh:
      return "error";
    case policy::Severity::kMedium:
      return "warning";
    default:
      return "note";
  }
}

// An undecided result asks for a look, never more than a warning.
const char* unknown_level(policy::Severity s) {
  return s >= policy::Severity::kMedium ? "warning" : "note";
}

// A URI reference for `path`: percent-encodes everything but unreserved characters, sub-delims,
// ':', '@' and '/' (RFC 3986), so spaces, '#', '%' and non-ASCII bytes survive.
std::string uri_encode(const std::string& path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        std::string_view("-._~!$&'()*+,;=:@/").find(static_cast<char>(c)) != std::string_view::npos;
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

Json artifact_location(const Report& report, const std::string& file) {
  std::string path = report_path(report, file);
  if (is_root_relative(path)) return Json{{"uri", uri_encode(path)}, {"uriBaseId", "%SRCROOT%"}};
  return Json{{"uri", "file://" + uri_encode(path)}};
}

Json physical_location(const Report& report, const Location& l) {
  Json p{{"artifactLocation", artifact_location(report, l.file)}};
  if (l.line != 0) {
    Json region{{"startLine", l.line}};
    if (l.column != 0) region["startColumn"] = l.column;
    p["region"] = std::move(region);
  }
  return p;
}

Json text(const std::string& s) { return Json{{"text", valid_utf8(s)}}; }

std::string help_markdown(const policy::Policy& p) {
  std::string md = "**" + p.title + "** (" + to_string(p.severity) + ")\n\n";
  if (!p.description.empty()) md += unwrap(p.description) + "\n\n";
  if (!p.remediation.empty()) md += "**How to fix:** " + unwrap(p.remediation) + "\n\n";
  if (!p.controls.empty()) {
    md += "| catalogue | controls |\n|---|---|\n";
    for (const auto& [catalogue, ids] : p.controls) {
      std::string list;
      for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
      md += "| " + catalogue + " | " + list + " |\n";
    }
    md += "\n";
  }
  for (const auto& ref : p.references) md += "- <" + ref + ">\n";
  while (!md.empty() && md.back() == '\n') md.pop_back();
  return md;
}

Json rule(const policy::Policy& p) {
  Json tags = Json::array({"security", "ecs", std::string(to_string(p.kind))});
  for (const auto& [catalogue, ids] : p.controls) {
    for (const auto& id : ids) tags.push_back(catalogue + ":" + id);
  }
  Json r{{"id", p.id},
         {"name", pascal_case(p.id)},
         {"shortDescription", text(p.title)},
         {"fullDescription", text(p.description.empty() ? p.title : unwrap(p.description))},
         {"help",
          {{"text", valid_utf8(p.remediation.empty() ? p.title : unwrap(p.remediation))},
           {"markdown", valid_utf8(help_markdown(p))}}}};
  if (!p.references.empty()) r["helpUri"] = p.references.front();
  r["defaultConfiguration"] = {{"level", level_of(p.severity)}};
  r["properties"] = {{"security-severity", security_severity(p.severity)},
                     {"severity", to_string(p.severity)},
                     {"precision", "high"},
                     {"tags", std::move(tags)}};
  return r;
}

Json suppression(const Report& report, const policy::Result& r) {
  const Suppression& s = *r.suppression;
  // A suppressions file sits outside the analysed input; Metadata is in its source.
  Json j{{"kind", s.origin == "file" ? "external" : "inSource"},
         {"status", "accepted"},
         {"justification", valid_utf8(s.reason)}};
  if (!s.location.file.empty())
    j["location"] = {{"physicalLocation", physical_location(report, s.location)}};
  Json props{{"origin", s.origin}, {"suppressedStatus", to_string(r.suppressed_status)}};
  if (!s.catalogue.empty()) props["control"] = s.catalogue + ":" + s.id;
  if (!s.expires.empty()) props["expires"] = s.expires;
  j["properties"] = std::move(props);
  return j;
}

Json result(const Report& report, const policy::Result& r, std::size_t rule_index) {
  const policy::Policy& p = *r.policy;
  Json j{{"ruleId", p.id}, {"ruleIndex", rule_index}};
  policy::Status status = r.status == policy::Status::kSuppressed ? r.suppressed_status : r.status;
  switch (status) {
    case policy::Status::kPass:
      j["kind"] = "pass";
      j["level"] = "none";
      break;
    case policy::Status::kSkip:
      j["kind"] = "notApplicable";
      j["level"] = "none";
      break;
    case policy::Status::kUnknown:
      j["level"] = unknown_level(p.severity);
      break;
    default:
      j["level"] = level_of(p.severity);
  }
  j["message"] = text(std::string(r.message()));
  Json logical{{"fullyQualifiedName", valid_utf8(r.address())}, {"kind", "resource"}};
  j["locations"] = Json::array({{{"physicalLocation", physical_location(report, r.location())},
                                 {"logicalLocations", Json::array({std::move(logical)})}}});
  if (!r.fingerprint.empty())
    j["partialFingerprints"] = {{"ecsguardFingerprint/v1", r.fingerprint}};
  if (r.status == policy::Status::kSuppressed)
    j["suppressions"] = Json::array({suppression(report, r)});
  Json evidence = Json::array();
  for (const auto& e : r.evidence) {
    evidence.push_back({{"path", valid_utf8(e.path)}, {"observed", valid_utf8(e.observed)}});
  }
  Json props{{"status", to_string(status)},
             {"resource",
              {{"address", valid_utf8(r.address())},
               {"kind", r.kind()},
               {"sourceType", r.source_type()},
               {"input", report_path(report, r.file())}}}};
  if (!r.element().empty()) props["element"] = valid_utf8(r.element());
  if (!r.construct_path().empty()) props["constructPath"] = valid_utf8(r.construct_path());
  if (!r.reason.empty()) props["reason"] = valid_utf8(r.reason);
  props["evidence"] = std::move(evidence);
  j["properties"] = std::move(props);
  return j;
}

const char* notification_level(Severity s) {
  return s == Severity::kError ? "error" : s == Severity::kWarning ? "warning" : "note";
}

Json notification(const Report& report, const Diagnostic& d) {
  Json n{{"level", notification_level(d.severity)},
         {"message", text(d.message)},
         {"descriptor", {{"id", d.code}}}};
  if (!d.location.file.empty()) {
    n["locations"] = Json::array({{{"physicalLocation", physical_location(report, d.location)}}});
  }
  return n;
}

}  // namespace

void write_sarif(std::ostream& out, const Report& report) {
  // Rules: every loaded policy, plus any policy with results that the set does not list.
  std::map<std::string, const policy::Policy*> policies;
  if (report.policies != nullptr) {
    for (const auto& p : report.policies->policies()) policies.emplace(p.id, &p);
  }
  for (const auto& r : *report.results) policies.emplace(r.policy->id, r.policy);
  Json rules = Json::array();
  std::map<std::string, std::size_t> index;
  for (const auto& [id, p] : policies) {
    index[id] = rules.size();
    rules.push_back(rule(*p));
  }

  Json notifications = Json::array();
  bool failed = false;
  for (const auto& d : report.diagnostics) {
    notifications.push_back(notification(report, d));
    failed = failed || d.severity == Severity::kError;
  }
  for (const auto& g : *report.graphs) {
    for (const auto& d : g.info().diagnostics) {
      notifications.push_back(notification(report, d));
      failed = failed || d.severity == Severity::kError;
    }
  }
  Json invocation{{"executionSuccessful", !failed}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  Json driver{{"name", "ecsguard"},
              {"version", report.tool_version},
              {"informationUri", kInformationUri},
              {"rules", std::move(rules)}};
  Json run{{"tool", {{"driver", std::move(driver)}}},
           {"invocations", Json::array({std::move(invocation)})},
           {"results", Json::array()}};
  policy::Summary s = summary(report);
  run["properties"] = {{"summary",
                        {{"fail", s.fail},
                         {"unknown", s.unknown},
                         {"pass", s.pass},
                         {"skip", s.skip},
                         {"suppressed", s.suppressed},
                         {"baselined", report.baselined}}}};
  Json log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
           {"version", "2.1.0"},
           {"runs", Json::array({std::move(run)})}};
  auto dump = [](const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace); };
  // The document is written around its results, which are rendered one at a time into the
  // place the empty array holds: the same bytes as the whole document dumped at once, without
  // a tree of every result (for a large plan, several times the memory of the scan).
  // `"results": []` occurs once: in a dumped string every quote is escaped.
  const std::string frame = dump(log);
  static constexpr std::string_view kEmpty = "\"results\": []";
  const std::size_t at = frame.find(kEmpty);
  const std::size_t line = frame.rfind('\n', at) + 1;
  const std::string indent(at - line + 2, ' ');  // of the array's items
  out.write(frame.data(), static_cast<std::streamsize>(at + kEmpty.size() - 1));
  bool any = false;
  for (const auto& r : *report.results) {
    if (!shown(report, r)) continue;
    out << (any ? ",\n" : "\n") << indent;
    any = true;
    // Dumped alone, then indented as an item of the array (a dump has no raw newline but its
    // own).
    const std::string item = dump(result(report, r, index[r.policy->id]));
    std::size_t from = 0;
    for (std::size_t nl = item.find('\n'); nl != std::string::npos; nl = item.find('\n', from)) {
      out.write(item.data() + from, static_cast<std::streamsize>(nl + 1 - from));
      out << indent;
      from = nl + 1;
    }
    out.write(item.data() + from, static_cast<std::streamsize>(item.size() - from));
  }
  if (any) out << '\n' << std::string_view(indent).substr(2);
  const std::size_t rest = at + kEmpty.size() - 1;
  out.write(frame.data() + rest, static_cast<std::streamsize>(frame.size() - rest));
  out << '\n';
}

}  // namespace ecsguard::report
