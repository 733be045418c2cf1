#include "review/fingerprint.h"

#include "core/both.h"
#include "core/paths.h"
#include "core/sha256.h"

namespace ecsguard::review {

namespace {

// fingerprint() with the input's path already made relative to the source root.
std::string fingerprint_of(const policy::Result& result, const std::string& input) {
  std::string identity = "ecsguard-fingerprint-v1";
  identity += '\0';
  for (std::string_view part : {std::string_view(result.policy->id), std::string_view(input),
                                result.address().view(), result.element().view()}) {
    identity += part;
    identity += '\0';
  }
  std::string hex = sha256_hex(identity);
  hex.resize(32);
  return hex;
}

}  // namespace

std::string fingerprint(const policy::Result& result, const std::string& source_root) {
  return fingerprint_of(result, path_from_root(result.file().str(), source_root));
}

void assign_fingerprints(std::vector<policy::Result>& results, const std::string& source_root,
                         bool passed, unsigned threads) {
  auto assign = [&](std::size_t first, std::size_t last) {
    // Results come sorted by file: the relative path is worked out once per input.
    const SharedText* file = nullptr;
    std::string input;
    for (std::size_t i = first; i < last; ++i) {
      policy::Result& r = results[i];
      if (!passed && r.status != policy::Status::kFail && r.status != policy::Status::kUnknown) {
        continue;
      }
      if (file == nullptr || *file != r.file()) {
        file = &r.file();
        input = path_from_root(r.file().str(), source_root);
      }
      r.fingerprint = policy::Fingerprint::from_hex(fingerprint_of(r, input));
    }
  };
  constexpr std::size_t kSplitFrom = 512;  // results; below it a thread costs more than it saves
  if (threads < 2 || results.size() < kSplitFrom) {
    assign(0, results.size());
    return;
  }
  std::size_t half = results.size() / 2;
  run_both([&] { assign(0, half); }, [&] { assign(half, results.size()); });
}

}  // namespace ecsguard::review
