// A pull-request comment in GitHub-flavoured markdown: a verdict line, counts by severity, then per
// input a Mermaid diagram of the affected part of the graph (failing nodes red, undecided amber)
// and the findings grouped by resource, each group collapsed in <details>, with links to the
// lines. Suppressed results are listed, collapsed, with their reasons: a reviewer should see a new
// suppression as clearly as a new finding.
//
// GitHub rejects comments longer than 65,536 characters. The comment is assembled section by
// section against that budget (counted in bytes, never fewer than characters); what does not fit
// is left out whole and counted in a closing note.
#include <array>
#include <map>
#include <set>

#include "report/report.h"
#include "report/report_util.h"

namespace ecsguard::report {

namespace {

constexpr std::size_t kCommentLimit = 65536;
constexpr std::size_t kReserve = 1024;  // for the truncation note and the footer
constexpr std::size_t kMaxDiagramNodes = 40;

// Text inside table cells and summaries: HTML metacharacters, table pipes, and the markdown that
// could turn a resource name into a link, an image, emphasis or an @-mention are escaped.
std::string md(std::string_view s) {
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
      case '|':
        out += "\\|";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '`':
        out += "\\`";
        break;
      case '*':
        out += "\\*";
        break;
      case '[':
        out += "\\[";
        break;
      case ']':
        out += "\\]";
        break;
      case '@':
        out += "&#64;";
        break;
      case '\n':
        out += "<br>";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Policy prose (remediation) is written by policy authors in markdown: code spans and links
// stay; only what would break the HTML around it or the list line is escaped.
std::string md_prose(std::string_view s) {
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
      case '@':
        out += "&#64;";
        break;
      case '\n':
        out += " ";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string mermaid_label(std::string_view s) {
  std::string out;
  for (char c : valid_utf8(s)) {
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '\n':
        out += "<br/>";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string link(const Report& report, const Location& l) {
  if (l.file.empty()) return "";
  std::string path = report_path(report, l.file);
  std::string text = path + (l.line ? ":" + std::to_string(l.line) : "");
  std::string target = (report.link_base.empty() ? path : report.link_base + "/" + path) +
                       (l.line ? "#L" + std::to_string(l.line) : "");
  std::string encoded;
  for (char c : target)
    encoded += c == ' ' ? std::string("%20") : c == ')' ? "%29" : std::string(1, c);
  return "[" + md(text) + "](" + encoded + ")";
}

const char* icon(policy::Status s) { return s == policy::Status::kFail ? "❌" : "⚠️"; }

// The resource-level node a result or an edge end belongs to (containers → task definition).
NodeId resource_of(const Graph& g, NodeId id) {
  const Node& n = g.node(id);
  return n.parent != kNoNode ? n.parent : id;
}

std::string diagram(const Graph& g, const std::map<std::string, policy::Status>& worst) {
  std::set<NodeId> affected, shown;
  for (const Node& n : g.nodes()) {
    if (n.parent == kNoNode && worst.count(n.address.str())) affected.insert(n.id);
  }
  if (affected.empty() || affected.size() > kMaxDiagramNodes) return "";
  shown = affected;
  std::set<std::pair<NodeId, NodeId>> edges;
  std::map<std::pair<NodeId, NodeId>, std::string> relation;
  for (const Edge& e : g.edges()) {
    NodeId a = resource_of(g, e.from), b = resource_of(g, e.to);
    if (a == b || (!affected.count(a) && !affected.count(b))) continue;
    edges.insert({a, b});
    relation.emplace(std::make_pair(a, b), to_string(e.relation));
  }
  std::set<NodeId> with_neighbours = shown;
  for (const auto& [a, b] : edges) {
    with_neighbours.insert(a);
    with_neighbours.insert(b);
  }
  if (with_neighbours.size() <= kMaxDiagramNodes) shown = with_neighbours;
  std::string out = "```mermaid\nflowchart LR\n";
  for (NodeId id : shown) {
    const Node& n = g.node(id);
    out += "  n" + std::to_string(id) + "[\"" + mermaid_label(std::string(to_string(n.kind))) +
           "<br/>" + mermaid_label(n.address) + "\"]";
    auto w = worst.find(n.address.str());
    if (w != worst.end()) out += w->second == policy::Status::kFail ? ":::fail" : ":::unknown";
    out += "\n";
  }
  for (const auto& [a, b] : edges) {
    if (!shown.count(a) || !shown.count(b)) continue;
    out +=
        "  n" + std::to_string(a) + " -->|" + relation[{a, b}] + "| n" + std::to_string(b) + "\n";
  }
  out +=
      "  classDef fail fill:#ffd7d5,stroke:#d1242f,color:#1f2328\n"
      "  classDef unknown fill:#fff1c2,stroke:#9a6700,color:#1f2328\n```\n\n";
  return out;
}

// One resource's findings, collapsed.
std::string resource_section(const Report& report, const std::vector<const policy::Result*>& rs) {
  const policy::Result& first = *rs.front();
  std::size_t fail = 0, unknown = 0;
  for (const auto* r : rs) (r->status == policy::Status::kFail ? fail : unknown)++;
  std::string counts;
  if (fail) counts += std::to_string(fail) + " failing";
  if (unknown) counts += (counts.empty() ? "" : ", ") + std::to_string(unknown) + " unknown";
  std::string out =
      "<details><summary>" +
      std::string(icon(fail ? policy::Status::kFail : policy::Status::kUnknown)) + " <code>" +
      md(first.address()) + "</code> (" + md(first.kind()) + ") — " + counts +
      "</summary>\n\n| | severity | policy | finding | where |\n|---|---|---|---|---|\n";
  std::map<std::string, const policy::Policy*> fixes;
  for (const auto* r : rs) {
    std::string finding = md(r->message());
    if (!r->element().empty()) finding = "<code>" + md(r->element()) + "</code> " + finding;
    out += "| " + std::string(icon(r->status)) + " | " + to_string(r->policy->severity) +
           " | <code>" + md(r->policy->id) + "</code> | " + finding + " | " +
           link(report, r->location()) + " |\n";
    if (!r->policy->remediation.empty()) fixes.emplace(r->policy->id, r->policy);
  }
  if (!fixes.empty()) out += "\n**How to fix**\n\n";
  for (const auto& [id, p] : fixes)
    out += "- <code>" + md(id) + "</code>: " + md_prose(unwrap(p->remediation)) + "\n";
  return out + "\n</details>\n\n";
}

std::string suppressed_section(const Report& report, const std::vector<const policy::Result*>& rs) {
  std::string out = "<details><summary>🔕 " + std::to_string(rs.size()) +
                    " suppressed</summary>\n\n| policy | resource | was | reason | suppressed by "
                    "|\n|---|---|---|---|---|\n";
  for (const auto* r : rs) {
    out += "| <code>" + md(r->policy->id) + "</code> | <code>" + md(r->address()) + "</code>" +
           (r->element().empty() ? "" : " " + md(r->element())) + " | " +
           to_string(r->suppressed_status) + " | " + md(r->suppression()->reason) +
           (r->suppression()->expires.empty() ? ""
                                              : " (until " + md(r->suppression()->expires) + ")") +
           " | " + link(report, r->suppression()->location) + " |\n";
  }
  return out + "\n</details>\n\n";
}

}  // namespace

void write_markdown(std::ostream& os, const Report& report) {
  policy::Summary s = summary(report);
  std::map<policy::Severity, std::array<std::size_t, 3>> counts;  // fail, unknown, suppressed
  for (const auto& r : *report.results) {
    if (r.status == policy::Status::kFail) ++counts[r.policy->severity][0];
    if (r.status == policy::Status::kUnknown) ++counts[r.policy->severity][1];
    if (r.status == policy::Status::kSuppressed) ++counts[r.policy->severity][2];
  }
  std::string out = "<!-- ecsguard report -->\n";
  std::string severities;
  for (auto it = counts.rbegin(); it != counts.rend(); ++it) {
    if (it->second[0]) {
      severities += (severities.empty() ? "" : ", ") + std::to_string(it->second[0]) + " " +
                    to_string(it->first);
    }
  }
  if (s.fail) {
    out += "### ❌ ecsguard: " + std::to_string(s.fail) + " failing (" + severities + ")";
  } else if (s.unknown) {
    out += "### ⚠️ ecsguard: nothing failing";
  } else {
    out += "### ✅ ecsguard: nothing failing";
  }
  out += s.unknown ? ", " + std::to_string(s.unknown) + " unknown\n\n" : "\n\n";
  if (!counts.empty()) {
    out += "| severity | failing | unknown | suppressed |\n|---|--:|--:|--:|\n";
    for (auto it = counts.rbegin(); it != counts.rend(); ++it) {
      out += "| " + std::string(to_string(it->first)) + " | " + std::to_string(it->second[0]) +
             " | " + std::to_string(it->second[1]) + " | " + std::to_string(it->second[2]) + " |\n";
    }
    out += "\n";
  }
  std::size_t resources = 0;
  for (const auto& g : *report.graphs) resources += g.nodes().size();
  out += std::to_string(s.pass) + " passed, " + std::to_string(s.skip) + " not applicable, " +
         std::to_string(s.suppressed) + " suppressed, " + std::to_string(report.baselined) +
         " baselined — " + std::to_string(resources) + " resources in " +
         std::to_string(report.graphs->size()) + " input" +
         (report.graphs->size() == 1 ? "" : "s") + ".\n\n";

  // Findings by input, then by resource (results are sorted by file, address).
  std::size_t budget = kCommentLimit - kReserve;
  std::size_t left_findings = 0, left_resources = 0, left_suppressed = 0;
  bool full = false;
  std::vector<const policy::Result*> suppressed;
  for (const auto& g : *report.graphs) {
    std::map<std::string, std::vector<const policy::Result*>> by_resource;
    std::vector<std::string> order;
    std::map<std::string, policy::Status> worst;
    for (const auto& r : *report.results) {
      if (r.file() != g.info().file) continue;
      if (r.status == policy::Status::kSuppressed) suppressed.push_back(&r);
      if (!is_finding(r)) continue;
      auto& list = by_resource[r.address().str()];
      if (list.empty()) order.push_back(r.address().str());
      list.push_back(&r);
      auto w = worst.emplace(r.address(), r.status).first;
      if (r.status == policy::Status::kFail) w->second = r.status;
    }
    if (order.empty()) continue;
    if (full) {
      left_resources += order.size();
      for (const auto& a : order) left_findings += by_resource[a].size();
      continue;
    }
    std::string heading = "#### " + link(report, Location(g.info().file, {})) + "\n\n";
    std::string picture = diagram(g, worst);
    if (out.size() + heading.size() + picture.size() <= budget) {
      out += heading + picture;
    } else if (out.size() + heading.size() <= budget) {
      out += heading;  // the diagram is the first thing to go
    }
    for (const auto& address : order) {
      std::string section = full ? "" : resource_section(report, by_resource[address]);
      if (!full && out.size() + section.size() <= budget) {
        out += section;
        continue;
      }
      full = true;
      ++left_resources;
      left_findings += by_resource[address].size();
    }
  }
  if (!suppressed.empty()) {
    std::string section = suppressed_section(report, suppressed);
    if (out.size() + section.size() <= budget) {
      out += section;
    } else {
      full = true;
      left_suppressed = suppressed.size();
    }
  }
  if (full) {
    std::string left = std::to_string(left_findings) + " findings on " +
                       std::to_string(left_resources) + " resources";
    if (left_suppressed) left += " and " + std::to_string(left_suppressed) + " suppressed results";
    out +=
        "> [!WARNING]\n> This comment is shortened to stay under GitHub's 65,536-character "
        "limit: " +
        left +
        " are not shown. The SARIF, JSON and JUnit reports have all of "
        "them.\n\n";
  }
  out += "<sub>ecsguard " + md(report.tool_version) + "</sub>\n";
  os << out;
}

}  // namespace ecsguard::report
