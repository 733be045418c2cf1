// Graphviz DOT and Mermaid renderings of the graph, for people.
#include <string>

#include "core/strings.h"
#include "graph/dump.h"

namespace ecsguard {

namespace {

std::string node_label(const Node& n) {
  std::string s(to_string(n.kind));
  s += "\n" + n.address;
  if (!n.element.empty()) s += " " + n.element;
  return s;
}

std::string dot_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string mermaid_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '\n':
        out += "<br/>";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

void write_graph_dot(std::ostream& out, const std::vector<const Graph*>& graphs) {
  out << "digraph ecsguard {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n";
  std::size_t base = 0;
  for (std::size_t gi = 0; gi < graphs.size(); ++gi) {
    const Graph* g = graphs[gi];
    out << "  subgraph cluster_" << gi << " {\n    label=\"" << dot_escape(g->info().file)
        << "\";\n";
    for (const Node& n : g->nodes()) {
      out << "    n" << base + n.id << " [label=\"" << dot_escape(node_label(n)) << "\"];\n";
    }
    out << "  }\n";
    for (const Edge& e : g->edges()) {
      out << "  n" << base + e.from << " -> n" << base + e.to << " [label=\""
          << to_string(e.relation) << "\"];\n";
    }
    base += g->nodes().size();
  }
  out << "}\n";
}

void write_graph_mermaid(std::ostream& out, const std::vector<const Graph*>& graphs) {
  out << "flowchart LR\n";
  std::size_t base = 0;
  for (std::size_t gi = 0; gi < graphs.size(); ++gi) {
    const Graph* g = graphs[gi];
    out << "  subgraph input" << gi << "[\"" << mermaid_escape(g->info().file) << "\"]\n";
    for (const Node& n : g->nodes()) {
      out << "    n" << base + n.id << "[\"" << mermaid_escape(node_label(n)) << "\"]\n";
    }
    out << "  end\n";
    for (const Edge& e : g->edges()) {
      out << "  n" << base + e.from << " -->|" << to_string(e.relation) << "| n" << base + e.to
          << '\n';
    }
    base += g->nodes().size();
  }
}

}  // namespace ecsguard
