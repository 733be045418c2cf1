// What every reporter shares: which results are shown, format names, paths.
#include "report/report.h"

#include "core/paths.h"
#include "core/strings.h"
#include "report/report_util.h"

namespace ecsguard::report {

namespace {

const char* const kFormatNames[] = {"text",     "json",   "sarif",  "junit",
                                    "markdown", "github", "rdjsonl"};

}  // namespace

bool shown(const Report& r, const policy::Result& result) {
  return r.include_passed || is_finding(result) || result.status == policy::Status::kSuppressed;
}

policy::Summary summary(const Report& r) {
  policy::Summary s = policy::summarise(*r.results);
  s += r.not_kept;
  return s;
}

bool parse_format(std::string_view name, Format& out) {
  for (std::size_t i = 0; i < std::size(kFormatNames); ++i) {
    if (name == kFormatNames[i]) {
      out = static_cast<Format>(i);
      return true;
    }
  }
  return false;
}

const char* to_string(Format f) { return kFormatNames[static_cast<std::size_t>(f)]; }

const char* format_list() { return "text, json, sarif, junit, markdown, github or rdjsonl"; }

void write_report(std::ostream& out, Format format, const Report& report) {
  switch (format) {
    case Format::kText:
      return write_text(out, report);
    case Format::kJson:
      return write_json(out, report);
    case Format::kSarif:
      return write_sarif(out, report);
    case Format::kJunit:
      return write_junit(out, report);
    case Format::kMarkdown:
      return write_markdown(out, report);
    case Format::kGithub:
      return write_github(out, report);
    case Format::kRdjsonl:
      return write_rdjsonl(out, report);
  }
}

std::string report_path(const Report& report, const std::string& file) {
  if (report.paths == nullptr) return path_from_root(file, report.source_root);
  ReportPaths& memo = *report.paths;
  std::lock_guard<std::mutex> lock(memo.mutex);
  if (memo.root != report.source_root) {
    memo.by_file.clear();
    memo.root = report.source_root;
  }
  auto known = memo.by_file.find(file);
  if (known == memo.by_file.end()) {
    known = memo.by_file.emplace(file, path_from_root(file, report.source_root)).first;
  }
  return known->second;
}

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = utf8_sequence_length(s, i);
    if (len != 0) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}

const char* security_severity(policy::Severity s) {
  switch (s) {
    case policy::Severity::kCritical:
      return "9.5";
    case policy::Severity::kHigh:
      return "8.0";
    case policy::Severity::kMedium:
      return "5.5";
    case policy::Severity::kLow:
      return "3.0";
    case policy::Severity::kInfo:
      return "0.0";
  }
  return "0.0";
}

std::string unwrap(std::string_view s) {
  std::string out;
  bool blank = false;  // a blank line since the last text
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(start, end - start);
    std::size_t a = line.find_first_not_of(" \t\r");
    std::size_t b = line.find_last_not_of(" \t\r");
    start = end + 1;
    if (a == std::string_view::npos) {
      blank = true;
      continue;
    }
    line = line.substr(a, b - a + 1);
    bool item = line.rfind("- ", 0) == 0 || line.rfind("* ", 0) == 0 ||
                (line.size() > 2 && line[0] >= '0' && line[0] <= '9' &&
                 line.find(". ") != std::string_view::npos &&
                 line.find_first_not_of("0123456789") == line.find(". "));
    if (!out.empty()) out += blank || item ? "\n" : " ";
    out += line;
    blank = false;
  }
  return out;
}

std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-' || c == '_' || c == '.') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

}  // namespace ecsguard::report
