// From paths to graphs: walks directories, detects each file's format from its content and hands
// it to the reader for that format. One bad input never stops the others.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.h"
#include "graph/graph.h"
#include "read/input.h"

namespace ecsguard {

// What every reader of one run is given. The graph and scan commands build one from their
// command line and share it across inputs.
struct InputOptions {
  // CloudFormation template parameters by name (--param, --param-file), pseudo parameters such
  // as AWS::Region and AWS::AccountId included. A template ignores names it does not declare;
  // Terraform inputs ignore them all.
  std::map<std::string, std::string> parameters;
  // What reading one input may cost (docs/security.md).
  Limits limits;
  // Threads one input may be read with (a large Terraform plan uses two).
  unsigned threads = 1;
  // When set (by another thread), reading stops soon, as if the time limit had passed: for a
  // caller that has found it will not use what is read (scan() with policies that failed).
  const std::atomic<bool>* stop = nullptr;
  // The attributes the graphs keep (GraphBuilder::keep_only): a scan keeps those its policies
  // read. Unset, graphs keep every attribute.
  PendingKeptAttributes kept;
};

// Adds one `Name=Value` assignment (the --param syntax; the value may be empty or contain '=').
// Returns false and sets `error` when there is no '=' or no name.
bool add_parameter(InputOptions& options, std::string_view assignment, std::string& error);

// Adds the parameters of a JSON file in either shape CloudFormation tools write:
//   [{"ParameterKey": "Name", "ParameterValue": "value"}, ...]   (aws cloudformation CLI)
//   {"Parameters": {"Name": "value", ...}}                        (CodePipeline configuration)
// Numbers and booleans become their text, lists are joined with ","; entries with
// "UsePreviousValue": true are skipped. Returns false and sets `error` (file:line:col: what was
// expected) when the file cannot be read or has another shape.
bool load_parameter_file(InputOptions& options, const std::string& path, std::string& error);

struct InputFile {
  std::string path;
  bool named = false;  // given on the command line rather than found in a directory
  // A stack template of a CDK cloud assembly: the stack's artifact id, the construct paths its
  // manifest gives by logical ID, and the parameters its environment fixes (AWS::AccountId,
  // AWS::Region), which InputOptions::parameters override.
  std::string stack;
  std::map<std::string, std::string> construct_paths;
  std::map<std::string, std::string> parameters;

  InputFile() = default;
  InputFile(std::string p, bool n) : path(std::move(p)), named(n) {}
};

// Expands directories (recursively, in name order; hidden directories and node_modules
// skipped). A directory holding a CDK cloud assembly (a manifest.json naming CloudFormation
// stacks) is not walked: its stack templates and nested assemblies are read instead, and so is
// a manifest.json named on the command line. Files found in directories that are not IaC are
// skipped quietly; a named file that is not IaC gets an "input.unsupported" diagnostic.
std::vector<InputFile> expand_paths(const std::vector<std::string>& paths, Diagnostics& diags);

// Reads one file into a graph. Returns false when the file is not IaC and was found in a
// directory (nothing to report).
bool read_input(const InputFile& file, const InputOptions& options, Graph& out);

// Reads a document held in memory (its name is the file name reported). `format_hint` is
// "terraform", "cloudformation", or empty to detect the format from the content. Never fails:
// an unreadable document gives a graph with a diagnostic.
Graph read_buffer(const InputBuffer& buffer, std::string_view format_hint,
                  const InputOptions& options);

}  // namespace ecsguard
