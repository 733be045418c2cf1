// The public C++ API, through its header only: loading, scanning files and buffers, reports,
// the graph, and one PolicySet shared by many threads (run under ThreadSanitizer by the tsan
// preset).
#include <ecsguard/scanner.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace {

int failures = 0;
#define EXPECT(cond)                                                                \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::cerr << __FILE__ << ":" << __LINE__ << ": expected " << #cond << "\n"; \
      ++failures;                                                                   \
    }                                                                               \
  } while (0)

const char* kPlan = "testdata/examples/fargate-service/plan.json";

}  // namespace

int main() {
  std::vector<ecsguard::Diagnostic> problems;
  ecsguard::PolicySet policies = ecsguard::PolicySet::load({}, &problems);
  EXPECT(problems.empty());
  EXPECT(policies.size() >= 30);

  ecsguard::PolicyOptions only_mine;
  only_mine.bundled = false;
  only_mine.texts.push_back(
      "id: mine\ntitle: No host networking\nseverity: low\nkind: task_definition\n"
      "check: {attribute: network_mode, not_equals: host}\nmessage: \"{{address}}\"\n");
  ecsguard::PolicySet mine = ecsguard::PolicySet::load(only_mine, &problems);
  EXPECT(mine.size() == 1 && mine.ids()[0] == "mine");

  ecsguard::ScanResult r = ecsguard::scan(policies, {ecsguard::Input::file(kPlan)});
  EXPECT(!r.has_errors());
  EXPECT(r.inputs.size() == 1 && r.inputs[0].format == "terraform-plan");
  EXPECT(r.count(ecsguard::Status::kFail) > 0);
  bool privileged = false;
  for (const auto& f : r.findings) {
    if (f.policy_id == "ecs-container-privileged" && f.status == ecsguard::Status::kFail) {
      privileged = true;
      EXPECT(f.kind == "task_definition");
      EXPECT(!f.evidence.empty());
    }
  }
  EXPECT(privileged);

  std::ostringstream sarif;
  EXPECT(ecsguard::write_report(sarif, r, "sarif"));
  EXPECT(sarif.str().find("\"version\":\"2.1.0\"") != std::string::npos ||
         sarif.str().find("\"version\": \"2.1.0\"") != std::string::npos);
  std::ostringstream nothing;
  EXPECT(!ecsguard::write_report(nothing, r, "yaml"));

  ecsguard::ScanOptions options;
  options.params["ecs-container-image-registry"]["allowed_registries"] = "[docker.io/]";
  options.params["no-such-policy"]["x"] = "1";
  ecsguard::ScanResult with_options = ecsguard::scan(policies, {ecsguard::Input::file(kPlan)}, options);
  EXPECT(with_options.has_errors());  // the unknown policy is reported, the scan still runs
  EXPECT(!with_options.findings.empty());

  ecsguard::ScanResult buffer = ecsguard::scan(
      mine, {ecsguard::Input::buffer("t.yaml",
                                     "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n"
                                     "    Properties: {NetworkMode: host}\n",
                                     "cloudformation")});
  EXPECT(buffer.count(ecsguard::Status::kFail) == 1);

  std::vector<ecsguard::Diagnostic> graph_problems;
  std::string graph = ecsguard::graph_json(ecsguard::Input::file(kPlan), &graph_problems);
  EXPECT(graph.find("\"nodes\":[") != std::string::npos);
  EXPECT(ecsguard::graph_json(ecsguard::Input::buffer("x.json", "{"), &graph_problems).empty());
  EXPECT(!graph_problems.empty() && graph_problems.back().code == "tf.plan.bad_json");

  // The review options: changes only, a suppressions file, audit mode.
  ecsguard::ScanOptions changes;
  changes.changes_only = true;
  for (const auto& f : ecsguard::scan(policies, {ecsguard::Input::file(
                                                    "testdata/terraform/replace_delete/plan.json")},
                                      changes)
                           .findings) {
    EXPECT(f.address != "aws_ecs_cluster.main");  // a no-op in that plan
  }
  std::string rules = "/tmp/ecsguard-api-test-suppressions.yaml";
  {
    std::ofstream(rules) << "suppressions:\n  - id: ecs-container-privileged\n"
                            "    resource: aws_ecs_task_definition.*\n"
                            "    reason: accepted for the test\n";
  }
  ecsguard::ScanOptions suppressed;
  suppressed.suppressions_file = rules;
  std::size_t n_suppressed =
      ecsguard::scan(policies, {ecsguard::Input::file(kPlan)}, suppressed)
          .count(ecsguard::Status::kSuppressed);
  EXPECT(n_suppressed >= 1);
  suppressed.ignore_suppressions = true;
  EXPECT(ecsguard::scan(policies, {ecsguard::Input::file(kPlan)}, suppressed)
             .count(ecsguard::Status::kSuppressed) == 0);

  // Limits: an input over one is an error diagnostic naming it; the others are still scanned.
  ecsguard::ScanOptions tight;
  EXPECT(ecsguard::set_limit(tight.limits, "depth", 3));
  EXPECT(!ecsguard::set_limit(tight.limits, "no_such_limit", 3));
  ecsguard::ScanResult limited = ecsguard::scan(
      policies, {ecsguard::Input::file(kPlan), ecsguard::Input::buffer("t.json", "[[[[[1]]]]]")},
      tight);
  EXPECT(limited.has_errors());
  EXPECT(limited.inputs.size() == 2 && !limited.inputs[1].diagnostics.empty() &&
         limited.inputs[1].diagnostics[0].code == "limit.depth");
  ecsguard::PolicyOptions small_files;
  small_files.bundled = false;
  small_files.texts = {std::string(200, '#') + "\n"};
  small_files.limits.policy_file_size = 100;
  std::vector<ecsguard::Diagnostic> too_big;
  ecsguard::PolicySet::load(small_files, &too_big);
  EXPECT(!too_big.empty() && too_big[0].code == "limit.policy_file_size");

  // One large input on two threads (over a megabyte, made of long descriptions so that the test
  // stays quick under ThreadSanitizer: its reading, graph building and evaluation are all split):
  // the same findings.
  std::string big = R"({"format_version":"1.2","terraform_version":"1.9.5",)"
                    R"("planned_values":{"root_module":{"resources":[)";
  const std::string padding(1200, 'x');
  for (int i = 0; i < 1200; ++i) {
    std::string name = "td" + std::to_string(i);
    big += std::string(i ? "," : "") + R"({"address":"aws_ecs_task_definition.)" + name +
           R"(","mode":"managed","type":"aws_ecs_task_definition","name":")" + name +
           R"(","values":{"description":")" + padding + R"(","family":")" + name +
           R"(","container_definitions":"[{\"name\":\"app\",\"image\":\"nginx\",)" +
           R"(\"privileged\":)" + (i % 3 ? "false" : "true") + "}]\"}}";
  }
  big += "]}}}";
  ecsguard::ScanOptions one_thread, two_threads;
  two_threads.threads = 2;
  auto serial = ecsguard::scan(policies, {ecsguard::Input::buffer("big.json", big)}, one_thread);
  auto parallel = ecsguard::scan(policies, {ecsguard::Input::buffer("big.json", big)}, two_threads);
  EXPECT(!serial.has_errors() && serial.findings.size() > 20000);
  EXPECT(serial.findings.size() == parallel.findings.size());
  bool same = true;
  for (std::size_t i = 0; i < serial.findings.size() && i < parallel.findings.size(); ++i) {
    const auto& a = serial.findings[i];
    const auto& b = parallel.findings[i];
    same = same && a.policy_id == b.policy_id && a.address == b.address &&
           a.element == b.element && a.status == b.status && a.message == b.message;
  }
  EXPECT(same);

  // One policy set, many threads, different inputs: identical, race-free results.
  std::size_t expected = r.findings.size();
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) {
        auto mine_result = ecsguard::scan(policies, {ecsguard::Input::file(kPlan)});
        if (mine_result.findings.size() != expected) ++mismatches;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT(mismatches == 0);

  if (failures == 0) std::cout << "c++ api: all checks passed\n";
  return failures == 0 ? 0 : 1;
}
