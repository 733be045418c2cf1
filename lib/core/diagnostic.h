// Diagnostics: the one way every stage reports bad input. A diagnostic has a stable code grouped
// by stage (e.g. "tf.plan.bad_json"), a message saying what was found and what was expected, and
// a location. Codes are documented in docs/errors.md.
#pragma once

#include <string>
#include <vector>

#include "core/location.h"

namespace ecsguard {

enum class Severity { kError, kWarning, kNote };

const char* to_string(Severity s);

struct Diagnostic {
  std::string code;
  Severity severity = Severity::kError;
  std::string message;
  Location location;

  // "file:line:col: error: message [code]"
  std::string to_string() const;
  friend bool operator==(const Diagnostic& a, const Diagnostic& b) {
    return a.code == b.code && a.severity == b.severity && a.message == b.message &&
           a.location == b.location;
  }
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diags);

}  // namespace ecsguard
