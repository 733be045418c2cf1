// The check that a load without tests (a scan's) reads the policy a full load (`ecsguard test`'s)
// reads: used by the policy fuzz target on every input and by the loader's unit tests.
#pragma once

#include <string>

#include "policy/loader.h"

namespace ecsguard::policy {

// What a load of `text` without tests says differently from a full load, or "" when nothing.
// Unless the full load finds invalid YAML (which may be inside the skipped entry), each
// diagnostic of the lean load must be one of the full load's (which may say more, about the
// tests); and if the full load succeeds, the lean one must too, with the same policy but for its
// tests.
inline std::string lean_load_difference(const std::string& text) {
  Diagnostics full_diags, lean_diags;
  Policy full, lean;
  bool full_ok = load_policy(text, "p.yaml", Limits{}, full, full_diags, true);
  bool lean_ok = load_policy(text, "p.yaml", Limits{}, lean, lean_diags, false);
  for (const Diagnostic& f : full_diags) {
    if (f.code == "policy.yaml_syntax") return "";  // maybe in the entry, which a scan skips
  }
  for (const Diagnostic& d : lean_diags) {
    bool said = false;
    for (const Diagnostic& f : full_diags) said = said || f.to_string() == d.to_string();
    if (!said) return "only the lean load says: " + d.to_string();
  }
  if (!full_ok) return "";
  if (!lean_ok) return "the lean load fails";
  auto differs = [](const char* what) {
    return std::string("the lean load's ") + what + " differs";
  };
  if (lean.id != full.id || lean.title != full.title || lean.severity != full.severity) {
    return differs("id, title or severity");
  }
  if (lean.description != full.description || lean.remediation != full.remediation ||
      lean.references != full.references || lean.controls != full.controls) {
    return differs("description, remediation, references or controls");
  }
  if (lean.kind != full.kind || lean.has_where != full.has_where ||
      lean.check.path != full.check.path ||
      lean.check.children.size() != full.check.children.size() ||
      lean.on_unknown != full.on_unknown || lean.message != full.message) {
    return differs("kind, condition or message");
  }
  if (lean.params.size() != full.params.size()) return differs("params");
  if (lean.pos.line != full.pos.line || lean.pos.column != full.pos.column) {
    return differs("position");
  }
  if (!lean.tests.empty()) return "the lean load read tests";
  return "";
}

}  // namespace ecsguard::policy
