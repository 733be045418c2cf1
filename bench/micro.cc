// Google Benchmark for the engine's hot paths (docs/performance.md). The inputs are built in
// memory, so the numbers do not depend on a generated file:
//   - reading a plan of N task definitions into a graph (the Terraform reader),
//   - evaluating the bundled pack over that graph (the issue's target: 100,000 task definitions
//     in under a second),
//   - parsing one container_definitions document, the most common materialised JSON.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "inputs/inputs.h"
#include "policy/evaluator.h"
#include "read/input.h"
#include "read/json.h"
#include "scan/scan.h"

namespace ecsguard {
namespace {

const char* kContainers =
    R"([{\"name\":\"api\",\"image\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2\",)"
    R"(\"essential\":true,\"privileged\":false,\"readonlyRootFilesystem\":true,\"user\":\"1000\",)"
    R"(\"environment\":[{\"name\":\"MODE\",\"value\":\"prod\"},{\"name\":\"DB_PASSWORD\",\"value\":\"x\"}],)"
    R"(\"secrets\":[{\"name\":\"TOKEN\",\"valueFrom\":\"arn:aws:ssm:us-east-1:123456789012:parameter/t\"}],)"
    R"(\"portMappings\":[{\"containerPort\":8080,\"protocol\":\"tcp\"}],)"
    R"(\"logConfiguration\":{\"logDriver\":\"awslogs\",\"options\":{\"awslogs-group\":\"/ecs/api\"}},)"
    R"(\"linuxParameters\":{\"capabilities\":{\"drop\":[\"ALL\"]}}}])";

// A plan (planned values only) of `n` task definitions, two of every five privileged.
std::string plan_of_task_definitions(int n) {
  std::string out = R"({"format_version":"1.2","terraform_version":"1.9.5",)"
                    R"("planned_values":{"root_module":{"resources":[)";
  std::string containers = kContainers;
  for (int i = 0; i < n; ++i) {
    std::string name = "td" + std::to_string(i);
    std::string defs = containers;
    if (i % 5 < 2) defs.replace(defs.find("\\\"privileged\\\":false"), 20, "\\\"privileged\\\":true ");
    if (i) out += ',';
    out += R"({"address":"aws_ecs_task_definition.)" + name +
           R"(","mode":"managed","type":"aws_ecs_task_definition","name":")" + name +
           R"(","values":{"family":")" + name + R"(","network_mode":"awsvpc","cpu":"256",)"
           R"("memory":"512","requires_compatibilities":["FARGATE"],"container_definitions":")" +
           defs + R"(","task_role_arn":"arn:aws:iam::123456789012:role/app"}})";
  }
  out += "]}}}";
  return out;
}

Graph read_plan(const std::string& text) {
  auto buffer = InputBuffer::from_string("plan.json", text);
  return read_buffer(*buffer, "terraform", InputOptions{});
}

const policy::PolicySet& bundled_pack() {
  static const policy::PolicySet set = [] {
    Diagnostics diags;
    return load_policies(PolicySources{}, Limits{}, diags);
  }();
  return set;
}

void BM_ReadPlan(benchmark::State& state) {
  std::string text = plan_of_task_definitions(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    Graph g = read_plan(text);
    benchmark::DoNotOptimize(g.nodes().size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ReadPlan)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// Arguments: task definitions, threads.
void BM_EvaluateBundledPack(benchmark::State& state) {
  Graph g = read_plan(plan_of_task_definitions(static_cast<int>(state.range(0))));
  const policy::PolicySet& pack = bundled_pack();
  policy::EvalOptions options;
  options.threads = static_cast<unsigned>(state.range(1));
  // 1: every result made (the API's default); 0: passes and skips only counted, as a scan whose
  // reports do not list them evaluates.
  options.keep_passes = state.range(2) != 0;
  std::size_t results = 0;
  double freeing = 0;
  for (auto _ : state) {
    policy::Summary not_kept;
    std::vector<policy::Result> r = policy::evaluate(pack, g, options, &not_kept);
    results = r.size();
    benchmark::DoNotOptimize(r.data());
    // Freeing the results is not evaluating: timed apart (the free_ms counter).
    state.PauseTiming();
    auto start = std::chrono::steady_clock::now();
    r = {};
    freeing += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                   .count();
    state.ResumeTiming();
  }
  state.counters["free_ms"] = freeing / static_cast<double>(state.iterations());
  state.counters["policies"] = static_cast<double>(pack.policies().size());
  state.counters["results"] = static_cast<double>(results);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EvaluateBundledPack)
    ->Args({10000, 1, 1})
    ->Args({100000, 1, 1})
    ->Args({100000, 2, 1})
    ->Args({100000, 1, 0})
    ->Args({100000, 2, 0})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

void BM_ParseContainerDefinitions(benchmark::State& state) {
  std::string doc = kContainers;
  std::string unescaped;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    if (doc[i] == '\\' && i + 1 < doc.size()) ++i;
    unescaped += doc[i];
  }
  for (auto _ : state) {
    JNode root;
    JsonError error;
    benchmark::DoNotOptimize(parse_json_text(unescaped, Limits{}, root, error));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(unescaped.size()));
}
BENCHMARK(BM_ParseContainerDefinitions);

}  // namespace
}  // namespace ecsguard

BENCHMARK_MAIN();
