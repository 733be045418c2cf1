// Fuzz target: the policy loader (parse, validate, compile) on arbitrary YAML.
#include <cstddef>
#include <cstdint>
#include <string>

#include "policy/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ecsguard::Diagnostics diags;
  ecsguard::policy::Policy p;
  ecsguard::policy::load_policy(std::string(reinterpret_cast<const char*>(data), size),
                                "fuzz.yaml", ecsguard::Limits{}, p, diags);
  return 0;
}
