#include "core/limits.h"

#include <cctype>
#include <limits>

namespace ecsguard {

const std::vector<LimitInfo>& limit_table() {
  static const std::vector<LimitInfo> table = {
      {"input_size", &Limits::input_size, "bytes", "size of one input file or in-memory buffer"},
      {"depth", &Limits::depth, "levels", "nesting of arrays and objects in a JSON or YAML document"},
      {"nodes", &Limits::nodes, "nodes",
       "values materialised from one document: a whole YAML template (each use of an alias "
       "counts again) or one parsed JSON tree (a template, or one plan resource)"},
      {"string_length", &Limits::string_length, "bytes", "length of one string or YAML scalar"},
      {"alias_expansion", &Limits::alias_expansion, "nodes",
       "YAML nodes reached again through aliases (billion-laughs documents)"},
      {"intrinsic_steps", &Limits::intrinsic_steps, "steps",
       "CloudFormation intrinsic function evaluations in one template"},
      {"intrinsic_depth", &Limits::intrinsic_depth, "levels",
       "nesting of CloudFormation intrinsic functions, including chains of Ref"},
      {"condition_depth", &Limits::condition_depth, "levels",
       "nesting of CloudFormation condition functions, named conditions referring to others "
       "included"},
      {"regex_program_size", &Limits::regex_program_size, "instructions",
       "compiled size of one regular expression in a policy"},
      {"regex_memory", &Limits::regex_memory, "bytes",
       "memory RE2 may use for one regular expression in a policy"},
      {"policy_file_size", &Limits::policy_file_size, "bytes", "size of one policy file"},
      {"time_ms", &Limits::time_ms, "ms", "time to read one input (0: no limit)"},
  };
  return table;
}

namespace {

bool parse_amount(std::string_view s, uint64_t& out) {
  if (s.empty()) return false;
  uint64_t scale = 1;
  char last = s.back();
  if (last == 'k' || last == 'K') scale = uint64_t{1} << 10;
  if (last == 'm' || last == 'M') scale = uint64_t{1} << 20;
  if (last == 'g' || last == 'G') scale = uint64_t{1} << 30;
  if (scale != 1) s.remove_suffix(1);
  if (s.empty()) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - digit) / 10) return false;
    v = v * 10 + digit;
  }
  if (v > std::numeric_limits<uint64_t>::max() / scale) return false;
  out = v * scale;
  return true;
}

std::string known_names() {
  std::string names;
  for (const LimitInfo& l : limit_table()) {
    if (!names.empty()) names += ", ";
    names += l.name;
  }
  return names;
}

}  // namespace

bool set_limit(Limits& limits, std::string_view assignment, std::string& error) {
  auto eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    error = "expected NAME=VALUE, found '" + std::string(assignment) + "'";
    return false;
  }
  std::string_view name = assignment.substr(0, eq);
  std::string_view value = assignment.substr(eq + 1);
  for (const LimitInfo& l : limit_table()) {
    if (name != l.name) continue;
    uint64_t v = 0;
    if (!parse_amount(value, v)) {
      error = "limit " + std::string(name) + ": expected a whole number (optionally ending in k, "
              "M or G), found '" + std::string(value) + "'";
      return false;
    }
    limits.*l.field = v;
    return true;
  }
  error = "unknown limit '" + std::string(name) + "'; the limits are " + known_names();
  return false;
}

std::string limit_code(std::string_view name) { return "limit." + std::string(name); }

std::string limit_note(std::string_view name, uint64_t value) {
  std::string n(name);
  return "(limit " + n + " = " + std::to_string(value) + "; raise it with --limit " + n + "=N)";
}

}  // namespace ecsguard
