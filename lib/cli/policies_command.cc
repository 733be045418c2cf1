// `ecsguard policies [--format text|json|markdown]` and `ecsguard explain POLICY_ID`.
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "core/strings.h"
#include "scan/scan.h"

namespace ecsguard::cli {

namespace {

std::string controls_text(const policy::Policy& p) {
  std::string s;
  for (const auto& [catalogue, ids] : p.controls) {
    for (const auto& id : ids) s += (s.empty() ? "" : " ") + id;
  }
  return s;
}

// A table for READMEs and wikis; `|` in titles is escaped so the table stays a table.
std::string markdown_table(const policy::PolicySet& set) {
  auto cell = [](const std::string& s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  std::string out = "| id | severity | kind | title | controls |\n|---|---|---|---|---|\n";
  for (const auto& p : set.policies()) {
    std::string controls;
    for (const auto& [catalogue, ids] : p.controls) {
      for (const auto& id : ids) controls += (controls.empty() ? "" : ", ") + catalogue + " " + id;
    }
    out += "| `" + p.id + "` | " + to_string(p.severity) + " | " + std::string(to_string(p.kind)) + " | " +
           cell(p.title) + " | " + cell(controls) + " |\n";
  }
  return out;
}

bool load(const std::vector<std::string>& dirs, policy::PolicySet& out, std::ostream& err) {
  PolicySources sources;
  sources.directories = dirs;
  Diagnostics diags;
  out = load_policies(sources, Limits{}, diags);
  for (const auto& d : diags) err << d.to_string() << '\n';
  return !has_errors(diags);
}

}  // namespace

int policies_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  std::string format = "text", error;
  std::vector<std::string> dirs;
  Args args(argv);
  while (args.next()) {
    if (args.is("--format")) {
      if (!args.value(format, error)) {
        err << "ecsguard policies: " << error << '\n';
        return kExitError;
      }
    } else if (args.is("--policies")) {
      std::string d;
      if (!args.value(d, error)) {
        err << "ecsguard policies: " << error << '\n';
        return kExitError;
      }
      dirs.push_back(d);
    } else {
      err << "ecsguard policies: unknown argument '" << args.arg() << "'\n";
      return kExitError;
    }
  }
  if (format != "text" && format != "json" && format != "markdown") {
    err << "ecsguard policies: unknown format '" << format
        << "': expected text, json or markdown\n";
    return kExitError;
  }
  policy::PolicySet set;
  bool ok = load(dirs, set, err);
  if (format == "json") {
    std::string s = "[";
    bool first = true;
    for (const auto& p : set.policies()) {
      if (!first) s += ',';
      first = false;
      s += "{\"id\":" + json_quote(p.id) + ",\"title\":" + json_quote(p.title) + ",\"kind\":\"" +
           std::string(to_string(p.kind)) + "\",\"severity\":\"" + to_string(p.severity) +
           "\",\"controls\":" + policy::controls_json(p.controls) + "}";
    }
    out << s << "]\n";
  } else if (format == "markdown") {
    out << markdown_table(set);
  } else {
    for (const auto& p : set.policies()) {
      out << p.id << "  " << to_string(p.kind) << "  " << to_string(p.severity);
      std::string c = controls_text(p);
      if (!c.empty()) out << "  " << c;
      out << '\n';
    }
  }
  return ok ? kExitOk : kExitError;
}

int explain_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  if (argv.size() != 1) {
    err << "ecsguard explain: give one policy id\n";
    return kExitError;
  }
  policy::PolicySet set;
  load({}, set, err);
  const policy::Policy* p = set.find(argv[0]);
  if (p == nullptr) {
    err << "ecsguard explain: no policy '" << argv[0] << "' (see `ecsguard policies`)\n";
    return kExitError;
  }
  out << p->id << " — " << p->title << "\n\nseverity: " << to_string(p->severity)
      << "\nkind: " << to_string(p->kind) << '\n';
  std::string c = controls_text(*p);
  if (!c.empty()) out << "controls: " << c << '\n';
  if (!p->description.empty()) out << "\n" << p->description << '\n';
  if (!p->remediation.empty()) out << "\nHow to fix:\n" << p->remediation << '\n';
  for (const auto& r : p->references) out << "  " << r << '\n';
  return kExitOk;
}

}  // namespace ecsguard::cli
