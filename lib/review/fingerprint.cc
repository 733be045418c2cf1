#include "review/fingerprint.h"

#include "core/paths.h"
#include "core/sha256.h"

namespace ecsguard::review {

namespace {

// fingerprint() with the input's path already made relative to the source root.
std::string fingerprint_of(const policy::Result& result, const std::string& input) {
  std::string identity = "ecsguard-fingerprint-v1";
  identity += '\0';
  for (const std::string* part : {&result.policy->id, &input, &result.address(), &result.element()}) {
    identity += *part;
    identity += '\0';
  }
  std::string hex = sha256_hex(identity);
  hex.resize(32);
  return hex;
}

}  // namespace

std::string fingerprint(const policy::Result& result, const std::string& source_root) {
  return fingerprint_of(result, path_from_root(result.file(), source_root));
}

void assign_fingerprints(std::vector<policy::Result>& results, const std::string& source_root,
                         bool passed) {
  // Results come sorted by file: the relative path is worked out once per input.
  const std::string* file = nullptr;
  std::string input;
  for (auto& r : results) {
    if (!passed && r.status != policy::Status::kFail && r.status != policy::Status::kUnknown) {
      continue;
    }
    if (file == nullptr || *file != r.file()) {
      file = &r.file();
      input = path_from_root(r.file(), source_root);
    }
    r.fingerprint = fingerprint_of(r, input);
  }
}

}  // namespace ecsguard::review
