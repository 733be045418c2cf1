// Baselines: the file round-trips, malformed files are diagnosed, and a baseline written before
// the lines moved still hides exactly the old findings afterwards.
#include "review/baseline.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "review/fingerprint.h"
#include "test_files.h"

using namespace ecsguard;

namespace {

struct Run {
  int code;
  std::string out;
  std::string err;
};

Run scan(std::vector<std::string> args) {
  std::ostringstream out, err;
  args.insert(args.begin(), "scan");
  int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("fingerprints name the finding, not its position", "[baseline]") {
  policy::Policy p;
  p.id = "ecs-container-privileged";
  policy::Result a;
  a.policy = &p;
  policy::Subject subject;
  subject.file = "plans/app/plan.json";
  subject.address = "aws_ecs_task_definition.app";
  subject.element = "containers[web]";
  a.subject = std::make_shared<policy::Subject>(subject);
  a.at.line = 10;
  policy::Result b = a;
  b.at.line = 99;
  policy::Evidence e;
  e.path = "privileged";
  e.observed = "true";
  b.evidence.push_back(e);
  CHECK(review::fingerprint(a, "") == review::fingerprint(b, ""));
  CHECK(review::fingerprint(a, "") == review::fingerprint(a, "./"));
  // Relative to the source root: the same file named from elsewhere is the same finding.
  CHECK(review::fingerprint(a, "plans") == [&] {
    policy::Result c = a;
    policy::Subject moved = subject;
    moved.file = "app/plan.json";
    c.subject = std::make_shared<policy::Subject>(moved);
    return review::fingerprint(c, "");
  }());
  for (auto change :
       {&policy::Subject::address, &policy::Subject::element, &policy::Subject::file}) {
    policy::Result c = a;
    policy::Subject changed = subject;
    changed.*change = changed.*change + "x";
    c.subject = std::make_shared<policy::Subject>(changed);
    CHECK(review::fingerprint(c, "") != review::fingerprint(a, ""));
  }
  CHECK(review::fingerprint(a, "").size() == 32);
  // Results keep fingerprints as their 128 bits, spelt as they were.
  std::string hex = review::fingerprint(a, "");
  CHECK(policy::Fingerprint::from_hex(hex).hex() == hex);
  CHECK(policy::Fingerprint::from_hex("0123456789ABCDEFabcdef0000000000").hex() ==
        "0123456789abcdefabcdef0000000000");
  CHECK(policy::Fingerprint::from_hex(hex.substr(1)).empty());
  CHECK(policy::Fingerprint::from_hex(hex.substr(1) + "g").empty());
  CHECK(policy::Fingerprint().hex().empty());
  CHECK(policy::Fingerprint::from_hex(hex) != policy::Fingerprint());
}

TEST_CASE("fingerprints assigned on two threads are those of one", "[baseline]") {
  policy::Policy p;
  p.id = "ecs-service-public-ip";
  std::vector<policy::Result> one(50000);  // well over what is worth a second thread
  for (std::size_t i = 0; i < one.size(); ++i) {
    one[i].policy = &p;
    one[i].status = i % 3 == 0 ? policy::Status::kPass : policy::Status::kFail;
    one[i].subject = std::make_shared<policy::Subject>(
        policy::Subject{"aws_ecs_service.s" + std::to_string(i), "service", "aws_ecs_service",
                        i < 26000 ? "a/plan.json" : "b/plan.json", 1, "", "", nullptr});
  }
  std::vector<policy::Result> two = one;
  review::assign_fingerprints(one, "a", false);
  review::assign_fingerprints(two, "a", false, 2);
  for (std::size_t i = 0; i < one.size(); ++i) {
    INFO(i);
    CHECK(one[i].fingerprint.empty() == (i % 3 == 0));
    CHECK(two[i].fingerprint == one[i].fingerprint);
  }
}

TEST_CASE("the baseline file round-trips and rejects what it is not", "[baseline]") {
  policy::Policy p;
  p.id = "ecs-service-public-ip";
  std::vector<policy::Result> results(3);
  for (std::size_t i = 0; i < results.size(); ++i) {
    results[i].policy = &p;
    results[i].subject = std::make_shared<policy::Subject>(
        policy::Subject{"aws_ecs_service.s" + std::to_string(i), "service", "aws_ecs_service",
                        "plan.json", 1, "", "", nullptr});
  }
  results[0].status = policy::Status::kFail;
  results[1].status = policy::Status::kUnknown;
  results[2].status = policy::Status::kPass;  // never baselined
  review::assign_fingerprints(results, "");
  std::string text = review::baseline_json(results, "");
  CHECK(text.rfind("{\"ecsguard_baseline\": 1, \"findings\": [\n{\"fingerprint\": \"", 0) == 0);
  CHECK(text.find("\"address\": \"aws_ecs_service.s2\"") == std::string::npos);
  review::Baseline baseline;
  Diagnostics diags;
  REQUIRE(review::parse_baseline(text, "b.json", baseline, diags));
  CHECK(baseline.fingerprints.size() == 2);
  CHECK(review::apply_baseline(results, baseline) == 2);
  REQUIRE(results.size() == 1);
  CHECK(results[0].address() == "aws_ecs_service.s2");

  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"{\"ecsguard_baseline\": 1, \"findings\": [", "b.json:1:39: error: invalid JSON: "},
      {"[]",
       "b.json:1:1: error: not an ecsguard baseline; expected {\"ecsguard_baseline\": 1, "
       "\"findings\": [{\"fingerprint\": ...}, ...]} as --write-baseline writes "
       "[baseline.bad_format]"},
      {"{\"ecsguard_baseline\": 2, \"findings\": []}",
       "b.json:1:23: error: unsupported baseline version 2; this ecsguard reads version 1 "
       "[baseline.bad_format]"},
      {"{\"ecsguard_baseline\": 1, \"findings\": [{\"policy\": \"x\"}]}",
       "b.json:1:39: error: a finding without a \"fingerprint\" string; expected "},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    review::Baseline b;
    Diagnostics d;
    CHECK_FALSE(review::parse_baseline(c.text, "b.json", b, d));
    REQUIRE(d.size() == 1);
    CHECK(d[0].to_string().rfind(c.expected, 0) == 0);
  }
}

TEST_CASE("a baseline survives moved lines; new findings still show", "[baseline][cli]") {
  test::TempDir dir;
  std::string plan = test::slurp("testdata/examples/fargate-service/plan.json");
  std::string plan_path = (dir.path / "plan.json").string();
  std::string baseline = (dir.path / "baseline.json").string();
  test::spit(plan_path, plan);
  Run first = scan({plan_path, "--write-baseline", baseline, "--format", "json"});
  CHECK(first.code == cli::kExitFindings);
  std::string written = test::slurp(baseline);
  CHECK(written.find("\"policy\": \"ecs-container-privileged\"") != std::string::npos);
  CHECK(written.find(dir.path.string()) != std::string::npos);  // outside the root: absolute

  // Same infrastructure, every line shifted: nothing new, everything baselined, exit 0.
  test::spit(plan_path, "\n\n\n" + plan);
  Run moved = scan({plan_path, "--baseline", baseline, "--format", "json"});
  CHECK(moved.code == cli::kExitOk);
  auto before = nlohmann::json::parse(first.out)["summary"];
  auto after = nlohmann::json::parse(moved.out);
  CHECK(after["summary"]["fail"] == 0);
  CHECK(after["summary"]["unknown"] == 0);
  CHECK(after["summary"]["baselined"] == before["fail"].get<int>() + before["unknown"].get<int>());
  CHECK(after["summary"]["pass"] == before["pass"]);
  CHECK(after["results"].empty());

  // A new privileged container is a new finding; the old ones stay baselined.
  std::string changed = plan;
  const std::string from = "\\\"name\\\":\\\"api\\\"", to = "\\\"name\\\":\\\"api2\\\"";
  std::size_t renamed = 0;
  for (auto at = changed.find(from); at != std::string::npos; at = changed.find(from, at)) {
    changed.replace(at, from.size(), to);
    ++renamed;
  }
  REQUIRE(renamed >= 1);
  test::spit(plan_path, changed);
  Run added = scan({plan_path, "--baseline", baseline, "--format", "json"});
  CHECK(added.code == cli::kExitFindings);
  CHECK(added.out.find("\"element\":\"containers[api2]\"") != std::string::npos);
  CHECK(added.out.find("\"element\":\"containers[api]\"") == std::string::npos);

  // An unreadable baseline stops the run.
  Run missing = scan({plan_path, "--baseline", (dir.path / "nope.json").string()});
  CHECK(missing.code == cli::kExitError);
  CHECK(missing.err.find("[baseline.unreadable]") != std::string::npos);
}
