// Helpers shared by the reporters (internal to lib/report).
#pragma once

#include <string>
#include <string_view>

#include "report/report.h"

namespace ecsguard::report {

// `file` as the report prints it: relative to the report's source root when inside it.
// Remembered in report.paths.
std::string report_path(const Report& report, const std::string& file);

// `s` with invalid UTF-8 sequences replaced by U+FFFD, so that every format stays well-formed
// whatever bytes an input held.
std::string valid_utf8(std::string_view s);

// GitHub code scanning's `security-severity` score for a policy severity (docs/ci.md):
// critical 9.5, high 8.0, medium 5.5, low 3.0, info 0.0. GitHub ranks >= 9.0 critical, 7.0–8.9
// high, 4.0–6.9 medium, 0.1–3.9 low.
const char* security_severity(policy::Severity s);

// Whether a result is a finding a reviewer must act on (fail or unknown).
inline bool is_finding(const policy::Result& r) {
  return r.status == policy::Status::kFail || r.status == policy::Status::kUnknown;
}

// Policy prose (description, remediation) without the hard line wraps of YAML block scalars:
// the lines of a paragraph joined with spaces, paragraphs and list items ("- ", "* ", "1. ") on
// lines of their own, no trailing newline. One-line formats need it; markdown reads better.
std::string unwrap(std::string_view s);

// The policy id as an identifier in PascalCase ("ecs-container-privileged" →
// "EcsContainerPrivileged"), the shape SARIF viewers expect of rule names.
std::string pascal_case(std::string_view id);

}  // namespace ecsguard::report
