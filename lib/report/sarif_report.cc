// SARIF 2.1.0 (OASIS), as GitHub code scanning and other SARIF viewers read it: one run, every
// loaded policy as a rule, one result per shown finding. docs/ci.md describes the mapping.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/paths.h"
#include "core/strings.h"
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

// Where an artifact is: a URI relative to %SRCROOT% inside the source root, else absolute.
struct Artifact {
  std::string uri;
  bool in_source_root = false;
};

Artifact artifact(const Report& report, const std::string& file) {
  std::string path = report_path(report, file);
  if (is_root_relative(path)) return {uri_encode(path), true};
  return {"file://" + uri_encode(path), false};
}

Json artifact_location(const Report& report, const std::string& file) {
  Artifact a = artifact(report, file);
  if (a.in_source_root) return Json{{"uri", a.uri}, {"uriBaseId", "%SRCROOT%"}};
  return Json{{"uri", a.uri}};
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
  const Suppression& s = *r.suppression();
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

// Writes JSON laid out as nlohmann's dump(2) lays it out, for results written straight into
// the document nlohmann dumped around them: one member or item per line, two spaces deeper per
// level, `{}` and `[]` when empty, strings escaped alike. `indent` is the opening bracket's.
class Pretty {
 public:
  Pretty(std::string& out, std::size_t indent) : out_(out), indent_(indent) {}

  Pretty& object() { return open('}', '{'); }
  Pretty& array() { return open(']', '['); }
  Pretty& close() {
    Level level = levels_.back();
    levels_.pop_back();
    if (!level.empty) newline();
    out_ += level.close;
    return *this;
  }
  // A member of the object being written; its value follows.
  Pretty& key(std::string_view k) {
    next();
    string(k);
    out_ += ": ";
    return *this;
  }
  // An item of the array being written; its value follows.
  Pretty& item() {
    next();
    return *this;
  }
  // A string as nlohmann writes it, invalid UTF-8 replaced its way.
  Pretty& string(std::string_view s) {
    if (first_invalid_utf8(s) == std::string_view::npos) return valid(s);
    out_ += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
    return *this;
  }
  // Text from an input: invalid UTF-8 replaced as every report replaces it (valid_utf8).
  Pretty& text(std::string_view s) {
    return first_invalid_utf8(s) == std::string_view::npos ? valid(s) : valid(valid_utf8(s));
  }
  Pretty& number(uint64_t n) {
    out_ += std::to_string(n);
    return *this;
  }
  Pretty& member(std::string_view k, std::string_view v) { return key(k).string(v); }
  // Any value, as nlohmann would lay it out here.
  Pretty& json(const Json& j) {
    if (j.is_object()) {
      object();
      for (const auto& [k, v] : j.items()) key(k).json(v);
      return close();
    }
    if (j.is_array()) {
      array();
      for (const auto& v : j) item().json(v);
      return close();
    }
    if (j.is_string()) return string(j.get_ref<const std::string&>());
    out_ += j.dump();
    return *this;
  }

 private:
  struct Level {
    char close;
    bool empty;
  };
  // A string known to be valid UTF-8.
  Pretty& valid(std::string_view s) {
    if (s.find('\x7f') == std::string_view::npos) {
      append_json_string(out_, s);  // nlohmann's escapes, but for DEL, which it leaves as it is
    } else {
      out_ += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
    }
    return *this;
  }
  Pretty& open(char close, char open) {
    out_ += open;
    levels_.push_back({close, true});
    return *this;
  }
  void next() {
    Level& level = levels_.back();
    if (!level.empty) out_ += ',';
    level.empty = false;
    newline();
  }
  void newline() {
    out_ += '\n';
    out_.append(indent_ + 2 * levels_.size(), ' ');
  }

  std::string& out_;
  std::size_t indent_;
  std::vector<Level> levels_;
};

// Writes what physical_location() makes, the artifact's URI worked out once per file.
class LocationWriter {
 public:
  explicit LocationWriter(const Report& report) : report_(report) {}

  void write(Pretty& w, const Location& l) {
    if (!known_ || l.file != file_) {
      file_ = l.file;
      artifact_ = artifact(report_, l.file);
      known_ = true;
    }
    w.object().key("artifactLocation").object().member("uri", artifact_.uri);
    if (artifact_.in_source_root) w.member("uriBaseId", "%SRCROOT%");
    w.close();
    if (l.line != 0) {
      w.key("region").object().key("startLine").number(l.line);
      if (l.column != 0) w.key("startColumn").number(l.column);
      w.close();
    }
    w.close();
  }

 private:
  const Report& report_;
  bool known_ = false;
  std::string file_;
  Artifact artifact_;
};

void write_result(Pretty& w, const Report& report, const policy::Result& r, std::size_t rule_index,
                  LocationWriter& locations) {
  const policy::Policy& p = *r.policy;
  w.object().member("ruleId", p.id).key("ruleIndex").number(rule_index);
  policy::Status status = r.status == policy::Status::kSuppressed ? r.suppressed_status : r.status;
  switch (status) {
    case policy::Status::kPass:
      w.member("kind", "pass").member("level", "none");
      break;
    case policy::Status::kSkip:
      w.member("kind", "notApplicable").member("level", "none");
      break;
    case policy::Status::kUnknown:
      w.member("level", unknown_level(p.severity));
      break;
    default:
      w.member("level", level_of(p.severity));
  }
  w.key("message").object().key("text").text(r.message()).close();
  w.key("locations").array().item().object().key("physicalLocation");
  locations.write(w, r.location());
  w.key("logicalLocations").array().item().object();
  w.key("fullyQualifiedName").text(r.address()).member("kind", "resource");
  w.close().close().close().close();
  if (!r.fingerprint.empty()) {
    w.key("partialFingerprints").object().member("ecsguardFingerprint/v1", r.fingerprint.hex()).close();
  }
  if (r.status == policy::Status::kSuppressed) {
    w.key("suppressions").array().item().json(suppression(report, r)).close();
  }
  w.key("properties").object().member("status", to_string(status));
  w.key("resource").object().key("address").text(r.address());
  w.member("kind", r.kind()).member("sourceType", r.source_type());
  w.member("input", report_path(report, r.file().str())).close();
  if (!r.element().empty()) w.key("element").text(r.element());
  if (!r.construct_path().empty()) w.key("constructPath").text(r.construct_path());
  if (!r.reason.empty()) w.key("reason").text(r.reason);
  w.key("evidence").array();
  for (const auto& e : r.evidence) {
    w.item().object().key("path").text(e.path).key("observed").text(e.observed).close();
  }
  w.close().close().close();
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
  std::string buffer;
  LocationWriter locations(report);
  std::unordered_map<const policy::Policy*, std::size_t> rule_of;  // index[] by pointer
  for (const auto& r : *report.results) {
    if (!shown(report, r)) continue;
    buffer += any ? ",\n" : "\n";
    buffer += indent;
    any = true;
    auto rule = rule_of.find(r.policy);
    if (rule == rule_of.end()) rule = rule_of.emplace(r.policy, index[r.policy->id]).first;
    Pretty w(buffer, indent.size());
    write_result(w, report, r, rule->second, locations);
    if (buffer.size() >= (64 << 10)) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  if (any) out << '\n' << std::string_view(indent).substr(2);
  const std::size_t rest = at + kEmpty.size() - 1;
  out.write(frame.data() + rest, static_cast<std::streamsize>(frame.size() - rest));
  out << '\n';
}

}  // namespace ecsguard::report
