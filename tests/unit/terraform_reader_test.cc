#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "terraform/normalise.h"
#include "terraform/plan_index.h"
#include "test_files.h"
#include "tf_helpers.h"

using namespace ecsguard;
using namespace ecsguard::test;

namespace {

const char* kTaskPlan = R"({"format_version":"1.2","terraform_version":"1.9.5",
 "planned_values":{"root_module":{"resources":[]}},
 "resource_changes":[
  {"address":"aws_ecs_task_definition.a","mode":"managed","type":"aws_ecs_task_definition",
   "name":"a","provider_name":"registry.terraform.io/hashicorp/aws",
   "change":{"actions":["create"],"before":null,
     "after":{"container_definitions":"[{\"environment\":[{\"name\":\"Z\",\"value\":\"1\"},{\"name\":\"A\",\"value\":\"2\"}],\"image\":\"nginx\",\"name\":\"web\",\"privileged\":true}]",
              "cpu":"256","family":"a","pid_mode":null,"requires_compatibilities":["FARGATE"]},
     "after_unknown":{"network_mode":true,"execution_role_arn":true,"requires_compatibilities":[false]},
     "before_sensitive":false,"after_sensitive":{"requires_compatibilities":[false]}}}],
 "configuration":{"root_module":{"resources":[
   {"address":"aws_ecs_task_definition.a","mode":"managed","type":"aws_ecs_task_definition",
    "name":"a","provider_config_key":"aws",
    "expressions":{"container_definitions":{},"cpu":{"constant_value":256},
      "family":{"constant_value":"a"},"requires_compatibilities":{"constant_value":["FARGATE"]},
      "execution_role_arn":{"references":["aws_iam_role.exec.arn","aws_iam_role.exec"]}},
    "schema_version":1}]}}})";

}  // namespace

TEST_CASE("unknown in the plan but unset in configuration is absent with the AWS default",
          "[terraform]") {
  Graph g = read_plan(kTaskPlan);
  REQUIRE(g.info().diagnostics.empty());
  const Node* td = find_node(g, "aws_ecs_task_definition.a");
  REQUIRE(td != nullptr);
  CHECK(td->attributes.find("network_mode") == nullptr);  // unset: not stored
  const Value attributes = all_attributes(*td);
  const Value* mode = attributes.find("network_mode");
  REQUIRE(mode != nullptr);
  CHECK(mode->is_absent());
  REQUIRE(mode->default_value() != nullptr);
  CHECK(mode->default_value()->text() == "bridge");

  const Value* exec = td->attributes.find("execution_role_arn");
  REQUIRE(exec != nullptr);
  CHECK(exec->is_unknown());
  CHECK(exec->reason() == "known after apply: aws_iam_role.exec.arn");
  CHECK(exec->pos().pointer == "/configuration/root_module/resources/0/expressions/execution_role_arn");

  CHECK(attributes.find("pid_mode")->is_absent());
  CHECK(td->attributes.find("cpu")->text() == "256");
  CHECK(td->attributes.find("family")->pos().pointer == "/resource_changes/0/change/after/family");
  CHECK(td->action == "create");
  CHECK(td->pos.pointer == "/resource_changes/0");
}

TEST_CASE("container_definitions become container nodes in canonical shape", "[terraform]") {
  Graph g = read_plan(kTaskPlan);
  const Node* c = find_node(g, "aws_ecs_task_definition.a", "containers[web]");
  REQUIRE(c != nullptr);
  CHECK(c->kind == NodeKind::kContainer);
  CHECK(c->attributes.find("privileged")->as_bool());
  CHECK(all_attributes(*c).find("readonly_root_filesystem")->is_absent());
  const Value* env = c->attributes.find("environment");
  REQUIRE(env != nullptr);
  REQUIRE(env->size() == 2);
  CHECK(env->items()[0].find("name")->text() == "A");  // sorted by name
  CHECK(has_edge(g, "aws_ecs_task_definition.a", Relation::kTaskDefinition,
                 "aws_ecs_task_definition.a", "containers[web]"));
  const Node* td = find_node(g, "aws_ecs_task_definition.a");
  CHECK(td->attributes.find("containers")->render() == "[\"web\"]");
}

TEST_CASE("sensitive values are marked and never printed", "[terraform]") {
  std::string plan = kTaskPlan;
  auto at = plan.find("\"after_sensitive\":{");
  plan.insert(at + 19, "\"container_definitions\":true,");
  plan.replace(plan.find("\\\"value\\\":\\\"1\\\""), 15, "\\\"value\\\":\\\"hunter2-SECRET\\\"");
  Graph g = read_plan(plan);
  REQUIRE(g.info().diagnostics.empty());
  // A sensitive name is not printed either: the element is named by position.
  const Node* c = find_node(g, "aws_ecs_task_definition.a", "containers[0]");
  REQUIRE(c != nullptr);
  CHECK(c->attributes.find("image")->sensitive());
  std::string text = dump(g);
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(text.find("<sensitive>") != std::string::npos);
}

TEST_CASE("deleted and forgotten resources are listed as removed, never as nodes",
          "[terraform]") {
  Graph g = read_plan(R"({"format_version":"1.2","resource_changes":[
    {"address":"aws_ecr_repository.old","mode":"managed","type":"aws_ecr_repository","name":"old",
     "change":{"actions":["delete"],"before":{"name":"old"},"after":null,"after_unknown":{}}},
    {"address":"aws_ecs_cluster.gone","mode":"managed","type":"aws_ecs_cluster","name":"gone",
     "change":{"actions":["forget"],"before":{"name":"gone"},"after":null,"after_unknown":{}}},
    {"address":"aws_ecs_cluster.new","mode":"managed","type":"aws_ecs_cluster","name":"new",
     "change":{"actions":["delete","create"],"before":{"name":"x"},"after":{"name":"new"},
               "after_unknown":{}}}]})");
  REQUIRE(g.nodes().size() == 1);
  CHECK(g.nodes()[0].address == "aws_ecs_cluster.new");
  CHECK(g.nodes()[0].action == "replace");
  REQUIRE(g.info().removed.size() == 2);
  CHECK(g.info().removed[0].address == "aws_ecr_repository.old");
  CHECK(g.info().removed[0].action == "delete");
  CHECK(g.info().removed[1].action == "forget");
}

TEST_CASE("bad input gives one diagnostic with a code and a position", "[terraform]") {
  struct Case {
    const char* json;
    const char* code;
    uint32_t line;
    uint32_t column;
    const char* message;
  };
  auto c = GENERATE(values<Case>({
      {"{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [\n", "tf.plan.bad_json", 4, 1,
       "invalid JSON: syntax error while parsing value - unexpected end of input; expected "
       "'[', '{', or a literal"},
      {"not json at all", "tf.plan.bad_json", 1, 1,
       "invalid JSON: syntax error while parsing value - invalid literal; last read: 'no'"},
      {"[1, 2]", "tf.plan.not_a_plan", 1, 1, nullptr},
      {R"({"name": "package", "version": "1.0.0"})", "tf.plan.not_a_plan", 1, 1, nullptr},
      {R"({"format_version":"1.2","resource_changes":[{"address":"aws_ecs_cluster.c","mode":"managed","type":"aws_ecs_cluster","name":"c","change":{"actions":["create"],"after":"oops"}}]})",
       "tf.plan.bad_type", 1, 168,
       "aws_ecs_cluster.c: the planned values must be an object, found string"},
  }));
  Graph g = read_plan(c.json);
  REQUIRE(g.info().diagnostics.size() == 1);
  const Diagnostic& d = g.info().diagnostics[0];
  CHECK(d.code == c.code);
  CHECK(d.severity == Severity::kError);
  CHECK(d.location.file == "plan.json");
  CHECK(d.location.line == c.line);
  CHECK(d.location.column == c.column);
  if (c.message != nullptr) CHECK(d.message == c.message);
  CHECK(g.nodes().empty());
}

TEST_CASE("a container_definitions string that is not JSON is diagnosed, the rest read",
          "[terraform]") {
  std::string plan = kTaskPlan;
  std::string good = "\"container_definitions\":\"[{";
  plan.replace(plan.find(good), good.size(), "\"container_definitions\":\"[{{");
  Graph g = read_plan(plan);
  REQUIRE(g.info().diagnostics.size() == 1);
  CHECK(g.info().diagnostics[0].code == "tf.container_definitions.bad_json");
  CHECK(g.info().diagnostics[0].location.line == 7);
  const Node* td = find_node(g, "aws_ecs_task_definition.a");
  REQUIRE(td != nullptr);
  CHECK(td->attributes.find("containers")->is_unknown());
  CHECK(td->attributes.find("family")->text() == "a");
}

TEST_CASE("states link resources through literal ARNs, names and ids", "[terraform]") {
  Graph g = read_plan(R"({"format_version":"1.0","terraform_version":"1.9.5","values":{"root_module":{"resources":[
    {"address":"aws_ecs_cluster.prod","mode":"managed","type":"aws_ecs_cluster","name":"prod",
     "values":{"name":"prod","arn":"arn:aws:ecs:us-east-1:123456789012:cluster/prod"}},
    {"address":"aws_ecs_service.web","mode":"managed","type":"aws_ecs_service","name":"web",
     "values":{"name":"web","cluster":"arn:aws:ecs:us-east-1:123456789012:cluster/prod",
               "task_definition":"arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
               "network_configuration":[{"assign_public_ip":true,"subnets":["subnet-1"],"security_groups":[]}]}},
    {"address":"aws_ecs_task_definition.web","mode":"managed","type":"aws_ecs_task_definition",
     "name":"web","values":{"family":"web","container_definitions":"[]"}},
    {"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a",
     "values":{"id":"subnet-1","vpc_id":"vpc-1"}},
    {"address":"aws_vpc.main","mode":"managed","type":"aws_vpc","name":"main",
     "values":{"id":"vpc-1","cidr_block":"10.0.0.0/16"}}]}}})");
  REQUIRE(g.info().diagnostics.empty());
  CHECK(g.info().format == "terraform-state");
  CHECK(has_edge(g, "aws_ecs_service.web", Relation::kCluster, "aws_ecs_cluster.prod"));
  CHECK(has_edge(g, "aws_ecs_service.web", Relation::kTaskDefinition,
                 "aws_ecs_task_definition.web"));
  CHECK(has_edge(g, "aws_ecs_service.web", Relation::kSubnets, "aws_subnet.a"));
  CHECK(has_edge(g, "aws_subnet.a", Relation::kVpc, "aws_vpc.main"));
  CHECK(has_edge(g, "aws_ecs_service.web", Relation::kVpc, "aws_vpc.main"));
  const Node* svc = find_node(g, "aws_ecs_service.web");
  CHECK(svc->attributes.find_path("network_configuration.assign_public_ip")->as_bool());
  CHECK(svc->action.empty());
}

namespace {

// A plan of `blocks` task definitions, each its own configuration block, whose first block has
// two instances: one read first and one read last, after every other block (so its tree has
// been dropped from the configuration's recently-read blocks and is read again). `padding`
// adds that many constant expressions to the first block.
std::string plan_of_blocks(int blocks, int padding) {
  auto change = [](const std::string& address, const std::string& name) {
    return R"({"address":")" + address + R"(","mode":"managed","type":"aws_ecs_task_definition",
      "name":")" + name + R"(","change":{"actions":["create"],"before":null,
      "after":{"family":"f","container_definitions":"[]"},
      "after_unknown":{"execution_role_arn":true}}})";
  };
  std::string json = R"({"format_version":"1.2","terraform_version":"1.9.5","resource_changes":[)";
  json += change(R"(aws_ecs_task_definition.t0[\"a\"])", "t0");
  for (int i = 1; i < blocks; ++i) {
    json += "," + change("aws_ecs_task_definition.t" + std::to_string(i), "t" + std::to_string(i));
  }
  json += "," + change(R"(aws_ecs_task_definition.t0[\"b\"])", "t0");
  json += R"(],"configuration":{"root_module":{"resources":[)";
  for (int i = 0; i < blocks; ++i) {
    std::string name = "t" + std::to_string(i);
    json += std::string(i ? "," : "") + R"({"address":"aws_ecs_task_definition.)" + name +
            R"(","mode":"managed","type":"aws_ecs_task_definition","name":")" + name +
            R"(","expressions":{"execution_role_arn":{"references":["aws_iam_role.exec.arn"]})";
    for (int p = 0; i == 0 && p < padding; ++p) {
      json += R"(,"tag)" + std::to_string(p) + R"(":{"constant_value":"x"})";
    }
    json += "}}";
  }
  return json + "]}}}";
}

}  // namespace

TEST_CASE("configuration blocks read again after many others give the same values",
          "[terraform]") {
  Graph g = read_plan(plan_of_blocks(100, 0));
  std::string diags;
  for (const auto& d : g.info().diagnostics) diags += d.code + " " + d.message + "\n";
  REQUIRE(diags == "");
  for (const char* address :
       {"aws_ecs_task_definition.t0[\"a\"]", "aws_ecs_task_definition.t0[\"b\"]",
        "aws_ecs_task_definition.t99"}) {
    INFO(address);
    const Node* td = find_node(g, address);
    REQUIRE(td != nullptr);
    const Value* exec = td->attributes.find("execution_role_arn");
    REQUIRE(exec != nullptr);
    CHECK(exec->is_unknown());
    CHECK(exec->reason() == "known after apply: aws_iam_role.exec.arn");
  }
  const Node* last = find_node(g, "aws_ecs_task_definition.t0[\"b\"]");
  CHECK(last->attributes.find("execution_role_arn")->pos().pointer ==
        "/configuration/root_module/resources/0/expressions/execution_role_arn");

  // A block over a limit is reported once, however often it is asked for.
  auto buffer = InputBuffer::from_string("plan.json", plan_of_blocks(100, 200));
  terraform::ReadOptions options;
  options.limits.nodes = 300;
  Graph limited = terraform::read(*buffer, options);
  std::size_t reported = 0;
  for (const auto& d : limited.info().diagnostics) {
    if (d.message.find("cannot read this configuration block") != std::string::npos) ++reported;
  }
  CHECK(reported == 1);
}

namespace {

// Everything a reader produces, as text: the graph dump (nodes, attributes, edges) and the
// input's diagnostics and removed resources, in order.
std::string everything(const Graph& g) {
  std::string out = dump(g);
  for (const auto& d : g.info().diagnostics) {
    out += d.code + " " + std::to_string(d.location.line) + ":" +
           std::to_string(d.location.column) + " " + d.message + "\n";
  }
  for (const auto& r : g.info().removed) out += r.address + " " + r.action + "\n";
  return out;
}

}  // namespace

TEST_CASE("a plan read by two readers at once gives what one reader gives", "[terraform]") {
  std::size_t compared = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator("testdata")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::string text = slurp(entry.path());
    auto buffer = InputBuffer::from_string(entry.path().filename().string(), text);
    terraform::ReadOptions one;
    Graph serial = terraform::read(*buffer, one);
    if (serial.nodes().empty()) continue;  // not a plan, or nothing modelled
    terraform::ReadOptions two;
    two.threads = 2;
    two.split_from = 0;  // split whatever the size
    INFO(entry.path().string());
    CHECK(everything(terraform::read(*buffer, two)) == everything(serial));
    ++compared;
  }
  CHECK(compared > 20);

  // A plan with diagnostics and removed resources in both parts, side resources (read after
  // both parts) that configure nodes of either, and enough nodes for the graph's completion to
  // be split too (its type diagnostics come from both halves).
  std::string plan = R"({"format_version":"1.2","resource_changes":[)";
  for (int i = 0; i < 1300; ++i) {
    std::string n = std::to_string(i);
    if (i) plan += ",";
    std::string action = i % 7 == 3 ? "delete" : "create";
    plan += R"({"address":"aws_ecr_repository.r)" + n +
            R"(","mode":"managed","type":"aws_ecr_repository","name":"r)" + n +
            R"(","change":{"actions":[")" + action + R"("],"before":{"name":"old"},"after":)" +
            (action == "delete" ? std::string("null")
                                : R"({"name":"r)" + n + R"(","image_scanning_configuration":)" +
                                      (i % 5 == 0 ? R"([{"scan_on_push":"yes"}])" : "[]") +
                                      "}") +
            R"(,"after_unknown":{}}},)";
    plan += R"({"address":"aws_ecr_lifecycle_policy.p)" + n +
            R"(","mode":"managed","type":"aws_ecr_lifecycle_policy","name":"p)" + n +
            R"(","change":{"actions":["create"],"after":{"repository":"r)" + n +
            R"(","policy":"{\"rules\":[]}"},"after_unknown":{}}})";
  }
  plan += "]}";
  auto buffer = InputBuffer::from_string("plan.json", plan);
  Graph serial = terraform::read(*buffer);
  terraform::ReadOptions two;
  two.threads = 2;
  two.split_from = 0;
  Graph parallel = terraform::read(*buffer, two);
  CHECK(serial.nodes().size() == 1114);
  CHECK(serial.info().removed.size() == 186);
  auto bad_types = [](const Graph& g) {
    return std::count_if(g.info().diagnostics.begin(), g.info().diagnostics.end(),
                         [](const Diagnostic& d) { return d.code == "tf.plan.bad_type"; });
  };
  CHECK(bad_types(serial) == 223);  // scan_on_push "yes": i % 5 == 0 and not deleted
  CHECK(everything(parallel) == everything(serial));

  // Configuration blocks over a limit, met by either reader (and some by both): each reported
  // once, in file order.
  std::string configured = R"({"format_version":"1.2","resource_changes":[)";
  std::string blocks;
  for (int i = 0; i < 60; ++i) {
    std::string n = std::to_string(i);
    configured += std::string(i ? "," : "") + R"({"address":"aws_ecs_cluster.c)" + n +
                  R"(","mode":"managed","type":"aws_ecs_cluster","name":"c)" + n +
                  R"(","change":{"actions":["create"],"after":{"name":"c)" + n +
                  R"("},"after_unknown":{}}})";
    std::string name = i % 3 == 0 ? std::string(300, 'x') : "c" + n;  // over string_length
    blocks += std::string(i ? "," : "") + R"({"address":"aws_ecs_cluster.c)" + n +
              R"(","mode":"managed","type":"aws_ecs_cluster","name":"c)" + n +
              R"(","expressions":{"name":{"constant_value":")" + name + R"("}}})";
  }
  configured += R"(],"configuration":{"root_module":{"resources":[)" + blocks + "]}}}";
  auto config_buffer = InputBuffer::from_string("plan.json", configured);
  terraform::ReadOptions limited;
  limited.limits.string_length = 100;
  Graph one_reader = terraform::read(*config_buffer, limited);
  limited.threads = 2;
  limited.split_from = 0;
  Graph two_readers = terraform::read(*config_buffer, limited);
  auto failures = [](const Graph& g) {
    return std::count_if(g.info().diagnostics.begin(), g.info().diagnostics.end(),
                         [](const Diagnostic& d) { return d.code == "limit.string_length"; });
  };
  CHECK(failures(one_reader) == 20);
  CHECK(everything(two_readers) == everything(one_reader));
}

namespace {

// Everything an index holds but where its second indexer started, one line per fact.
std::string describe(const terraform::PlanIndex& x, bool ok, const terraform::IndexError& e) {
  std::string out = ok ? "ok\n" : "error " + std::to_string(e.offset) + " " + e.limit + " " +
                                      e.message + "\n";
  auto range = [](const terraform::Range& r) {
    return std::to_string(r.begin) + "-" + std::to_string(r.end) + " line " +
           std::to_string(r.line) + " from " + std::to_string(r.line_start) + " " + r.pointer.str();
  };
  out += x.format_version + " " + x.terraform_version + " " + std::to_string(x.top_is_object) +
         std::to_string(x.has_resource_changes) + std::to_string(x.has_planned_values) +
         std::to_string(x.has_state_values) + std::to_string(x.has_configuration) + " " +
         std::to_string(x.managed_resources) + " " + std::to_string(x.changes_managed) + " " +
         std::to_string(x.planned_managed) + " " + std::to_string(x.state_managed) + "\n";
  for (const auto& k : x.top_keys) out += "key " + k + "\n";
  for (const auto* list : {&x.changes, &x.planned, &x.state}) {
    for (const auto& r : *list) {
      out += "entry " + r.address + " " + r.type.str() + " " + r.mode.str() + " " +
             std::to_string(r.deposed) + " " + range(r.range) + "\n";
    }
    out += "--\n";
  }
  for (const auto& [path, m] : x.config) {
    out += "module " + path + "\n";
    for (const auto& [a, r] : m.resources) out += " resource " + a + " " + range(r) + "\n";
    for (const auto& [a, r] : m.call_expressions) out += " call " + a + " " + range(r) + "\n";
    if (m.has_outputs) out += " outputs " + range(m.outputs) + "\n";
  }
  for (const auto& [path, s] : x.module_sources) out += "source " + path + " " + s + "\n";
  for (const auto& t : x.type_errors) {
    out += "type " + std::to_string(t.offset) + " " + t.message + "\n";
  }
  return out;
}

// Indexes `text` with one indexer and with two; checks both give the same; returns where the
// second indexer started (0: it did not).
std::size_t index_both_ways(const std::string& text) {
  Limits limits;
  limits.depth = 64;
  Deadline deadline;
  terraform::PlanIndex one, two;
  terraform::IndexError one_error, two_error;
  bool one_ok = terraform::index_plan(text, terraform::is_modelled_type, limits, deadline, one,
                                      one_error);
  bool two_ok = terraform::index_plan(text, terraform::is_modelled_type, limits, deadline, two,
                                      two_error, nullptr, 0);
  CHECK(describe(two, two_ok, two_error) == describe(one, one_ok, one_error));
  return two.second_from;
}

std::string change(const std::string& name, const std::string& after = "{}") {
  return R"({"address":"aws_ecs_cluster.)" + name +
         R"(","mode":"managed","type":"aws_ecs_cluster","name":")" + name +
         R"(","change":{"actions":["create"],"after":)" + after + "}}";
}

}  // namespace

TEST_CASE("a plan indexed by two indexers at once gives what one indexer gives", "[terraform]") {
  // Every JSON plan in testdata, written compactly with its members in order, as Terraform
  // writes plans (not the hostile inputs of testdata/bad, nested too deep for nlohmann's tree;
  // the faults are below).
  std::size_t split = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator("testdata")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    if (entry.path().string().rfind("testdata/bad/", 0) == 0) continue;
    auto doc = nlohmann::ordered_json::parse(slurp(entry.path()), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("resource_changes")) continue;
    INFO(entry.path().string());
    if (index_both_ways(doc.dump()) != 0) ++split;
  }
  CHECK(split > 10);

  std::string head = R"({"format_version":"1.2","resource_changes":[)";
  std::string entries;
  for (int i = 0; i < 40; ++i) entries += (i ? "," : "") + change("c" + std::to_string(i));
  std::string config =
      R"(,"configuration":{"root_module":{"resources":[{"address":"aws_ecs_cluster.c1",)"
      R"("mode":"managed","type":"aws_ecs_cluster","expressions":{}}],"module_calls":{"m":)"
      R"({"source":"./m","expressions":{"x":{}},"module":{"outputs":{"o":{}}}}}}})";

  SECTION("the second part's lines and item numbers continue the first's") {
    std::string lines = entries;
    for (std::size_t at = 0; (at = lines.find(R"(,{"address":"aws_ecs_cluster.c1)", at)) !=
                             std::string::npos;
         at += 3) {
      lines.insert(at, "\n");  // entries 1, 10-19 start new lines
      at += 1;
    }
    CHECK(index_both_ways(head + lines + "]" + config + "}") != 0);
    CHECK(index_both_ways("\n\n" + head + "\n" + entries + "\n]\n" + config + "\n}\n") != 0);
  }
  SECTION("members after resource_changes: repeated, of the wrong type, configuration") {
    CHECK(index_both_ways(head + entries + R"(],"format_version":"9.9","configuration":[]})") !=
          0);
    CHECK(index_both_ways(head + entries + R"(],"format_version":7})") != 0);
    CHECK(index_both_ways(head + entries + "]" + config + "}") != 0);
    // A second resource_changes numbers its items from 0: read by one indexer.
    CHECK(index_both_ways(head + entries + R"(],"resource_changes":[)" + change("again") +
                          "]}") == 0);
  }
  SECTION("a wrong guess: the same bytes inside a value the index skips") {
    // The middle of the document falls in "pad"; the first entry-like bytes after it are in
    // "list", inside a change the index does not read.
    std::string decoy = R"({"pad":")" + std::string(2000, 'p') +
                        R"(","list":[{"x":1},{"address":"y","change":{"actions":["z"]}}]})";
    std::string text = head;
    for (int i = 0; i < 8; ++i) text += (i ? "," : "") + change("c" + std::to_string(i));
    text += "," + change("big", decoy) + "]}";
    CHECK(terraform::split_candidate(text) == text.find(R"({"address":"y")"));  // guessed
    CHECK(index_both_ways(text) == 0);  // and not taken
  }
  SECTION("faults before and after the guess give the one indexer's diagnostic") {
    CHECK(index_both_ways(head + entries + ", oops]}") == 0);
    CHECK(index_both_ways(head + entries + "]") == 0);
    CHECK(index_both_ways(head + "x," + entries + "]}") == 0);
    std::string deep(70, '[');
    CHECK(index_both_ways(head + entries + "]," + R"("deep":)" + deep + "}") == 0);
  }
}
