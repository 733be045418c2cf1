// Fuzz target: the policy loader (parse, validate, compile) on arbitrary YAML, both as `ecsguard
// test` loads it (with its tests) and as a scan does (its `tests:` entry skipped unparsed).
#include <cstddef>
#include <cstdint>
#include <string>

#include "policy/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (bool with_tests : {true, false}) {
    ecsguard::Diagnostics diags;
    ecsguard::policy::Policy p;
    ecsguard::policy::load_policy(text, "fuzz.yaml", ecsguard::Limits{}, p, diags, with_tests);
  }
  return 0;
}
