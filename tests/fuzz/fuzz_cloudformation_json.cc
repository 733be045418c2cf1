// Fuzz target: the CloudFormation reader's JSON path (CDK output, located JSON, intrinsics in
// long form) on arbitrary bytes. Inputs that would be detected as YAML get a "{" first, so every
// input exercises JSON parsing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cloudformation/reader.h"
#include "read/detect.h"
#include "read/input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!ecsguard::looks_like_json(text)) text.insert(0, "{");
  auto buffer = ecsguard::InputBuffer::from_string("fuzz.json", std::move(text));
  ecsguard::Graph g = ecsguard::cloudformation::read(*buffer);
  (void)g.nodes().size();
  return 0;
}
