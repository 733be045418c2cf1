// Fuzz target: the CloudFormation reader (YAML and JSON, detected by content) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cloudformation/reader.h"
#include "read/input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto buffer = ecsguard::InputBuffer::from_string(
      "fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size));
  ecsguard::Graph g = ecsguard::cloudformation::read(*buffer);
  (void)g.nodes().size();
  return 0;
}
