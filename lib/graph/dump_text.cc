#include <sstream>
#include <string>

#include "core/strings.h"
#include "graph/dump.h"

namespace ecsguard {

namespace {

std::string at(const SourcePos& pos, const DumpOptions& opt) {
  if (!opt.locations || !pos.known()) return {};
  return " @" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + " " + pos.pointer;
}

bool is_scalar(const Value& v) { return !v.is_known() || (!v.is_list() && !v.is_map()); }

void write_value(std::ostream& out, const std::string& path, const Value& v,
                 const DumpOptions& opt) {
  if (v.is_known() && !v.sensitive() && (v.is_map() || v.is_list()) && v.size() > 0) {
    bool flat_list = v.is_list();
    for (const auto& item : v.items()) {
      if (!is_scalar(item) || (opt.locations && item.pos().known() && item.pos() != v.pos())) {
        flat_list = false;
      }
    }
    if (!flat_list) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        std::string child = v.is_map() ? (path.empty() ? v.keys()[i].str() : path + "." + v.keys()[i].str())
                                       : path + "[" + std::to_string(i) + "]";
        write_value(out, child, v.items()[i], opt);
      }
      return;
    }
  }
  out << "  " << path << " = " << v.render() << at(v.pos(), opt) << '\n';
}

std::string label(const Node& n, const DumpOptions& opt) {
  std::string s = opt.addresses ? n.address.str() : std::string(to_string(n.kind));
  if (!n.element.empty()) s += " " + n.element.str();
  return s;
}

}  // namespace

namespace {

// Writes into `out`; `flush` is called at the end of each node and edge (a line's end).
template <class Flush>
void write_graph_lines(std::ostream& out, const std::vector<const Graph*>& graphs,
                       const DumpOptions& opt, const Flush& flush) {
  for (const Graph* g : graphs) {
    const InputInfo& info = g->info();
    out << "input " << (opt.addresses ? info.file : "-") << " format=" << info.format;
    if (!info.format_version.empty()) out << " format_version=" << info.format_version;
    if (!info.tool_version.empty()) out << " tool_version=" << info.tool_version;
    out << " resources=" << info.resources << " nodes=" << g->nodes().size()
        << " edges=" << g->edges().size() << '\n';
    for (const auto& d : info.diagnostics) out << "  diagnostic " << d.to_string() << '\n';
    for (const auto& r : info.removed) {
      out << "  removed " << r.address << " " << r.source_type << " (" << r.action << ")\n";
    }
    for (const Node& n : g->nodes()) {
      out << "node " << to_string(n.kind) << " " << label(n, opt) << '\n';
      out << "  source_type " << n.source_type;
      if (opt.locations && n.pos.known()) {
        out << " @" << n.pos.line << ":" << n.pos.column << " " << n.pos.pointer;
      }
      out << '\n';
      if (!n.action.empty()) out << "  action " << n.action << '\n';
      if (n.conditional) out << "  conditional\n";
      if (!n.construct_path.empty()) out << "  construct_path " << n.construct_path << '\n';
      for (const auto& f : n.folded()) out << "  folded " << f << '\n';
      const Value attributes = all_attributes(n);
      for (std::size_t i = 0; i < attributes.size(); ++i) {
        write_value(out, attributes.keys()[i].str(), attributes.items()[i], opt);
      }
      flush();
    }
    for (const Edge& e : g->edges()) {
      out << "edge " << label(g->node(e.from), opt) << " -" << to_string(e.relation) << "-> "
          << label(g->node(e.to), opt) << '\n';
      flush();
    }
  }
}

}  // namespace

// Names and values come from the input: written through printable_lines() so that none can
// carry terminal control sequences.
void write_graph_text(std::ostream& out, const std::vector<const Graph*>& graphs,
                      const DumpOptions& opt) {
  // A few nodes at a time, not the whole text: the text of a large plan's graph is larger than
  // the graph. printable_lines() works line by line, and each part ends a line.
  std::ostringstream text;
  auto flush = [&](bool last = false) {
    if (!last && text.tellp() < (std::streamoff{1} << 16)) return;
    out << printable_lines(text.str());
    text.str("");
  };
  write_graph_lines(text, graphs, opt, flush);
  flush(true);
}

}  // namespace ecsguard
