#include "review/baseline.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/paths.h"
#include "core/strings.h"
#include "read/json.h"

namespace ecsguard::review {

namespace {

bool baselinable(const policy::Result& r) {
  return r.status == policy::Status::kFail || r.status == policy::Status::kUnknown;
}

Diagnostic problem(const char* code, const std::string& file, uint32_t line, uint32_t column,
                   std::string message) {
  Diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.location.file = file;
  d.location.line = line;
  d.location.column = column;
  return d;
}

}  // namespace

std::string baseline_json(const std::vector<policy::Result>& results,
                          const std::string& source_root) {
  std::string out = "{\"ecsguard_baseline\": 1, \"findings\": [\n";
  std::set<std::string> seen;
  bool first = true;
  for (const auto& r : results) {
    if (!baselinable(r) || !seen.insert(r.fingerprint.hex()).second) continue;
    if (!first) out += ",\n";
    first = false;
    out += "{\"fingerprint\": " + json_quote(r.fingerprint.hex()) +
           ", \"policy\": " + json_quote(r.policy->id) +
           ", \"input\": " + json_quote(path_from_root(r.file().str(), source_root)) +
           ", \"address\": " + json_quote(r.address()) + ", \"element\": " + json_quote(r.element()) +
           ", \"status\": \"" + to_string(r.status) + "\"}";
  }
  out += first ? "]}\n" : "\n]}\n";
  return out;
}

bool parse_baseline(std::string_view text, const std::string& file, Baseline& out,
                    Diagnostics& diags) {
  JNode root;
  JsonError error;
  if (!parse_json_text(text, Limits{}, root, error)) {
    diags.push_back(problem("baseline.bad_json", file, error.line, error.column,
                            "invalid JSON: " + error.message));
    return false;
  }
  const char* expected =
      "expected {\"ecsguard_baseline\": 1, \"findings\": [{\"fingerprint\": ...}, ...]} as "
      "--write-baseline writes";
  const JNode* version = root.get("ecsguard_baseline");
  const JNode* findings = root.get("findings");
  if (!root.is_object() || version == nullptr || findings == nullptr) {
    diags.push_back(problem("baseline.bad_format", file, root.line, root.column,
                            std::string("not an ecsguard baseline; ") + expected));
    return false;
  }
  if (!version->is_number() || version->text != "1") {
    diags.push_back(problem(
        "baseline.bad_format", file, version->line, version->column,
        "unsupported baseline version " + version->text + "; this ecsguard reads version 1"));
    return false;
  }
  if (!findings->is_array()) {
    diags.push_back(problem("baseline.bad_format", file, findings->line, findings->column,
                            std::string("\"findings\" must be an array; ") + expected));
    return false;
  }
  bool good = true;
  for (const auto& f : findings->items) {
    const JNode* fp = f.get("fingerprint");
    if (fp == nullptr || !fp->is_string() || fp->text.empty()) {
      diags.push_back(
          problem("baseline.bad_format", file, f.line, f.column,
                  "a finding without a \"fingerprint\" string; " + std::string(expected)));
      good = false;
      continue;
    }
    out.fingerprints.insert(fp->text);
  }
  return good;
}

bool read_baseline(const std::string& path, Baseline& out, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.push_back(problem("baseline.unreadable", path, 0, 0, "cannot read the baseline file"));
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_baseline(text.str(), path, out, diags);
}

bool write_baseline(const std::string& path, const std::vector<policy::Result>& results,
                    const std::string& source_root, Diagnostics& diags) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out << baseline_json(results, source_root);
  if (!out) {
    diags.push_back(problem("baseline.unwritable", path, 0, 0, "cannot write the baseline file"));
    return false;
  }
  return true;
}

std::size_t apply_baseline(std::vector<policy::Result>& results, const Baseline& baseline) {
  std::size_t before = results.size();
  results.erase(std::remove_if(results.begin(), results.end(),
                               [&](const policy::Result& r) {
                                 return baselinable(r) &&
                                        baseline.fingerprints.count(r.fingerprint.hex());
                               }),
                results.end());
  return before - results.size();
}

}  // namespace ecsguard::review
