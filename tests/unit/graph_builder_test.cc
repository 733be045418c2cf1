// GraphBuilder: a reader's second part absorbed, and the part reused afterwards.
#include <algorithm>
#include <catch2/catch.hpp>

#include "graph/graph.h"

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
