// Printing graphs: canonical text (for golden tests and people), JSON (documented in
// docs/graph-format.md), Graphviz DOT and Mermaid. Sensitive values print as "<sensitive>".
#pragma once

#include <ostream>
#include <vector>

#include "graph/graph.h"

namespace ecsguard {

struct DumpOptions {
  bool locations = true;  // line:column and JSON pointer of nodes and attributes
  bool addresses = true;  // node addresses and files (off: compare graphs across formats)
};

void write_graph_text(std::ostream& out, const std::vector<const Graph*>& graphs,
                      const DumpOptions& options = {});
void write_graph_json(std::ostream& out, const std::vector<const Graph*>& graphs);
void write_graph_dot(std::ostream& out, const std::vector<const Graph*>& graphs);
void write_graph_mermaid(std::ostream& out, const std::vector<const Graph*>& graphs);

}  // namespace ecsguard
