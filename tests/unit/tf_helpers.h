// Helpers for tests that read Terraform JSON written inline.
#pragma once

#include <sstream>
#include <string>

#include "graph/dump.h"
#include "read/input.h"
#include "terraform/reader.h"

namespace ecsguard::test {

inline Graph read_plan(std::string json, std::string name = "plan.json") {
  auto buffer = InputBuffer::from_string(std::move(name), std::move(json));
  return terraform::read(*buffer);
}

inline const Node* find_node(const Graph& g, const std::string& address,
                             const std::string& element = "") {
  for (const auto& n : g.nodes()) {
    if (n.address == address && n.element == element) return &n;
  }
  return nullptr;
}

inline std::string dump(const Graph& g) {
  std::ostringstream out;
  write_graph_text(out, {&g});
  return out.str();
}

inline bool has_edge(const Graph& g, const std::string& from, Relation r, const std::string& to,
                     const std::string& from_element = "") {
  const Node* f = find_node(g, from, from_element);
  const Node* t = find_node(g, to);
  if (f == nullptr || t == nullptr) return false;
  for (NodeId id : g.targets(f->id, r)) {
    if (id == t->id) return true;
  }
  return false;
}

}  // namespace ecsguard::test
