// Fuzz target: the policy loader (parse, validate, compile) on arbitrary YAML, both as `ecsguard
// test` loads it (with its tests) and as a scan does (its `tests:` entry skipped unparsed); the
// two must agree on everything but the tests.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "lean_policy_load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string difference = ecsguard::policy::lean_load_difference(text);
  if (!difference.empty()) {
    std::fprintf(stderr, "load without tests differs: %s\n", difference.c_str());
    std::abort();
  }
  return 0;
}
