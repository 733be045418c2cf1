#include "review/fingerprint.h"

#include "core/paths.h"
#include "core/sha256.h"

namespace ecsguard::review {

std::string fingerprint(const policy::Result& result, const std::string& source_root) {
  std::string identity = "ecsguard-fingerprint-v1";
  identity += '\0';
  for (const std::string* part :
       {&result.policy->id, &result.file, &result.address, &result.element}) {
    identity += part == &result.file ? path_from_root(result.file, source_root) : *part;
    identity += '\0';
  }
  return sha256_hex(identity).substr(0, 32);
}

void assign_fingerprints(std::vector<policy::Result>& results, const std::string& source_root) {
  for (auto& r : results) r.fingerprint = fingerprint(r, source_root);
}

}  // namespace ecsguard::review
