// Fuzz target: a whole scan through the public API — detection, either reader, every bundled
// policy and the JSON and SARIF reports — on arbitrary bytes. SARIF is written result by result
// into a frame nlohmann dumped: it must be the very document nlohmann dumps whole.
#include <ecsguard/scanner.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ecsguard::PolicySet policies = ecsguard::PolicySet::load({}, nullptr);
  ecsguard::ScanResult r = ecsguard::scan(
      policies, {ecsguard::Input::buffer("fuzz", std::string(reinterpret_cast<const char*>(data),
                                                             size))});
  std::ostringstream json;
  ecsguard::write_report(json, r, "json");
  std::ostringstream sarif;
  ecsguard::write_report(sarif, r, "sarif");
  using Json = nlohmann::ordered_json;
  const std::string written = sarif.str();
  Json whole = Json::parse(written, nullptr, false);
  if (whole.is_discarded() ||
      whole.dump(2, ' ', false, Json::error_handler_t::replace) + "\n" != written) {
    std::fprintf(stderr, "SARIF is not the document nlohmann writes whole\n");
    std::abort();
  }
  return 0;
}
