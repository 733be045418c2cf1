// File paths as reports print them: relative to a source root (the repository a CI job checks
// out), so that code-scanning services, review bots and people can find the file.
#pragma once

#include <string>

namespace ecsguard {

// `file` relative to `root` (empty means the current directory), '/'-separated and lexically
// normalised ("./a/../b.json" → "b.json"), when it lies inside root; its absolute path
// otherwise. Only the current directory is consulted, never the file system's contents, so the
// answer is the same whether or not the file exists.
std::string path_from_root(const std::string& file, const std::string& root);

// Whether path_from_root(...) returned a path inside the root (relative), not an absolute one.
bool is_root_relative(const std::string& path);

}  // namespace ecsguard
