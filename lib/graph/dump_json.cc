#include <string>

#include "core/strings.h"
#include "graph/dump.h"

namespace ecsguard {

namespace {

void write_pos(std::string& out, const SourcePos& pos) {
  if (!pos.known()) return;
  out += ",\"location\":{\"line\":" + std::to_string(pos.line) +
         ",\"column\":" + std::to_string(pos.column) + ",\"pointer\":";
  append_json_string(out, pos.pointer.str());
  out += '}';
}

void write_value(std::string& out, const Value& v) {
  out += "{\"state\":\"";
  out += to_string(v.state());
  out += '"';
  if (v.is_absent()) {
    if (v.default_value() != nullptr) {
      out += ",\"default\":";
      write_value(out, *v.default_value());
    }
  } else if (v.is_unknown()) {
    out += ",\"reason\":";
    append_json_string(out, v.reason());
  } else if (v.sensitive()) {
    out += ",\"sensitive\":true";
  } else if (v.is_list()) {
    out += ",\"value\":[";
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      write_value(out, v.items()[i]);
    }
    out += ']';
  } else if (v.is_map()) {
    out += ",\"value\":{";
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, v.keys()[i]);
      out += ':';
      write_value(out, v.items()[i]);
    }
    out += '}';
  } else {
    out += ",\"value\":" + v.to_json();
  }
  write_pos(out, v.pos());
  out += '}';
}

}  // namespace

void write_graph_json(std::ostream& os, const std::vector<const Graph*>& graphs) {
  constexpr std::size_t kFlushAt = std::size_t{1} << 16;
  std::string out = "{\"schema_version\":1,\"inputs\":[";
  for (std::size_t gi = 0; gi < graphs.size(); ++gi) {
    const InputInfo& info = graphs[gi]->info();
    if (gi) out += ',';
    out += "{\"file\":" + json_quote(info.file) + ",\"format\":" + json_quote(info.format);
    out += ",\"format_version\":" + json_quote(info.format_version);
    out += ",\"tool_version\":" + json_quote(info.tool_version);
    out += ",\"resources\":" + std::to_string(info.resources);
    out += ",\"removed\":[";
    for (std::size_t i = 0; i < info.removed.size(); ++i) {
      const auto& r = info.removed[i];
      if (i) out += ',';
      out += "{\"address\":" + json_quote(r.address) +
             ",\"source_type\":" + json_quote(r.source_type) +
             ",\"action\":" + json_quote(r.action) + "}";
    }
    out += "],\"diagnostics\":[";
    for (std::size_t i = 0; i < info.diagnostics.size(); ++i) {
      const auto& d = info.diagnostics[i];
      if (i) out += ',';
      out += "{\"code\":" + json_quote(d.code) + ",\"severity\":\"" + to_string(d.severity) +
             "\",\"message\":" + json_quote(d.message) +
             ",\"file\":" + json_quote(d.location.file) +
             ",\"line\":" + std::to_string(d.location.line) +
             ",\"column\":" + std::to_string(d.location.column) + "}";
    }
    out += "]}";
  }
  out += "],\"nodes\":[";
  std::size_t base = 0;
  bool first = true;
  for (const Graph* g : graphs) {
    for (const Node& n : g->nodes()) {
      if (!first) out += ',';
      first = false;
      out += "{\"id\":\"n" + std::to_string(base + n.id) + "\",\"kind\":\"";
      out += to_string(n.kind);
      out += "\",\"address\":" + json_quote(n.address);
      if (!n.element.empty()) out += ",\"element\":" + json_quote(n.element);
      out += ",\"source_type\":" + json_quote(n.source_type);
      out += ",\"file\":" + json_quote(g->info().file);
      out += ",\"line\":" + std::to_string(n.pos.line) +
             ",\"column\":" + std::to_string(n.pos.column) +
             ",\"pointer\":" + json_quote(n.pos.pointer.str());
      if (!n.action.empty()) out += ",\"action\":" + json_quote(n.action);
      if (!n.construct_path.empty()) out += ",\"construct_path\":" + json_quote(n.construct_path);
      if (n.conditional) out += ",\"conditional\":true";
      if (n.parent != kNoNode) out += ",\"parent\":\"n" + std::to_string(base + n.parent) + "\"";
      if (const auto& folded = n.folded(); !folded.empty()) {
        out += ",\"folded\":[";
        for (std::size_t i = 0; i < folded.size(); ++i) {
          if (i) out += ',';
          out += json_quote(folded[i]);
        }
        out += ']';
      }
      out += ",\"attributes\":{";
      const Value attributes = all_attributes(n);
      for (std::size_t i = 0; i < attributes.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, attributes.keys()[i]);
        out += ':';
        write_value(out, attributes.items()[i]);
      }
      out += "}}";
      if (out.size() >= kFlushAt) {  // written as it goes: the text of a graph is larger
        os << out;
        out.clear();
      }
    }
    base += g->nodes().size();
  }
  out += "],\"edges\":[";
  base = 0;
  first = true;
  for (const Graph* g : graphs) {
    for (const Edge& e : g->edges()) {
      if (!first) out += ',';
      first = false;
      out += "{\"from\":\"n" + std::to_string(base + e.from) + "\",\"to\":\"n" +
             std::to_string(base + e.to) + "\",\"relation\":\"";
      out += to_string(e.relation);
      out += "\"}";
      if (out.size() >= kFlushAt) {
        os << out;
        out.clear();
      }
    }
    base += g->nodes().size();
  }
  out += "]}\n";
  os << out;
}

}  // namespace ecsguard
