// The JSON report: a documented, versioned contract (docs/report-format.md).
#include "core/strings.h"
#include "report/report.h"

namespace ecsguard::report {

namespace {

void location(std::string& out, const Location& l) {
  out += "{\"file\":" + json_quote(l.file) + ",\"line\":" + std::to_string(l.line) +
         ",\"column\":" + std::to_string(l.column) + ",\"pointer\":" + json_quote(l.pointer) + "}";
}

void diagnostic(std::string& out, const Diagnostic& d) {
  out += "{\"code\":" + json_quote(d.code) + ",\"severity\":\"" + to_string(d.severity) +
         "\",\"message\":" + json_quote(d.message) + ",\"location\":";
  location(out, d.location);
  out += "}";
}

// Which suppression applied, so an audit can tell a file rule from template metadata.
void suppression(std::string& out, const policy::Result& r) {
  const Suppression& s = *r.suppression;
  out += ",\"suppression\":{\"status\":\"" + std::string(to_string(r.suppressed_status)) +
         "\",\"reason\":" + json_quote(s.reason) + ",\"origin\":" + json_quote(s.origin);
  if (!s.catalogue.empty()) out += ",\"control\":" + json_quote(s.catalogue + ":" + s.id);
  if (!s.expires.empty()) out += ",\"expires\":" + json_quote(s.expires);
  out += ",\"location\":";
  location(out, s.location);
  out += "}";
}

}  // namespace

void write_json(std::ostream& os, const Report& report) {
  std::string out = "{\"schema_version\":1,\"tool\":{\"name\":\"ecsguard\",\"version\":" +
                    json_quote(report.tool_version) + "},\"inputs\":[";
  bool first = true;
  for (const auto& g : *report.graphs) {
    const InputInfo& info = g.info();
    if (!first) out += ',';
    first = false;
    out += "{\"file\":" + json_quote(info.file) + ",\"format\":" + json_quote(info.format) +
           ",\"resources\":" + std::to_string(info.resources) +
           ",\"nodes\":" + std::to_string(g.nodes().size()) + ",\"diagnostics\":[";
    for (std::size_t i = 0; i < info.diagnostics.size(); ++i) {
      if (i) out += ',';
      diagnostic(out, info.diagnostics[i]);
    }
    out += "]}";
  }
  out += "],\"diagnostics\":[";
  for (std::size_t i = 0; i < report.diagnostics.size(); ++i) {
    if (i) out += ',';
    diagnostic(out, report.diagnostics[i]);
  }
  policy::Summary s = policy::summarise(*report.results);
  out += "],\"summary\":{\"fail\":" + std::to_string(s.fail) +
         ",\"unknown\":" + std::to_string(s.unknown) + ",\"pass\":" + std::to_string(s.pass) +
         ",\"skip\":" + std::to_string(s.skip) +
         ",\"suppressed\":" + std::to_string(s.suppressed) +
         ",\"baselined\":" + std::to_string(report.baselined) + "},\"results\":[";
  first = true;
  for (const auto& r : *report.results) {
    if (!shown(report, r)) continue;
    if (!first) out += ',';
    first = false;
    const policy::Policy& p = *r.policy;
    out += "{\"policy\":{\"id\":" + json_quote(p.id) + ",\"title\":" + json_quote(p.title) +
           ",\"severity\":\"" + to_string(p.severity) + "\",\"controls\":{";
    bool cf = true;
    for (const auto& [catalogue, ids] : p.controls) {
      if (!cf) out += ',';
      cf = false;
      out += json_quote(catalogue) + ":[";
      for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + json_quote(ids[i]);
      out += ']';
    }
    out += "}},\"status\":\"" + std::string(to_string(r.status)) + "\",\"resource\":{" +
           "\"address\":" + json_quote(r.address()) + ",\"kind\":" + json_quote(r.kind()) +
           ",\"source_type\":" + json_quote(r.source_type()) + ",\"file\":" + json_quote(r.file()) +
           ",\"line\":" + std::to_string(r.line());
    if (!r.construct_path().empty()) out += ",\"construct_path\":" + json_quote(r.construct_path());
    out += "}";
    if (!r.element().empty()) out += ",\"element\":" + json_quote(r.element());
    out += ",\"message\":" + json_quote(r.message());
    if (!r.reason.empty()) out += ",\"reason\":" + json_quote(r.reason);
    out += ",\"location\":";
    location(out, r.location());
    if (!r.fingerprint.empty()) out += ",\"fingerprint\":" + json_quote(r.fingerprint);
    if (r.status == policy::Status::kSuppressed) suppression(out, r);
    out += ",\"evidence\":[";
    for (std::size_t i = 0; i < r.evidence.size(); ++i) {
      const auto& e = r.evidence[i];
      if (i) out += ',';
      out += "{\"path\":" + json_quote(e.path) + ",\"observed\":" + json_quote(e.observed);
      if (e.pos.known()) {
        out += ",\"line\":" + std::to_string(e.pos.line) +
               ",\"column\":" + std::to_string(e.pos.column) +
               ",\"pointer\":" + json_quote(e.pos.pointer);
      }
      out += "}";
    }
    out += "]}";
  }
  out += "]}\n";
  os << out;
}

}  // namespace ecsguard::report
