// Finding fingerprints: the identity of a result that baselines and SARIF's partialFingerprints
// rely on.
//
// A fingerprint hashes what names a finding — the policy id, the input's path relative to the
// source root, the resource address and the element — and nothing about where it sits in the
// file (lines, columns, JSON pointers) or what was observed. It therefore survives reformatting,
// lines moving and edits elsewhere in the input, and changes when the finding is about something
// else: another policy, resource, container or input.
//
// Evidence paths are deliberately left out: an evaluated (policy, resource, element) triple has
// exactly one result, so they add no identity, and they hold list indexes that shift when an
// unrelated item (another environment variable) is added in front.
#pragma once

#include <string>
#include <vector>

#include "policy/result.h"

namespace ecsguard::review {

// 32 hexadecimal digits: the first 128 bits of SHA-256 over "ecsguard-fingerprint-v1", the
// policy id, path_from_root(result.file, source_root), the address and the element, each
// followed by a NUL byte. Versioned: changing what is hashed changes the prefix.
std::string fingerprint(const policy::Result& result, const std::string& source_root);

// Sets Result::fingerprint on every result, or without `passed` on the fail and unknown results
// only (the ones suppressions and baselines act on, and reports show by default): a scan whose
// report leaves passed and skipped results out thus hashes only its findings. With two or more
// `threads`, a large result list is hashed in two halves at once.
void assign_fingerprints(std::vector<policy::Result>& results, const std::string& source_root,
                         bool passed = true, unsigned threads = 1);

}  // namespace ecsguard::review
