// Fuzz target: the Terraform plan/state reader on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "read/input.h"
#include "terraform/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto buffer = ecsguard::InputBuffer::from_string(
      "fuzz.json", std::string(reinterpret_cast<const char*>(data), size));
  ecsguard::Graph g = ecsguard::terraform::read(*buffer);
  (void)g.nodes().size();
  return 0;
}
