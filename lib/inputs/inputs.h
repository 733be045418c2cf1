// From paths to graphs: walks directories, detects each file's format from its content and hands
// it to the reader for that format. One bad input never stops the others.
#pragma once

#include <string>
#include <vector>

#include "graph/graph.h"

namespace ecsguard {

struct InputOptions {
  // Reserved for reader options (parameters, limits) as readers gain them.
};

// Expands directories (recursively, in name order; hidden directories, .terraform and
// node_modules skipped). Files found in directories that are not IaC are skipped quietly; a
// named file that is not IaC gets an "input.unsupported" diagnostic.
struct InputFile {
  std::string path;
  bool named = false;  // given on the command line rather than found in a directory
};
std::vector<InputFile> expand_paths(const std::vector<std::string>& paths, Diagnostics& diags);

// Reads one file into a graph. Returns false when the file is not IaC and was found in a
// directory (nothing to report).
bool read_input(const InputFile& file, const InputOptions& options, Graph& out);

}  // namespace ecsguard
