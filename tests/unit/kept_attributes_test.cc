// A scan's graphs keep only the attributes its policies read (KeptAttributes): what that keeps,
// and that it changes no verdict, evidence, message or diagnostic.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

#include "cloudformation/reader.h"
#include "inputs/inputs.h"
#include "policy/evaluator.h"
#include "policy/loader.h"
#include "policy/policy.h"
#include "scan/scan.h"
#include "terraform/reader.h"

using namespace ecsguard;

namespace {

PendingKeptAttributes ready(KeptAttributes kept) {
  std::promise<std::shared_ptr<const KeptAttributes>> p;
  p.set_value(std::make_shared<const KeptAttributes>(std::move(kept)));
  return p.get_future().share();
}

const policy::PolicySet& pack() {
  static const policy::PolicySet* set = [] {
    Diagnostics diags;
    return new policy::PolicySet(load_policies(PolicySources{}, Limits{}, diags));
  }();
  return *set;
}

// Everything a scan reports of one input: every result (status, subject, message, evidence,
// reason, position) and every diagnostic, in order.
std::string reported(const Graph& g, const std::vector<policy::Result>& results) {
  std::string out;
  for (const auto& r : results) {
    out += r.policy->id + " " + r.address().str() + " " + r.element().str() + " " +
           policy::to_string(r.status) + " " + r.message() + " [" + r.reason.str() + "] " +
           r.location().to_string() + "\n";
    for (const auto& e : r.evidence) {
      out += "  " + e.path.str() + " = " + e.observed.str() + " @" + std::to_string(e.pos.line) +
             ":" + std::to_string(e.pos.column) + "\n";
    }
  }
  for (const auto& d : g.info().diagnostics) {
    out += d.code + " " + d.location.to_string() + " " + d.message + "\n";
  }
  out +=
      std::to_string(g.nodes().size()) + " nodes, " + std::to_string(g.edges().size()) + " edges\n";
  return out;
}

// A resource_changes entry that creates `type`.`name` with `after` (an object's members).
std::string created(const std::string& type, const std::string& name, const std::string& after) {
  return R"({"address":")" + type + "." + name + R"(","mode":"managed","type":")" + type +
         R"(","name":")" + name + R"(","change":{"actions":["create"],"after":{)" + after +
         R"(},"after_unknown":{}}})";
}

}  // namespace

TEST_CASE("the bundled pack keeps the attributes its conditions and graph steps read", "[kept]") {
  KeptAttributes kept = policy::needed_attributes(pack());
  CHECK(kept.keeps(NodeKind::kContainer, "privileged"));
  CHECK(kept.keeps(NodeKind::kContainer, "environment"));  // `of`, whole lists
  CHECK(kept.keeps(NodeKind::kContainer, "linux_parameters.capabilities.drop"));
  CHECK(kept.keeps(NodeKind::kCluster, "tags"));               // tags.GuardDutyManaged
  CHECK(kept.keeps(NodeKind::kTaskDefinition, "containers"));  // unknown container definitions
  CHECK(kept.keeps(NodeKind::kIamRole, "inline_policies"));    // reached by `related`
  CHECK_FALSE(kept.keeps(NodeKind::kService, "tags"));
  CHECK_FALSE(kept.keeps(NodeKind::kContainer, "port_mappings"));
  CHECK_FALSE(kept.keeps_all(NodeKind::kContainer));

  // A condition on the context itself (an empty path) reads every attribute.
  KeptAttributes whole;
  whole.keep(NodeKind::kService, "name");
  whole.keep_all(NodeKind::kService);
  whole.keep(NodeKind::kService, "tags");
  CHECK(whole.keeps_all(NodeKind::kService));
  CHECK(whole.keeps(NodeKind::kService, "anything"));
  CHECK(whole.names(NodeKind::kService).empty());
  CHECK(top_attribute("environment[].name") == "environment");
  CHECK(top_attribute("network_configuration.subnets") == "network_configuration");

  // Below a top-level attribute, only the paths read: a container's log driver, not its options.
  CHECK(kept.keeps_whole(NodeKind::kContainer, "log_configuration.log_driver"));
  CHECK_FALSE(kept.keeps_whole(NodeKind::kContainer, "log_configuration"));
  CHECK_FALSE(kept.keeps_whole(NodeKind::kContainer, "log_configuration.options"));
  CHECK(kept.keeps_whole(NodeKind::kContainer, "environment.anything"));
  // An ECR lifecycle policy is only tested for being set: kept as that when passes are not
  // reported (their evidence shows the document), whole otherwise.
  CHECK(kept.keeps_whole(NodeKind::kEcrRepository, "lifecycle_policy"));
  KeptAttributes failures = policy::needed_attributes(pack(), /*passes_kept=*/false);
  CHECK(failures.keeps(NodeKind::kEcrRepository, "lifecycle_policy"));
  CHECK(failures.keeps_presence(NodeKind::kEcrRepository, "lifecycle_policy"));
  CHECK_FALSE(failures.keeps_whole(NodeKind::kEcrRepository, "lifecycle_policy"));
  CHECK_FALSE(kept.keeps_presence(NodeKind::kEcrRepository, "lifecycle_policy"));
}

TEST_CASE("kept paths prune the maps on the way to them", "[kept]") {
  KeptAttributes kept;
  kept.keep(NodeKind::kContainer, "log_configuration.log_driver");
  kept.keep(NodeKind::kContainer, "linux_parameters.capabilities.add");
  kept.keep(NodeKind::kContainer, "environment[].name");
  kept.keep_presence(NodeKind::kContainer, "docker_labels");
  // A shape the schema checks below it: presence is not enough, the value is kept whole.
  kept.keep_presence(NodeKind::kContainer, "health_check");
  Value a = Value::map();
  a.set_path("log_configuration.log_driver", Value::string("awslogs"));
  a.set_path("log_configuration.options.awslogs-group", Value::string("g"));
  a.set_path("linux_parameters.capabilities.add", Value::list({Value::string("NET_ADMIN")}));
  a.set_path("linux_parameters.capabilities.drop", Value::list({Value::string("ALL")}));
  a.set_path("linux_parameters.init_process_enabled", Value::boolean(true));
  a.set("linux_parameters2", Value::boolean(true));
  a.set("environment", Value::list({Value::map()}));
  a.set_path("docker_labels.team", Value::string("x"));
  a.set_path("health_check.retries", Value::number(3));
  a.set("privileged", Value::boolean(true));
  a.set("user", Value::unknown("known after apply"));
  kept.prune(NodeKind::kContainer, a);
  CHECK(a.to_json() == R"({"docker_labels":{},"environment":[{}],"health_check":{"retries":3},)"
                       R"("linux_parameters":{"capabilities":{"add":["NET_ADMIN"]}},)"
                       R"("log_configuration":{"log_driver":"awslogs"}})");
  CHECK(kept.keeps_presence(NodeKind::kContainer, "docker_labels"));
  CHECK_FALSE(kept.keeps_presence(NodeKind::kContainer, "health_check"));
  CHECK(kept.keeps_whole(NodeKind::kContainer, "health_check"));

  // A value on the way that is not a map is kept as it is; so is one a side resource sets.
  Value unknown = Value::map();
  unknown.set("log_configuration", Value::unknown("known after apply"));
  kept.prune(NodeKind::kContainer, unknown);
  CHECK(unknown.find("log_configuration") != nullptr);
  Value labels = Value::map();
  labels.set("team", Value::string("x"));
  kept.prune_attribute(NodeKind::kContainer, "docker_labels", labels);
  CHECK(labels.to_json() == "{}");
  Value drop = Value::list({Value::string("ALL")});
  kept.prune_attribute(NodeKind::kContainer, "privileged", drop);  // not kept: build() drops it
  CHECK(drop.size() == 1);
}

TEST_CASE("a value kept only as being set keeps the maps on the way to it", "[kept]") {
  // `exists: true` on a key inside an open map two steps down: the maps on the way keep the
  // entries that lead to it, as they do for a path kept whole.
  KeptAttributes kept;
  kept.keep_presence(NodeKind::kContainer, "log_configuration.options.awslogs-group");
  kept.keep_presence(NodeKind::kContainer, "docker_labels");
  kept.keep_presence(NodeKind::kContainer, "docker_labels.team");
  Value a = Value::map();
  a.set_path("log_configuration.log_driver", Value::string("awslogs"));
  a.set_path("log_configuration.options.awslogs-group", Value::string("g"));
  a.set_path("log_configuration.options.awslogs-region", Value::string("eu-west-1"));
  a.set_path("docker_labels.team", Value::map());
  a.set_path("docker_labels.owner", Value::string("x"));
  kept.prune(NodeKind::kContainer, a);
  CHECK(a.to_json() == R"({"docker_labels":{"team":{}},)"
                       R"("log_configuration":{"options":{"awslogs-group":"g"}}})");
}

TEST_CASE("a key tested for being set inside an open map passes when it is set", "[kept]") {
  // A scan that reports failures only keeps such a key as being set: the maps on the way to it
  // must stay, or the check would fail on a container that sets it.
  Diagnostics diags;
  std::vector<policy::Policy> ps(1);
  REQUIRE(policy::load_policy(R"(id: custom-log-group
title: Containers name their awslogs group
severity: low
description: The awslogs driver's group is set.
remediation: Set awslogs-group.
kind: container
check:
  attribute: log_configuration.options.awslogs-group
  exists: true
message: "{{address}} sets no awslogs group"
)",
                              "p.yaml", Limits{}, ps[0], diags));
  policy::PolicySet set = policy::make_policy_set(std::move(ps), diags);
  const std::string definitions =
      R"([{\"name\":\"app\",\"image\":\"nginx\",\"logConfiguration\":{\"logDriver\":\"awslogs\",)"
      R"(\"options\":{\"awslogs-group\":\"g\",\"awslogs-region\":\"eu-west-1\"}}}])";
  const std::string plan = R"({"format_version":"1.2","resource_changes":[)" +
                           created("aws_ecs_task_definition", "web",
                                   R"("family":"web","container_definitions":")" + definitions +
                                       R"(")") +
                           "]}";
  auto buffer = InputBuffer::from_string("plan.json", plan);
  terraform::ReadOptions failures_only;
  failures_only.kept = ready(policy::needed_attributes(set, /*passes_kept=*/false));
  Graph g = terraform::read(*buffer, failures_only);
  policy::EvalOptions no_passes;
  no_passes.keep_passes = false;
  policy::Summary counted;
  REQUIRE(g.nodes().size() == 2);  // the task definition and its container
  CHECK(policy::evaluate(set, g, no_passes, &counted).empty());
  CHECK(counted.pass == 1);
}

TEST_CASE("a graph keeps only the kept attributes and still reports the shapes of the others",
          "[kept]") {
  // Bad shapes in attributes kept and dropped, in resources read by either of two readers, and
  // in an attribute a side resource appends to after its endpoint was frozen.
  std::string plan = R"({"format_version":"1.2","resource_changes":[)";
  for (int i = 0; i < 40; ++i) {
    std::string n = std::to_string(i);
    if (i) plan += ",";
    plan += created("aws_ecs_service", "s" + n,
                    R"("name":"s)" + n + R"(","enable_execute_command":)" +
                        (i % 3 ? "false" : R"("maybe")") + R"(,"enable_ecs_managed_tags":)" +
                        (i % 4 ? "true" : R"("perhaps")") +
                        R"(,"tags":{"team":"x"},"scheduling_strategy":)" +
                        (i % 5 ? R"("REPLICA")" : R"(["REPLICA"])")) +
            ",";
    plan += created("aws_vpc_endpoint", "e" + n,
                    R"("id":"vpce-)" + n + R"(","vpc_id":"vpc-1","subnet_ids":)" +
                        (i % 2 ? R"(["subnet-1"])" : R"("subnet-1")") +
                        R"(,"private_dns_enabled":"nope","vpc_endpoint_type":"Interface")") +
            ",";
    plan += created("aws_vpc_endpoint_subnet_association", "a" + n,
                    R"("vpc_endpoint_id":"vpce-)" + n + R"(","subnet_id":"subnet-2")");
  }
  plan += "]}";
  auto buffer = InputBuffer::from_string("plan.json", plan);
  KeptAttributes kept;
  keep_folded_attributes(kept);
  kept.keep(NodeKind::kService, "name");
  kept.keep(NodeKind::kService, "enable_execute_command");
  kept.keep(NodeKind::kVpcEndpoint, "vpc_endpoint_type");
  for (unsigned threads : {1u, 2u}) {
    terraform::ReadOptions all;
    all.threads = threads;
    all.split_from = 0;
    Graph whole = terraform::read(*buffer, all);
    terraform::ReadOptions some = all;
    some.kept = ready(kept);
    Graph pruned = terraform::read(*buffer, some);
    REQUIRE(pruned.nodes().size() == whole.nodes().size());
    REQUIRE(pruned.nodes().size() == 80);
    for (const Node& n : pruned.nodes()) {
      for (const SharedText& key : n.attributes.keys()) {
        INFO(n.address << " " << key.view());
        CHECK(kept.keeps(n.kind, key.view()));
      }
    }
    const Node& service = pruned.nodes().front();
    CHECK(service.attributes.find("name") != nullptr);
    CHECK(service.attributes.find("tags") == nullptr);
    // The same diagnostics, in the same order, of the attributes kept and dropped alike.
    std::vector<std::string> a, b;
    for (const auto& d : whole.info().diagnostics) a.push_back(d.location.to_string() + d.message);
    for (const auto& d : pruned.info().diagnostics) b.push_back(d.location.to_string() + d.message);
    CHECK(a.size() == 14 + 10 + 8 + 40);
    CHECK(std::count_if(b.begin(), b.end(), [](const std::string& d) {
            return d.find("enable_ecs_managed_tags is") != std::string::npos;
          }) == 10);
    CHECK(b == a);
  }
}

TEST_CASE("keeping only what the pack reads changes nothing a scan reports", "[kept]") {
  InputOptions all;
  InputOptions some;
  some.kept = ready(policy::needed_attributes(pack()));
  InputOptions failures;
  failures.kept = ready(policy::needed_attributes(pack(), /*passes_kept=*/false));
  std::size_t compared = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator("testdata")) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    if (ext != ".json" && ext != ".yaml" && ext != ".yml" && ext != ".template") continue;
    InputFile file{entry.path().string(), true};
    Graph whole, pruned;
    if (!read_input(file, all, whole) || whole.nodes().empty()) continue;
    REQUIRE(read_input(file, some, pruned));
    INFO(file.path);
    CHECK(reported(pruned, policy::evaluate(pack(), pruned)) ==
          reported(whole, policy::evaluate(pack(), whole)));
    // Without passes, values only tested for being set are kept as that.
    Graph failing;
    REQUIRE(read_input(file, failures, failing));
    policy::EvalOptions no_passes;
    no_passes.keep_passes = false;
    policy::Summary a, b;
    CHECK(reported(failing, policy::evaluate(pack(), failing, no_passes, &a)) ==
          reported(whole, policy::evaluate(pack(), whole, no_passes, &b)));
    CHECK(a.pass == b.pass);
    CHECK(a.skip == b.skip);
    ++compared;
  }
  CHECK(compared > 100);
}

TEST_CASE("waiting for the policies a scan is loading does not count against the time limit",
          "[kept]") {
  // The filter is ready only after the time limit would have passed: the read still completes.
  auto late = [] {
    return std::async(std::launch::async,
                      [] {
                        std::this_thread::sleep_for(std::chrono::milliseconds(400));
                        KeptAttributes kept;
                        keep_folded_attributes(kept);
                        kept.keep(NodeKind::kService, "enable_execute_command");
                        return std::make_shared<const KeptAttributes>(std::move(kept));
                      })
        .share();
  };
  std::string plan = R"({"format_version":"1.2","resource_changes":[)";
  for (int i = 0; i < 3; ++i) {
    std::string n = std::to_string(i);
    if (i) plan += ",";
    plan += created("aws_ecs_service", "s" + n,
                    R"("name":"s)" + n + R"(","enable_execute_command":true)");
  }
  plan += "]}";
  std::string tpl = "Resources:\n";
  for (int i = 0; i < 3; ++i) {
    tpl += "  S" + std::to_string(i) +
           ":\n    Type: AWS::ECS::Service\n    Properties:\n      EnableExecuteCommand: true\n";
  }
  // Either reader's options, with a limit the wait alone would pass.
  auto limited = [&](auto options) {
    options.limits.time_ms = 200;
    options.kept = late();
    return options;
  };
  auto read_whole = [](const Graph& g) {
    CHECK(g.nodes().size() == 3);
    CHECK_FALSE(has_errors(g.info().diagnostics));
  };
  read_whole(terraform::read(*InputBuffer::from_string("plan.json", plan),
                             limited(terraform::ReadOptions{})));
  read_whole(cloudformation::read(*InputBuffer::from_string("t.yaml", tpl),
                                  limited(cloudformation::ReadOptions{})));
}
