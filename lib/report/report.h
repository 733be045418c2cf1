// Reporters: one file per output format. A reporter only formats results; it never evaluates,
// reads inputs or touches the file system. Every format is deterministic: the same Report gives
// the same bytes.
#pragma once

#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/graph.h"
#include "policy/result.h"

namespace ecsguard::report {

// Where the project documents itself; SARIF's tool.driver.informationUri and rdjsonl's source.
inline constexpr const char* kInformationUri = "https://github.com/ecsguard/ecsguard";

// The paths report_path() has worked out, by file: a report names the same few files once per
// result, and working a path out asks the system for the working directory, twice.
struct ReportPaths {
  std::mutex mutex;
  std::string root;  // the source_root they are relative to
  std::unordered_map<std::string, std::string> by_file;
};

struct Report {
  const std::vector<Graph>* graphs = nullptr;            // one per input, in input order
  const std::vector<policy::Result>* results = nullptr;  // sorted
  Diagnostics diagnostics;  // diagnostics not tied to one input (directory walk, policies, review)
  bool include_passed = false;  // also pass and skip results
  std::string tool_version;
  bool color = false;  // text only
  // Every policy loaded for the run (SARIF lists them all as rules). May be null: the rules are
  // then the policies that have results.
  const policy::PolicySet* policies = nullptr;
  // Paths and URIs are written relative to this directory (core/paths.h); empty: the current one.
  std::string source_root;
  // Markdown: links to lines are link_base + "/" + path + "#L" + line (e.g. a GitHub blob URL of
  // the commit); without it they are relative paths.
  std::string link_base;
  std::size_t baselined = 0;  // results dropped by --baseline (counted, never shown)
  // Passes and skips that were evaluated but not kept as results (a scan that shows neither):
  // counted in the summaries, never listed.
  policy::Summary not_kept;
  // With two or more, the JSON report of many results is rendered on two threads (the same
  // bytes).
  unsigned threads = 1;
  // Shared by the report's copies; the working directory must not change while it is written.
  std::shared_ptr<ReportPaths> paths = std::make_shared<ReportPaths>();
};

// With two threads, the JSON report renders its results in pairs of blocks of this many, the
// helper holding one rendered block in memory (a couple of megabytes).
inline constexpr std::size_t kJsonBlock = 2048;

// Whether a result is shown: fail, unknown and suppressed always (a suppression is a decision
// reviewers should see); pass and skip with include_passed. JUnit lists every result.
bool shown(const Report& r, const policy::Result& result);
// The counts of the report's results by status, those not kept included.
policy::Summary summary(const Report& r);

void write_json(std::ostream& out, const Report& report);
void write_text(std::ostream& out, const Report& report);
void write_sarif(std::ostream& out, const Report& report);
void write_junit(std::ostream& out, const Report& report);
void write_markdown(std::ostream& out, const Report& report);
void write_github(std::ostream& out, const Report& report);
void write_rdjsonl(std::ostream& out, const Report& report);

enum class Format { kText, kJson, kSarif, kJunit, kMarkdown, kGithub, kRdjsonl };

// "text", "json", "sarif", "junit", "markdown", "github", "rdjsonl".
bool parse_format(std::string_view name, Format& out);
const char* to_string(Format f);
// "text, json, sarif, junit, markdown, github or rdjsonl", for messages.
const char* format_list();

void write_report(std::ostream& out, Format format, const Report& report);

}  // namespace ecsguard::report
