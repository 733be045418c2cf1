// GraphBuilder: a reader's second part absorbed, and the part reused afterwards; keys and links.
#include <algorithm>
#include <catch2/catch.hpp>
#include <unordered_set>

#include "core/digest.h"
#include "graph/graph.h"
#include "graph/schema.h"

using namespace ecsguard;

namespace {

Node cluster(const std::string& name) {
  Node n;
  n.kind = NodeKind::kCluster;
  n.address = "aws_ecs_cluster." + name;
  n.source_type = "aws_ecs_cluster";
  n.attributes.set("name", Value::string(name + "-a-name-longer-than-an-inline-text"));
  return n;
}

}  // namespace

TEST_CASE("an absorbed part is left as a new builder, and can be filled and absorbed again",
          "[graph]") {
  GraphBuilder whole(InputInfo{});
  GraphBuilder part(InputInfo{});
  whole.add_key(whole.add(cluster("first")), "name:first");
  part.add_key(part.add(cluster("second")), "name:second");
  whole.absorb(std::move(part));
  CHECK(part.size() == 0);
  // The part's arena went with its nodes; the reused part freezes into a new one.
  part.add_key(part.add(cluster("third")), "name:third");
  part.freeze_added();
  whole.absorb(std::move(part));
  REQUIRE(whole.size() == 3);
  CHECK(whole.find(NodeKind::kCluster, "name:second") == 1);
  CHECK(whole.find(NodeKind::kCluster, "name:third") == 2);

  Graph g = std::move(whole).build();
  REQUIRE(g.nodes().size() == 3);
  std::vector<std::string> names;
  for (const Node& n : g.nodes()) names.emplace_back(n.attributes.find("name")->text());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"first-a-name-longer-than-an-inline-text",
                                          "second-a-name-longer-than-an-inline-text",
                                          "third-a-name-longer-than-an-inline-text"});
}

TEST_CASE("keys name one node of a kind; a key two nodes register is ambiguous", "[graph]") {
  GraphBuilder whole(InputInfo{});
  NodeId a = whole.add(cluster("a"));
  NodeId b = whole.add(cluster("b"));
  whole.add_key(a, "name:a");
  whole.add_key(a, "name:a");  // the same node again: still one
  whole.add_key(a, "shared");
  whole.add_key(b, "shared");
  CHECK(whole.find(NodeKind::kCluster, "name:a") == a);
  CHECK(whole.find(NodeKind::kCluster, "shared") == kNoNode);
  CHECK(whole.find(NodeKind::kService, "name:a") == kNoNode);  // keys are scoped by kind
  CHECK(whole.find(NodeKind::kCluster, "name:") == kNoNode);
  CHECK(whole.find(NodeKind::kCluster, "name:a ") == kNoNode);

  // A key registered in both a builder and its absorbed part names two nodes.
  GraphBuilder part(InputInfo{});
  NodeId c = part.add(cluster("c"));
  part.add_key(c, "name:a");
  part.add_key(c, "name:c");
  whole.absorb(std::move(part));
  CHECK(whole.find(NodeKind::kCluster, "name:a") == kNoNode);
  CHECK(whole.find(NodeKind::kCluster, "name:c") == 2);

  // Links resolve through the keys: to one node, never to an ambiguous key or to the linking
  // node itself.
  Node service;
  service.kind = NodeKind::kService;
  service.address = "aws_ecs_service.s";
  NodeId s = whole.add(std::move(service));
  whole.link(s, Relation::kCluster, NodeKind::kCluster, "name:c");
  whole.link(s, Relation::kCluster, NodeKind::kCluster, "name:a");
  whole.link(a, Relation::kCluster, NodeKind::kCluster, "name:a");
  Graph g = std::move(whole).build();
  REQUIRE(g.edges().size() == 1);
  CHECK(g.node(g.edges()[0].from).address == "aws_ecs_service.s");
  CHECK(g.node(g.edges()[0].to).address == "aws_ecs_cluster.c");
}

TEST_CASE("digests tell texts and domains apart", "[graph]") {
  CHECK(digest(1, "name:web") == digest(1, "name:web"));
  CHECK(digest(1, "name:web") != digest(2, "name:web"));
  CHECK(digest(1, "") != digest(2, ""));
  CHECK(digest(1, "") != digest(1, std::string_view("\0", 1)));
  CHECK(digest(1, "12345678") != digest(1, "123456789"));
  CHECK(digest(1, "abcdefgh12345678") != digest(1, "12345678abcdefgh"));
  std::unordered_set<uint64_t> seen;
  for (int i = 0; i < 100000; ++i) seen.insert(digest(0, "key-" + std::to_string(i)).a);
  CHECK(seen.size() == 100000);
}

TEST_CASE("shape mismatches come in the order of the declarations", "[graph]") {
  // Declared: image (a scalar by its name) before essential (a boolean); as keys, "essential"
  // sorts first. With nulls, which completing a node makes absent, and the unknown value a
  // mismatch leaves.
  Value container = Value::map();
  container.set("essential", Value::string("sometimes"));
  container.set("image", Value::list({Value::string("nginx")}));
  container.set("user", Value::null());
  container.set("tags", Value::string("not declared"));
  std::vector<TypeMismatch> found;
  check_types(NodeKind::kContainer, container, found);
  REQUIRE(found.size() == 2);
  CHECK(found[0].path == "image");
  CHECK(found[0].expected == "a scalar");
  CHECK(found[1].path == "essential");
  CHECK(found[1].expected == "a boolean");
  CHECK(found[0].spec < found[1].spec);
  CHECK(container.find("image")->is_unknown());
  apply_schema(NodeKind::kContainer, container, /*add_missing=*/false);
  CHECK(container.find("user")->is_absent());
  CHECK(container.find("tags")->text() == "not declared");
  // No null: nothing to replace, nothing added.
  Value plain = Value::map();
  plain.set("name", Value::string("app"));
  apply_schema(NodeKind::kContainer, plain, /*add_missing=*/false);
  CHECK(plain.size() == 1);
}
