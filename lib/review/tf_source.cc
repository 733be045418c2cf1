#include "review/tf_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "review/hcl_blocks.h"
#include "terraform/address.h"
#include "terraform/module_sources.h"

namespace ecsguard::review {

namespace {

namespace fs = std::filesystem;

bool local_source(const std::string& source) {
  // Terraform's own rule: only sources starting with ./ or ../ are local directories.
  return source.rfind("./", 0) == 0 || source.rfind("../", 0) == 0;
}

// "module.a.module.b" → "module.a"; "module.a" → "".
std::string parent_module(const std::string& path) {
  auto dot = path.rfind(".module.");
  return dot == std::string::npos ? "" : path.substr(0, dot);
}

// The resource blocks of one module directory: "TYPE.NAME" → where the block starts.
using BlockIndex = std::map<std::string, Location>;

class Mapper {
 public:
  Mapper(const std::string& root, Diagnostics& diags) : root_(root), diags_(diags) {}

  // Maps the results of one plan, whose module call sources are `sources`.
  void map(std::vector<policy::Result*>& results, const std::string& plan,
           const std::map<std::string, std::string>& sources) {
    std::map<std::string, std::optional<fs::path>> dirs;  // module path → directory
    for (policy::Result* r : results) {
      terraform::Address address;
      if (!terraform::parse_address(r->address(), address)) continue;
      std::string module = address.module_path();
      auto found = dirs.find(module);
      if (found == dirs.end()) {
        found = dirs.emplace(module, module_dir(module, plan, sources)).first;
      }
      if (!found->second) continue;
      const BlockIndex& blocks = index(*found->second);
      auto block = blocks.find(address.local());
      if (block != blocks.end()) {
        r->relocate(block->second);
        continue;
      }
      std::string key = found->second->generic_string() + "\n" + address.local();
      if (reported_.insert(key).second) {
        note("tf_source.block_not_found", Severity::kWarning, Location(plan, {}),
             "no `resource \"" + address.type + "\" \"" + address.name +
                 "\"` block in the .tf files of " + found->second->generic_string() + " (for " +
                 r->address() + "); its findings keep their plan location");
      }
    }
  }

 private:
  std::optional<fs::path> module_dir(const std::string& module, const std::string& plan,
                                     const std::map<std::string, std::string>& sources) {
    if (module.empty()) return fs::path(root_);
    auto it = sources.find(module);
    if (it == sources.end()) {
      once("tf_source.module_unknown", plan + "\n" + module, Severity::kNote, plan,
           "the input has no module call for " + module +
               " (a state, or a plan without its configuration section); its findings keep "
               "their plan location");
      return std::nullopt;
    }
    if (!local_source(it->second)) {
      once("tf_source.module_not_local", plan + "\n" + module, Severity::kNote, plan,
           module + " comes from \"" + it->second +
               "\", not a local directory (./ or ../); its findings keep their plan location");
      return std::nullopt;
    }
    auto parent = module_dir(parent_module(module), plan, sources);
    if (!parent) return std::nullopt;
    return (*parent / it->second).lexically_normal();
  }

  const BlockIndex& index(const fs::path& dir) {
    std::string key = dir.generic_string();
    auto it = indexes_.find(key);
    if (it != indexes_.end()) return it->second;
    BlockIndex& blocks = indexes_[key];
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator d(dir, ec), end; !ec && d != end; d.increment(ec)) {
      if (d->path().extension() == ".tf" && d->is_regular_file(ec)) files.push_back(d->path());
    }
    if (ec || !fs::is_directory(dir)) {
      once("tf_source.unreadable", key, Severity::kWarning, key,
           "cannot list the module directory" + (ec ? ": " + ec.message() : std::string()) +
               "; its findings keep their plan location");
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      std::string name = f.lexically_normal().generic_string();
      for (const auto& b : top_level_blocks(text.str())) {
        if (b.type != "resource" || b.labels.size() != 2) continue;
        // Terraform rejects duplicate blocks; if there are some anyway, the first one wins.
        blocks.emplace(b.labels[0] + "." + b.labels[1],
                       Location(name, SourcePos{b.line, b.column, ""}));
      }
    }
    return blocks;
  }

  void once(const char* code, const std::string& key, Severity severity, const std::string& file,
            std::string message) {
    if (reported_.insert(std::string(code) + "\n" + key).second) {
      note(code, severity, Location(file, {}), std::move(message));
    }
  }

  void note(const char* code, Severity severity, Location where, std::string message) {
    Diagnostic d;
    d.code = code;
    d.severity = severity;
    d.message = std::move(message);
    d.location = std::move(where);
    diags_.push_back(std::move(d));
  }

  std::string root_;
  Diagnostics& diags_;
  std::map<std::string, BlockIndex> indexes_;
  std::set<std::string> reported_;
};

}  // namespace

void map_tf_source(std::vector<policy::Result>& results, const std::vector<Graph>& graphs,
                   const std::string& dir, Diagnostics& diags) {
  Mapper mapper(dir, diags);
  for (const auto& g : graphs) {
    const InputInfo& info = g.info();
    if (info.format != "terraform-plan" && info.format != "terraform-state") continue;
    std::vector<policy::Result*> mine;
    for (auto& r : results) {
      if (r.file() == info.file) mine.push_back(&r);
    }
    if (mine.empty()) continue;
    std::map<std::string, std::string> sources;
    if (info.format == "terraform-plan") {
      Diagnostics read;
      if (!terraform::read_module_sources(info.file, sources, read)) {
        for (auto& d : read) d.severity = Severity::kWarning;  // the plan itself was readable
        diags.insert(diags.end(), read.begin(), read.end());
      }
    }
    mapper.map(mine, info.file, sources);
  }
}

}  // namespace ecsguard::review
