// Fuzz target: a whole scan through the public API — detection, either reader, every bundled
// policy and the JSON report — on arbitrary bytes.
#include <ecsguard/scanner.h>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ecsguard::PolicySet policies = ecsguard::PolicySet::load({}, nullptr);
  ecsguard::ScanResult r = ecsguard::scan(
      policies, {ecsguard::Input::buffer("fuzz", std::string(reinterpret_cast<const char*>(data),
                                                             size))});
  std::ostringstream out;
  ecsguard::write_report(out, r, "json");
  return 0;
}
