#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "cli_run.h"
#include "policy/evaluator.h"
#include "policy/loader.h"
#include "scan/policy_tests.h"
#include "scan/scan.h"
#include "tf_helpers.h"

using namespace ecsguard;
using namespace ecsguard::policy;
using ecsguard::test::Run;
const auto run_cli = ecsguard::test::run;

namespace {

PolicySet set_of(const std::string& text) {
  Diagnostics diags;
  std::vector<Policy> ps(1);
  bool ok = load_policy(text, "p.yaml", Limits{}, ps[0], diags);
  INFO((diags.empty() ? "" : diags[0].to_string()));
  REQUIRE(ok);
  return make_policy_set(std::move(ps), diags);
}


}  // namespace

TEST_CASE("Kleene logic", "[policy]") {
  const Tri F = Tri::kFalse, T = Tri::kTrue, U = Tri::kUnknown;
  CHECK(tri_and(U, F) == F);
  CHECK(tri_and(U, T) == U);
  CHECK(tri_and(T, T) == T);
  CHECK(tri_or(U, T) == T);
  CHECK(tri_or(U, F) == U);
  CHECK(tri_or(F, F) == F);
  CHECK(tri_not(U) == U);
  CHECK(tri_not(T) == F);
}

TEST_CASE("a policy test with a wrong expectation fails and says why", "[policy][tests]") {
  PolicySet set = set_of(R"(id: p
title: Containers are not privileged
severity: high
kind: container
check: {attribute: privileged, equals: false}
message: "{{element}}"
tests:
  - name: wrong on purpose
    terraform:
      aws_ecs_task_definition.a:
        family: a
        container_definitions: [{name: web, image: nginx, privileged: true}]
    expect:
      aws_ecs_task_definition.a: pass
      aws_ecs_task_definition.missing: fail
)");
  auto outcomes = run_policy_tests(set);
  REQUIRE(outcomes.size() == 1);
  CHECK_FALSE(outcomes[0].passed);
  REQUIRE(outcomes[0].failures.size() == 2);
  CHECK(outcomes[0].failures[0] ==
        "aws_ecs_task_definition.a containers[web]: expected pass, got fail; privileged = true");
  CHECK(outcomes[0].failures[1] ==
        "aws_ecs_task_definition.missing: no result for this resource (results for: "
        "aws_ecs_task_definition.a containers[web])");
}

TEST_CASE("evidence of sensitive values is redacted", "[policy]") {
  PolicySet set = set_of(R"(id: p
title: No secrets in the environment
severity: high
kind: container
check:
  none: {of: environment, where: {attribute: name, matches: "(?i)password"}}
message: "{{element}} has {{path}} = {{value}}"
)");
  Graph g = test::read_plan(R"({"format_version":"1.2","resource_changes":[
    {"address":"aws_ecs_task_definition.a","mode":"managed","type":"aws_ecs_task_definition","name":"a",
     "change":{"actions":["create"],"after":{"family":"a",
       "container_definitions":"[{\"environment\":[{\"name\":\"DB_PASSWORD\",\"value\":\"hunter2\"}],\"image\":\"x\",\"name\":\"web\"}]"},
       "after_unknown":{},"after_sensitive":{"container_definitions":true}}}]})");
  auto results = evaluate(set, g);
  REQUIRE(results.size() == 1);
  CHECK(results[0].status == Status::kFail);
  CHECK(results[0].address() == "aws_ecs_task_definition.a");
  CHECK(results[0].kind() == "task_definition");
  CHECK(results[0].message().find("hunter2") == std::string::npos);
  CHECK(results[0].message().find("<sensitive>") != std::string::npos);
  for (const auto& e : results[0].evidence) CHECK(e.observed.str().find("hunter2") == std::string::npos);
}

TEST_CASE("messages are rendered when asked, with the overrides they show", "[policy]") {
  PolicySet set = set_of(R"(id: p
title: Containers are small
severity: low
kind: container
params:
  most: {default: 256, description: the largest memory}
check: {attribute: memory, lte: {param: most}}
message: "{{resource}} ({{kind}}, {{source_type}}) has {{path}} = {{value}}, over {{params.most}}"
)");
  Graph g = test::read_plan(R"({"format_version":"1.2","resource_changes":[
    {"address":"aws_ecs_task_definition.a","mode":"managed","type":"aws_ecs_task_definition","name":"a",
     "change":{"actions":["create"],"after":{"family":"a",
       "container_definitions":"[{\"image\":\"x\",\"memory\":512,\"name\":\"web\"}]"},
       "after_unknown":{}}}]})");
  const std::string said = "aws_ecs_task_definition.a containers[web] (task_definition, "
                           "aws_ecs_task_definition) has memory = 512, over ";
  auto results = evaluate(set, g);
  REQUIRE(results.size() == 1);
  CHECK(results[0].status == Status::kFail);
  CHECK(results[0].message() == said + "256");
  // A suppressed failure says what it said.
  results[0].suppressed_status = results[0].status;
  results[0].status = Status::kSuppressed;
  CHECK(results[0].message() == said + "256");

  EvalOptions options;
  options.params["p"]["most"] = Value::number(128);
  results = evaluate(set, g, options);
  REQUIRE(results.size() == 1);
  CHECK(results[0].message() == said + "128");
  CHECK(render_message(results[0], nullptr) == said + "256");

  options.params["p"]["most"] = Value::number(1024);
  results = evaluate(set, g, options);
  REQUIRE(results.size() == 1);
  CHECK(results[0].status == Status::kPass);
  CHECK(results[0].message() == "Containers are small");

  // Undecided: the title and why.
  Graph unknown = test::read_plan(R"({"format_version":"1.2","resource_changes":[
    {"address":"aws_ecs_task_definition.a","mode":"managed","type":"aws_ecs_task_definition","name":"a",
     "change":{"actions":["create"],"after":{"family":"a"},
       "after_unknown":{"container_definitions":true}}}]})");
  results = evaluate(set, unknown);
  REQUIRE(results.size() == 1);
  CHECK(results[0].status == Status::kUnknown);
  CHECK(results[0].message() == "Containers are small: undecided, " + results[0].reason.str());
}

TEST_CASE("scan prints the JSON report and exits 1 on failures", "[policy][cli]") {
  Run r = run_cli({"scan", "testdata/examples/fargate-service/plan.json", "--format", "json",
               "--no-bundled-policies", "--policies", "tests/conformance"});
  CHECK(r.code == ecsguard::cli::kExitFindings);
  CHECK(r.out.rfind("{\"schema_version\":1,\"tool\":{\"name\":\"ecsguard\"", 0) == 0);
  CHECK(r.out.find("\"summary\":{\"fail\":") != std::string::npos);
  CHECK(r.out.find("\"status\":\"pass\"") == std::string::npos);
  Run all = run_cli({"scan", "testdata/examples/fargate-service/plan.json", "--format", "json",
                 "--no-bundled-policies", "--policies", "tests/conformance", "--include-passed"});
  CHECK(all.out.find("\"status\":\"pass\"") != std::string::npos);
  Run again = run_cli({"scan", "testdata/examples/fargate-service/plan.json", "--format", "json",
                   "--no-bundled-policies", "--policies", "tests/conformance"});
  CHECK(again.out == r.out);  // deterministic
}

TEST_CASE("scan options are validated", "[policy][cli]") {
  const std::string plan = "testdata/examples/fargate-service/plan.json";
  // The options that name policies are checked once the policies are loaded, which with two
  // threads happens while the input is read: the same message either way, nothing evaluated.
  const std::vector<std::pair<std::vector<std::string>, std::string>> refused = {
      {{"--disable", "no-such-policy"}, "--disable no-such-policy: no such policy"},
      {{"--policy-param", "ecs-container-privileged"},
       "--policy-param takes POLICY_ID.NAME=VALUE, got 'ecs-container-privileged'"},
      {{"--policy-param", "nope.x=1"}, "--policy-param nope.x=1: no policy 'nope'"},
      {{"--policy-param", "ecs-container-privileged.x=1"},
       "--policy-param ecs-container-privileged.x=1: policy 'ecs-container-privileged' has no "
       "param 'x'"},
      {{"--policy-param", "ecs-task-host-volumes.sensitive_paths=[unclosed"},
       "--policy-param ecs-task-host-volumes.sensitive_paths=[unclosed: the value is not valid "
       "YAML"},
  };
  for (const char* jobs : {"1", "2"}) {
    for (const auto& [options, message] : refused) {
      std::vector<std::string> args = {"scan", plan, "--jobs", jobs};
      args.insert(args.end(), options.begin(), options.end());
      Run r = run_cli(args);
      INFO(jobs << " " << message);
      CHECK(r.code == ecsguard::cli::kExitError);
      CHECK(r.out.empty());
      CHECK(r.err == "ecsguard scan: " + message + "\n");
    }
    // Policy problems come first, and a bad suppressions file after them.
    Run both = run_cli({"scan", plan, "--jobs", jobs, "--policies", "no/such/dir", "--suppressions",
                        "no/such/file.yaml"});
    CHECK(both.code == ecsguard::cli::kExitError);
    CHECK(both.out.empty());
    CHECK(both.err.rfind("no/such/dir: error: policy directory not found [policy.unreadable]\n",
                         0) == 0);
    CHECK(both.err.find("nothing scanned") != std::string::npos);
  }
  CHECK(run_cli({"scan", plan, "--disable", "no-such-policy"}).code == ecsguard::cli::kExitError);
  CHECK(run_cli({"scan", plan, "--policy-param", "ecs-container-privileged.x=1"}).code ==
        ecsguard::cli::kExitError);
  CHECK(run_cli({"scan", plan, "--severity-threshold", "severe"}).code == ecsguard::cli::kExitError);
  CHECK(run_cli({"scan"}).code == ecsguard::cli::kExitError);
  // Failures below the threshold do not fail the run.
  Run low = run_cli({"scan", plan, "--no-bundled-policies", "--policies", "tests/conformance",
                 "--severity-threshold", "low"});
  CHECK(low.code == ecsguard::cli::kExitOk);
}

TEST_CASE("an invalid user policy is reported and the others still run", "[policy][cli]") {
  Run r = run_cli({"scan", "testdata/examples/fargate-service/plan.json", "--no-bundled-policies",
               "--policies", "testdata/bad/policies", "--policies", "tests/conformance"});
  CHECK(r.code == ecsguard::cli::kExitError);
  CHECK(r.err.find("[policy.unknown_attribute]") != std::string::npos);
  CHECK(r.out.find("conformance-equals-coercion") != std::string::npos);
  Run strict = run_cli({"scan", "testdata/examples/fargate-service/plan.json", "--no-bundled-policies",
                    "--policies", "testdata/bad/policies", "--strict"});
  CHECK(strict.code == ecsguard::cli::kExitError);
  CHECK(strict.out.empty());
}

TEST_CASE("scan passes --param values to CloudFormation templates", "[policy][cli]") {
  std::string path = "/tmp/ecsguard-scan-param-test.yaml";
  {
    std::ofstream(path) << "Parameters:\n  Insights: {Type: String, Default: disabled}\n"
                           "Resources:\n  C:\n    Type: AWS::ECS::Cluster\n    Properties:\n"
                           "      ClusterSettings: [{Name: containerInsights, Value: !Ref Insights}]\n";
  }
  const std::vector<std::string> base = {"scan", path, "--no-bundled-policies", "--policies",
                                         "policies/cluster"};
  Run defaulted = run_cli(base);
  CHECK(defaulted.out.find("ecs-cluster-container-insights") != std::string::npos);
  std::vector<std::string> with = base;
  with.push_back("--param");
  with.push_back("Insights=enabled");
  Run overridden = run_cli(with);
  CHECK(overridden.out.find("ecs-cluster-container-insights") == std::string::npos);
  with.back() = "Insights";
  CHECK(run_cli(with).code == ecsguard::cli::kExitError);
}

TEST_CASE("CloudFormation Metadata suppressions apply in all three forms", "[policy][cli]") {
  Run r = run_cli({"scan", "testdata/cloudformation/suppressions/metadata.yaml",
                   "--no-bundled-policies", "--policies", "policies/ecr_repository", "--policies",
                   "policies/container", "--format", "json"});
  auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (auto at = r.out.find(needle); at != std::string::npos; at = r.out.find(needle, at + 1)) ++n;
    return n;
  };
  // ecsguard (ecr-kms-encryption), checkov CKV_AWS_51 (ecr-tag-immutability) and cfn_nag W79
  // (ecr-scan-on-push) suppress; the expired one does not and is reported.
  CHECK(count("\"status\":\"suppressed\"") == 3);
  CHECK(r.err.find("[suppression.expired]") != std::string::npos);
  Run audit = run_cli({"scan", "testdata/cloudformation/suppressions/metadata.yaml",
                       "--no-bundled-policies", "--policies", "policies/ecr_repository",
                       "--no-suppressions", "--format", "json"});
  CHECK(audit.out.find("\"status\":\"suppressed\"") == std::string::npos);
}

TEST_CASE("evaluation on two threads gives the same results in the same order", "[policy]") {
  // 1,200 task definitions of a few kinds: about 40,000 results, enough for a second thread.
  std::string plan = R"({"format_version":"1.2","terraform_version":"1.9.5",)"
                     R"("planned_values":{"root_module":{"resources":[)";
  for (int i = 0; i < 1200; ++i) {
    std::string name = "td" + std::to_string(i);
    std::string container = std::string(R"({\"name\":\"app\",\"image\":\"nginx:1.)") +
                            std::to_string(i % 7) + R"(\",\"privileged\":)" +
                            (i % 3 == 0 ? "true" : "false") +
                            (i % 4 == 0 ? R"(,\"readonlyRootFilesystem\":true)" : "") + "}";
    std::string defs = "[" + container + (i % 5 == 0 ? "," + container : "") + "]";
    if (i % 5 == 0) defs.replace(defs.rfind("app"), 3, "sidecar");
    plan += std::string(i ? "," : "") + R"({"address":"aws_ecs_task_definition.)" + name +
            R"(","mode":"managed","type":"aws_ecs_task_definition","name":")" + name +
            R"(","values":{"family":")" + name + R"(","network_mode":")" +
            (i % 2 ? "awsvpc" : "bridge") + R"(","container_definitions":")" + defs + "\"}}";
  }
  plan += "]}}}";
  Graph g = test::read_plan(plan);
  REQUIRE(g.info().diagnostics.empty());
  Diagnostics diags;
  PolicySet pack = load_policies(PolicySources{}, Limits{}, diags);
  REQUIRE(!pack.policies().empty());
  auto digest = [](const std::vector<Result>& results) {
    std::string d;
    for (const Result& r : results) {
      d += r.policy->id + "|" + r.address() + "|" + r.element() + "|" + to_string(r.status) +
           "|" + std::string(r.message()) + "|" + r.reason + "|" + std::to_string(r.at.line) +
           ":" + std::to_string(r.at.column) + "|" + r.at.pointer.str();
      for (const auto& e : r.evidence) d += "|" + e.path + "=" + e.observed + "/" + e.display;
      d += "\n";
    }
    return d;
  };
  EvalOptions one, two;
  two.threads = 2;
  std::vector<Result> a = evaluate(pack, g, one);
  std::vector<Result> b = evaluate(pack, g, two);
  REQUIRE(a.size() > 20000);
  REQUIRE(a.size() == b.size());
  CHECK(digest(a) == digest(b));

  // Without passes and skips, on one thread or two: the same results less those, counted.
  std::vector<Result> shown;
  Summary counted;
  for (const Result& r : a) {
    if (r.status == Status::kPass) {
      ++counted.pass;
    } else if (r.status == Status::kSkip) {
      ++counted.skip;
    } else {
      shown.push_back(r);
    }
  }
  REQUIRE(counted.pass > 1000);
  REQUIRE(shown.size() > 1000);
  for (unsigned threads : {1u, 2u}) {
    EvalOptions options;
    options.threads = threads;
    options.keep_passes = false;
    Summary not_kept;
    std::vector<Result> c = evaluate(pack, g, options, &not_kept);
    CHECK(digest(c) == digest(shown));
    CHECK(not_kept.pass == counted.pass);
    CHECK(not_kept.skip == counted.skip);
    CHECK(not_kept.fail + not_kept.unknown + not_kept.suppressed == 0);
  }
  EvalOptions without;
  without.keep_passes = false;
  CHECK_THROWS(evaluate(pack, g, without));  // somewhere to count them is required
}

TEST_CASE("results outlive the graph they were evaluated from", "[eval]") {
  // The positions results copy from a graph's values point at texts kept in the graph's arenas;
  // the results keep those alive (ASan checks that nothing reads them after they are gone).
  std::ifstream in("testdata/terraform/all_types/plan.json");
  std::stringstream text;
  text << in.rdbuf();
  REQUIRE(!text.str().empty());
  Diagnostics diags;
  PolicySet pack = load_policies(PolicySources{}, Limits{}, diags);
  std::vector<Result> results;
  std::string expected;
  auto pointers = [](const std::vector<Result>& rs) {
    std::string out;
    for (const Result& r : rs) {
      out += r.at.pointer.str() + "\n";
      for (const auto& e : r.evidence) out += "  " + e.pos.pointer.str() + "\n";
    }
    return out;
  };
  {
    Graph g = test::read_plan(text.str());
    results = evaluate(pack, g);
    expected = pointers(results);
  }
  CHECK(expected.find("/resource_changes/") != std::string::npos);
  CHECK(pointers(results) == expected);
  std::vector<Result> copies = results;
  results.clear();
  CHECK(pointers(copies) == expected);
}
