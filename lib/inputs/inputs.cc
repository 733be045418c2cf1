#include "inputs/inputs.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "cloudformation/reader.h"
#include "inputs/cdk_assembly.h"
#include "read/detect.h"
#include "read/input.h"
#include "terraform/reader.h"

namespace ecsguard {

namespace fs = std::filesystem;

namespace {

bool skipped_directory(const fs::path& p) {
  std::string name = p.filename().string();
  return (!name.empty() && name[0] == '.') || name == "node_modules";
}

bool candidate_file(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".json" || ext == ".yaml" || ext == ".yml" || ext == ".template";
}

void walk(const fs::path& dir, std::vector<InputFile>& out, Diagnostics& diags) {
  if (expand_cloud_assembly(dir, out, diags)) return;
  std::error_code ec;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(it->path());
  }
  if (ec) {
    Diagnostic d;
    d.code = "input.unreadable";
    d.message = "cannot list directory: " + ec.message();
    d.location.file = dir.string();
    diags.push_back(std::move(d));
    return;
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& p : entries) {
    std::error_code sec;
    if (fs::is_directory(p, sec)) {
      if (!skipped_directory(p)) walk(p, out, diags);
    } else if (fs::is_regular_file(p, sec) && candidate_file(p)) {
      out.emplace_back(p.string(), false);
    }
  }
}

Graph failed(const std::string& path, Diagnostic d) {
  InputInfo info;
  info.file = path;
  info.format = "unknown";
  d.location.file = path;
  info.diagnostics.push_back(std::move(d));
  return GraphBuilder(std::move(info)).build();
}

Graph read_template(const InputBuffer& buffer, const InputFile& file, const InputOptions& options) {
  cloudformation::ReadOptions ro;
  ro.parameters = file.parameters;
  for (const auto& [name, value] : options.parameters) ro.parameters[name] = value;
  ro.construct_paths = file.construct_paths;
  ro.limits = options.limits;
  ro.threads = options.threads;
  ro.stop = options.stop;
  ro.kept = options.kept;
  return cloudformation::read(buffer, ro);
}

Graph read_plan(const InputBuffer& buffer, const InputOptions& options) {
  terraform::ReadOptions ro;
  ro.limits = options.limits;
  ro.threads = options.threads;
  ro.stop = options.stop;
  ro.kept = options.kept;
  return terraform::read(buffer, ro);
}

// The input_size limit, checked before anything is read.
bool too_large(const std::string& name, uint64_t size, const Limits& limits, Graph& out) {
  if (size <= limits.input_size) return false;
  Diagnostic d;
  d.code = limit_code("input_size");
  d.message = "the input is " + std::to_string(size) + " bytes " +
              limit_note("input_size", limits.input_size);
  out = failed(name, std::move(d));
  return true;
}

bool only_not_a_template(const Graph& g) {
  const auto& d = g.info().diagnostics;
  return d.size() == 1 && d[0].code == "cfn.template.not_a_template";
}

}  // namespace

std::vector<InputFile> expand_paths(const std::vector<std::string>& paths, Diagnostics& diags) {
  std::vector<InputFile> out;
  for (const auto& path : paths) {
    std::error_code ec;
    fs::path p(path);
    if (fs::is_directory(p, ec)) {
      walk(p, out, diags);
    } else if (p.filename() == "manifest.json" &&
               expand_cloud_assembly(p.has_parent_path() ? p.parent_path() : fs::path("."), out,
                                     diags)) {
      continue;
    } else {
      out.emplace_back(path, true);
    }
  }
  return out;
}

bool read_input(const InputFile& file, const InputOptions& options, Graph& out) {
  std::error_code size_error;
  uint64_t size = fs::file_size(file.path, size_error);
  if (!size_error && too_large(file.path, size, options.limits, out)) return true;
  Diagnostics diags;
  auto buffer = InputBuffer::open_file(file.path, diags);
  if (!buffer) {
    out = failed(file.path, diags.front());
    return true;
  }
  InputFormat format = detect_format(buffer->data());
  switch (format) {
    case InputFormat::kTerraformPlan:
    case InputFormat::kTerraformState:
      out = read_plan(*buffer, options);
      return true;
    case InputFormat::kJsonUnknown:
      // Some plans put their telling keys far from the start: let the plan reader decide.
      if (!file.named) return false;
      out = read_plan(*buffer, options);
      return true;
    case InputFormat::kCloudFormationJson:
    case InputFormat::kCloudFormationYaml:
      out = read_template(*buffer, file, options);
      // YAML and JSON that merely mention "Resources" (test suites, other tools' files) are not
      // worth a word when found in a directory.
      return file.named || !file.stack.empty() || !only_not_a_template(out);
    case InputFormat::kCdkManifest:
      if (!file.named) return false;
      {
        Diagnostic d;
        d.code = "input.unsupported";
        d.message =
            "this is a CDK cloud assembly manifest, but its directory holds no readable "
            "assembly; pass the cdk.out directory";
        out = failed(file.path, std::move(d));
      }
      return true;
    case InputFormat::kUnknown:
      // A named .json file that is not JSON at all: the JSON parser says exactly where.
      if (file.named && !buffer->data().empty() && fs::path(file.path).extension() == ".json") {
        out = read_plan(*buffer, options);
        return true;
      }
      break;
  }
  if (!file.named) return false;
  Diagnostic d;
  d.code = buffer->data().empty() ? "input.empty" : "input.unsupported";
  d.message = buffer->data().empty()
                  ? "the file is empty; expected a Terraform plan or state in JSON or a "
                    "CloudFormation template"
                  : "not a recognised input: expected a Terraform plan or state in JSON "
                    "(`terraform show -json`), a CloudFormation template or a CDK cloud "
                    "assembly";
  out = failed(file.path, std::move(d));
  return true;
}

Graph read_buffer(const InputBuffer& buffer, std::string_view format_hint,
                  const InputOptions& options) {
  InputFile file(buffer.name(), true);
  Graph large;
  if (too_large(buffer.name(), buffer.data().size(), options.limits, large)) return large;
  if (format_hint == "terraform") return read_plan(buffer, options);
  if (format_hint == "cloudformation") return read_template(buffer, file, options);
  switch (detect_format(buffer.data())) {
    case InputFormat::kTerraformPlan:
    case InputFormat::kTerraformState:
    case InputFormat::kJsonUnknown:
      return read_plan(buffer, options);
    case InputFormat::kCloudFormationJson:
    case InputFormat::kCloudFormationYaml:
      return read_template(buffer, file, options);
    default:
      break;
  }
  Diagnostic d;
  d.code = buffer.data().empty() ? "input.empty" : "input.unsupported";
  d.message = buffer.data().empty()
                  ? "the document is empty"
                  : "not a recognised input: expected a Terraform plan or state in JSON or a "
                    "CloudFormation template";
  return failed(buffer.name(), std::move(d));
}

}  // namespace ecsguard
