#include <catch2/catch.hpp>

#include "tf_helpers.h"

using namespace ecsguard;
using namespace ecsguard::test;

namespace {

// Root: aws_ecs_cluster.main, aws_ecs_cluster.extra[0..1], module.svc[0..1] (count) passing
// cluster_arn = aws_ecs_cluster.main.arn. Module svc: aws_ecs_service.this with
// cluster = var.cluster_arn and task_definition = module.td.arn; module td:
// aws_ecs_task_definition.this with output arn. A root service uses aws_ecs_cluster.extra[1].
const char* kPlan = R"({"format_version":"1.2","terraform_version":"1.9.5",
"resource_changes":[
 {"address":"aws_ecs_cluster.main","mode":"managed","type":"aws_ecs_cluster","name":"main",
  "change":{"actions":["create"],"after":{"name":"main"},"after_unknown":{"arn":true}}},
 {"address":"aws_ecs_cluster.extra[0]","mode":"managed","type":"aws_ecs_cluster","name":"extra","index":0,
  "change":{"actions":["create"],"after":{"name":"extra-0"},"after_unknown":{"arn":true}}},
 {"address":"aws_ecs_cluster.extra[1]","mode":"managed","type":"aws_ecs_cluster","name":"extra","index":1,
  "change":{"actions":["create"],"after":{"name":"extra-1"},"after_unknown":{"arn":true}}},
 {"address":"aws_ecs_service.root","mode":"managed","type":"aws_ecs_service","name":"root",
  "change":{"actions":["create"],"after":{"name":"root"},"after_unknown":{"cluster":true}}},
 {"address":"module.svc[0].aws_ecs_service.this","module_address":"module.svc[0]","mode":"managed",
  "type":"aws_ecs_service","name":"this",
  "change":{"actions":["create"],"after":{"name":"svc-0"},"after_unknown":{"cluster":true,"task_definition":true}}},
 {"address":"module.svc[1].aws_ecs_service.this","module_address":"module.svc[1]","mode":"managed",
  "type":"aws_ecs_service","name":"this",
  "change":{"actions":["create"],"after":{"name":"svc-1"},"after_unknown":{"cluster":true,"task_definition":true}}},
 {"address":"module.svc[0].module.td.aws_ecs_task_definition.this","module_address":"module.svc[0].module.td",
  "mode":"managed","type":"aws_ecs_task_definition","name":"this",
  "change":{"actions":["create"],"after":{"family":"td-0"},"after_unknown":{"container_definitions":true}}},
 {"address":"module.svc[1].module.td.aws_ecs_task_definition.this","module_address":"module.svc[1].module.td",
  "mode":"managed","type":"aws_ecs_task_definition","name":"this",
  "change":{"actions":["create"],"after":{"family":"td-1"},"after_unknown":{"container_definitions":true}}}
],
"configuration":{"root_module":{
 "resources":[
  {"address":"aws_ecs_cluster.extra","mode":"managed","type":"aws_ecs_cluster","name":"extra",
   "expressions":{"name":{"references":["count.index"]}},"count_expression":{"constant_value":2}},
  {"address":"aws_ecs_cluster.main","mode":"managed","type":"aws_ecs_cluster","name":"main",
   "expressions":{"name":{"constant_value":"main"}}},
  {"address":"aws_ecs_service.root","mode":"managed","type":"aws_ecs_service","name":"root",
   "expressions":{"cluster":{"references":["aws_ecs_cluster.extra[1].arn","aws_ecs_cluster.extra[1]","aws_ecs_cluster.extra"]},
                  "name":{"constant_value":"root"}}}],
 "module_calls":{"svc":{"source":"./svc","count_expression":{"constant_value":2},
  "expressions":{"cluster_arn":{"references":["aws_ecs_cluster.main.arn","aws_ecs_cluster.main"]}},
  "module":{
   "resources":[{"address":"aws_ecs_service.this","mode":"managed","type":"aws_ecs_service","name":"this",
     "expressions":{"cluster":{"references":["var.cluster_arn"]},
                    "name":{"references":["count.index"]},
                    "task_definition":{"references":["module.td.arn","module.td"]}}}],
   "module_calls":{"td":{"source":"./td","module":{
     "outputs":{"arn":{"expression":{"references":["aws_ecs_task_definition.this.arn","aws_ecs_task_definition.this"]}}},
     "resources":[{"address":"aws_ecs_task_definition.this","mode":"managed","type":"aws_ecs_task_definition","name":"this",
       "expressions":{"container_definitions":{"references":["var.image"]},"family":{"references":["var.family"]}}}],
     "variables":{"family":{},"image":{}}}}},
   "variables":{"cluster_arn":{}}}}}}}})";

}  // namespace

TEST_CASE("references resolve through module variables, outputs and instance keys",
          "[terraform][references]") {
  Graph g = read_plan(kPlan);
  REQUIRE(g.info().diagnostics.empty());
  REQUIRE(g.nodes().size() == 8);
  for (const char* svc : {"module.svc[0].aws_ecs_service.this", "module.svc[1].aws_ecs_service.this"}) {
    INFO(svc);
    CHECK(has_edge(g, svc, Relation::kCluster, "aws_ecs_cluster.main"));
  }
  CHECK(has_edge(g, "module.svc[0].aws_ecs_service.this", Relation::kTaskDefinition,
                 "module.svc[0].module.td.aws_ecs_task_definition.this"));
  CHECK(has_edge(g, "module.svc[1].aws_ecs_service.this", Relation::kTaskDefinition,
                 "module.svc[1].module.td.aws_ecs_task_definition.this"));
  CHECK_FALSE(has_edge(g, "module.svc[1].aws_ecs_service.this", Relation::kTaskDefinition,
                       "module.svc[0].module.td.aws_ecs_task_definition.this"));
  CHECK(has_edge(g, "aws_ecs_service.root", Relation::kCluster, "aws_ecs_cluster.extra[1]"));
  CHECK_FALSE(has_edge(g, "aws_ecs_service.root", Relation::kCluster, "aws_ecs_cluster.extra[0]"));

  const Node* td = find_node(g, "module.svc[0].module.td.aws_ecs_task_definition.this");
  REQUIRE(td != nullptr);
  CHECK(td->attributes.find("containers")->is_unknown());
  CHECK(td->attributes.find("containers")->reason() == "known after apply: var.image");
}
