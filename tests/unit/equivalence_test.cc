// One model for both formats (issue 3): every case under testdata/equivalence/ describes the
// same infrastructure three times — template.yaml (short-form tags), template.json (long form)
// and plan.json (a Terraform plan). Their graphs must be identical apart from addresses,
// source types, locations and the wording of unknown reasons: the same nodes by kind and
// identity, the same attributes with the same states, the same edges. (Which side resources
// were folded into a node is not compared: it names addresses, and a property in one format is
// a resource of its own in the other.)
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "inputs/inputs.h"

namespace fs = std::filesystem;
using namespace ecsguard;

namespace {

std::string known_text(const Node& n, const char* path) {
  const Value* v = n.attributes.find_path(path);
  return std::string(v != nullptr && v->is_string() ? v->text() : "");
}

// What a node is, independent of its address: its kind and its name (or whatever names it).
std::string identity(const Graph& g, const Node& n) {
  std::string kind(to_string(n.kind));
  if (n.kind == NodeKind::kContainer) return identity(g, g.node(n.parent)) + "/" + n.element;
  if (n.kind == NodeKind::kEcrRegistry) return kind;
  for (const char* path :
       {"name", "family", "external_id", "service_name", "cidr_block", "tags.Name"}) {
    std::string text = known_text(n, path);
    if (!text.empty()) return kind + ":" + text;
  }
  return kind + ":?";
}

struct Canonical {
  std::map<std::string, const Node*> nodes;
  std::set<std::string> edges;
  std::vector<std::string> problems;
};

Canonical canonical(const Graph& g) {
  Canonical c;
  for (const auto& n : g.nodes()) {
    std::string id = identity(g, n);
    if (!c.nodes.emplace(id, &n).second) c.problems.push_back("two nodes are " + id);
  }
  for (const auto& e : g.edges()) {
    c.edges.insert(identity(g, g.node(e.from)) + " -" + std::string(to_string(e.relation)) + "-> " +
                   identity(g, g.node(e.to)));
  }
  return c;
}

std::string attributes_of(const Node& n) {
  const Value attributes = all_attributes(n);
  std::string out;
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    out += "  " + attributes.keys()[i] + " = " + attributes.items()[i].render() + "\n";
  }
  return out;
}

Graph read(const std::string& path, const InputOptions& options) {
  Graph g;
  REQUIRE(read_input(InputFile(path, true), options, g));
  for (const auto& d : g.info().diagnostics) INFO(d.to_string());
  CHECK(g.info().diagnostics.empty());
  return g;
}

void compare(const Graph& expected, const Graph& actual, const std::string& what) {
  INFO("comparing " << what);
  Canonical a = canonical(expected);
  Canonical b = canonical(actual);
  CHECK(a.problems.empty());
  CHECK(b.problems.empty());
  std::set<std::string> ids_a, ids_b;
  for (const auto& [id, n] : a.nodes) ids_a.insert(id);
  for (const auto& [id, n] : b.nodes) ids_b.insert(id);
  CHECK(ids_a == ids_b);
  for (const auto& [id, na] : a.nodes) {
    auto it = b.nodes.find(id);
    if (it == b.nodes.end()) continue;
    const Node* nb = it->second;
    INFO("node " << id << "\n"
                 << what << " expected:\n"
                 << attributes_of(*na) << "actual:\n"
                 << attributes_of(*nb));
    // Unset attributes are not stored; an input may also spell one as null. With the schema
    // applied, both read as absent with the same default.
    CHECK(all_attributes(*na) == all_attributes(*nb));
    CHECK(na->conditional == nb->conditional);
  }
  CHECK(a.edges == b.edges);
}

}  // namespace

TEST_CASE(
    "CloudFormation YAML, JSON and Terraform plans of the same infrastructure give the "
    "same graph",
    "[equivalence]") {
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator("testdata/equivalence")) {
    if (e.is_directory()) cases.push_back(e.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 10);

  InputOptions options;
  std::string error;
  REQUIRE(load_parameter_file(options, "testdata/equivalence/parameters.json", error));

  for (const auto& dir : cases) {
    DYNAMIC_SECTION(dir.filename().string()) {
      Graph plan = read((dir / "plan.json").string(), InputOptions{});
      Graph yaml = read((dir / "template.yaml").string(), options);
      Graph json = read((dir / "template.json").string(), options);
      CHECK(plan.info().format == "terraform-plan");
      CHECK(yaml.info().format == "cloudformation-yaml");
      CHECK(json.info().format == "cloudformation-json");
      CHECK(plan.nodes().size() > 0);
      compare(plan, yaml, "plan.json vs template.yaml");
      compare(yaml, json, "template.yaml vs template.json");
    }
  }
}

TEST_CASE("the equivalence cases cover every node kind and every edge relation", "[equivalence]") {
  std::set<std::string> kinds, relations;
  for (const auto& e : fs::directory_iterator("testdata/equivalence")) {
    if (!e.is_directory()) continue;
    Graph g;
    REQUIRE(read_input(InputFile((e.path() / "plan.json").string(), true), InputOptions{}, g));
    for (const auto& n : g.nodes()) kinds.insert(std::string(to_string(n.kind)));
    for (const auto& edge : g.edges()) relations.insert(std::string(to_string(edge.relation)));
  }
  CHECK(kinds.size() == static_cast<std::size_t>(kNodeKindCount));
  CHECK(relations.size() == static_cast<std::size_t>(kRelationCount));
}
