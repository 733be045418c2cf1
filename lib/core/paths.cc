#include "core/paths.h"

#include <filesystem>

namespace ecsguard {

namespace fs = std::filesystem;

std::string path_from_root(const std::string& file, const std::string& root) {
  if (file.empty()) return file;
  std::error_code ec;
  fs::path abs_file = fs::absolute(fs::path(file), ec).lexically_normal();
  if (ec) return fs::path(file).lexically_normal().generic_string();
  fs::path abs_root = fs::absolute(fs::path(root.empty() ? "." : root), ec).lexically_normal();
  if (ec) return abs_file.generic_string();
  // lexically_normal keeps a trailing separator as an empty last element ("dir/" → "dir/").
  if (!abs_root.has_filename()) abs_root = abs_root.parent_path();
  fs::path rel = abs_file.lexically_relative(abs_root);
  if (rel.empty() || *rel.begin() == "..") return abs_file.generic_string();
  return rel.generic_string();
}

bool is_root_relative(const std::string& path) { return !path.empty() && path[0] != '/'; }

}  // namespace ecsguard
