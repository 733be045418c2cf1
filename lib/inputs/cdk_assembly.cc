#include "inputs/cdk_assembly.h"

#include <algorithm>
#include <set>

#include "core/strings.h"
#include "read/input.h"
#include "read/json.h"

namespace ecsguard {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxNesting = 8;  // stages within stages; also stops a manifest naming itself

Diagnostic manifest_error(const fs::path& manifest, const SourcePos& pos, std::string message) {
  Diagnostic d;
  d.code = "cdk.manifest.invalid";
  d.message = std::move(message);
  d.location = Location(manifest.generic_string(), pos);
  return d;
}

const JNode* string_member(const JNode& j, std::string_view key) {
  const JNode* v = j.get(key);
  return v != nullptr && v->is_string() ? v : nullptr;
}

// "aws://123456789012/eu-west-1" → AWS::AccountId and AWS::Region, unless CDK left them open.
void environment_parameters(const JNode& artifact, InputFile& file) {
  const JNode* env = string_member(artifact, "environment");
  if (env == nullptr || !starts_with(env->text, "aws://")) return;
  auto parts = split(std::string_view(env->text).substr(6), '/');
  if (parts.size() != 2) return;
  if (!parts[0].empty() && parts[0] != "unknown-account") {
    file.parameters["AWS::AccountId"] = parts[0];
  }
  if (!parts[1].empty() && parts[1] != "unknown-region") file.parameters["AWS::Region"] = parts[1];
}

// The manifest's metadata maps construct paths to entries; aws:cdk:logicalId entries give the
// logical ID each path synthesised to.
void construct_paths(const JNode& artifact, InputFile& file) {
  const JNode* metadata = artifact.get("metadata");
  if (metadata == nullptr || !metadata->is_object()) return;
  for (std::size_t i = 0; i < metadata->keys.size(); ++i) {
    for (const auto& entry : metadata->items[i].items) {
      const JNode* type = string_member(entry, "type");
      const JNode* data = string_member(entry, "data");
      if (type != nullptr && data != nullptr && type->text == "aws:cdk:logicalId") {
        // Paths start with "/"; templates' aws:cdk:path metadata does not.
        std::string path = metadata->keys[i];
        if (!path.empty() && path[0] == '/') path.erase(0, 1);
        file.construct_paths.emplace(data->text, std::move(path));
      }
    }
  }
}

bool expand(const fs::path& dir, std::vector<InputFile>& out, Diagnostics& diags, int depth) {
  fs::path manifest = dir / "manifest.json";
  std::error_code ec;
  if (!fs::is_regular_file(manifest, ec)) return false;
  Diagnostics read_diags;
  auto buffer = InputBuffer::open_file(manifest.generic_string(), read_diags);
  if (!buffer) return false;
  JNode root;
  JsonError error;
  if (!parse_json_text(buffer->data(), Limits{}, root, error)) return false;
  const JNode* artifacts = root.get("artifacts");
  if (artifacts == nullptr || !artifacts->is_object()) return false;
  bool assembly = false;
  for (const auto& a : artifacts->items) {
    const JNode* type = a.is_object() ? string_member(a, "type") : nullptr;
    if (type != nullptr &&
        (type->text == "aws:cloudformation:stack" || type->text == "cdk:cloud-assembly")) {
      assembly = true;
    }
  }
  if (!assembly) return false;
  if (depth > kMaxNesting) {
    diags.push_back(manifest_error(
        manifest, root.pos(""),
        "cloud assemblies nest deeper than " + std::to_string(kMaxNesting) + " levels; not read"));
    return true;
  }

  std::set<std::string> named;
  for (std::size_t i = 0; i < artifacts->keys.size(); ++i) {
    const JNode& a = artifacts->items[i];
    const JNode* type = a.is_object() ? string_member(a, "type") : nullptr;
    if (type == nullptr) continue;
    const JNode* props = a.get("properties");
    std::string pointer = pointer_append("/artifacts", artifacts->keys[i]);
    if (type->text == "aws:cloudformation:stack") {
      const JNode* file = props != nullptr ? string_member(*props, "templateFile") : nullptr;
      if (file == nullptr) {
        diags.push_back(manifest_error(
            manifest, a.pos(pointer),
            "stack artifact \"" + artifacts->keys[i] + "\" has no properties.templateFile"));
        continue;
      }
      InputFile input((dir / file->text).generic_string(), false);
      input.stack = artifacts->keys[i];
      environment_parameters(a, input);
      construct_paths(a, input);
      named.insert(fs::path(file->text).filename().string());
      out.push_back(std::move(input));
    } else if (type->text == "cdk:cloud-assembly") {
      const JNode* sub = props != nullptr ? string_member(*props, "directoryName") : nullptr;
      if (sub == nullptr || !expand(dir / sub->text, out, diags, depth + 1)) {
        diags.push_back(manifest_error(manifest, a.pos(pointer),
                                       "nested assembly \"" + artifacts->keys[i] +
                                           "\" has no readable manifest.json in its "
                                           "properties.directoryName"));
      }
    }
  }
  // Nested stacks' templates are assets of their parent stack, not artifacts.
  std::vector<fs::path> nested;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (ends_with(name, ".nested.template.json") && named.count(name) == 0) {
      nested.push_back(it->path());
    }
  }
  std::sort(nested.begin(), nested.end());
  for (const auto& p : nested) out.emplace_back(p.generic_string(), false);
  return true;
}

}  // namespace

bool expand_cloud_assembly(const fs::path& dir, std::vector<InputFile>& out, Diagnostics& diags) {
  return expand(dir, out, diags, 0);
}

}  // namespace ecsguard
