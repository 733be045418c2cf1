// Fuzz target: the CloudFormation reader's YAML path (short-form tags, anchors, aliases) on
// arbitrary bytes. Inputs that would be detected as JSON get a "---" document marker first, so
// every input exercises YAML parsing; fuzz_cloudformation_json covers the other path.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cloudformation/reader.h"
#include "read/detect.h"
#include "read/input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (ecsguard::looks_like_json(text)) text.insert(0, "---\n");
  auto buffer = ecsguard::InputBuffer::from_string("fuzz.yaml", std::move(text));
  ecsguard::Graph g = ecsguard::cloudformation::read(*buffer);
  (void)g.nodes().size();
  return 0;
}
