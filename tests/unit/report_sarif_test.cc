// SARIF checked from the inside, always (the official validator runs as its own ctest when npm
// can install it): the properties the spec and GitHub code scanning require, rule indexes,
// levels, relative URIs, and fingerprints that do not move when lines do.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/cli.h"
#include "test_files.h"

namespace fs = std::filesystem;
using namespace ecsguard;
using Json = nlohmann::json;

namespace {

Json sarif(std::vector<std::string> args, int* code = nullptr) {
  std::ostringstream out, err;
  args.insert(args.begin(), "scan");
  args.insert(args.end(), {"--format", "sarif"});
  int c = cli::run(args, out, err);
  if (code) *code = c;
  INFO(err.str());
  return Json::parse(out.str());
}

bool is_hex(const std::string& s) {
  return s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// fingerprint → (rule, start line) of every result.
std::map<std::string, std::pair<std::string, int>> fingerprints(const Json& log) {
  std::map<std::string, std::pair<std::string, int>> out;
  for (const auto& r : log["runs"][0]["results"]) {
    out[r["partialFingerprints"]["ecsguardFingerprint/v1"]] = {
        r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]};
  }
  return out;
}

}  // namespace

TEST_CASE("SARIF has what the spec and GitHub code scanning require", "[report][sarif]") {
  int code = 0;
  Json log = sarif({"testdata/examples", "--suppressions",
                    "testdata/golden/reports/suppressions.yaml", "--include-passed"},
                   &code);
  CHECK(code == cli::kExitFindings);
  CHECK(log["version"] == "2.1.0");
  CHECK(log["$schema"].is_string());
  REQUIRE(log["runs"].size() == 1);
  const Json& run = log["runs"][0];
  const Json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "ecsguard");
  CHECK(!driver["version"].get<std::string>().empty());
  CHECK(driver["informationUri"].get<std::string>().rfind("https://", 0) == 0);

  const Json& rules = driver["rules"];
  REQUIRE(rules.size() >= 10);  // every loaded policy, not only those with results
  std::set<std::string> rule_ids;
  for (const auto& rule : rules) {
    INFO(rule.dump());
    CHECK(rule_ids.insert(rule["id"].get<std::string>()).second);
    CHECK(!rule["name"].get<std::string>().empty());
    CHECK(!rule["shortDescription"]["text"].get<std::string>().empty());
    CHECK(!rule["fullDescription"]["text"].get<std::string>().empty());
    CHECK(!rule["help"]["markdown"].get<std::string>().empty());
    double score = std::stod(rule["properties"]["security-severity"].get<std::string>());
    CHECK(score >= 0.0);
    CHECK(score <= 10.0);
    const auto& tags = rule["properties"]["tags"];
    CHECK(std::find(tags.begin(), tags.end(), "security") != tags.end());
  }

  const Json& results = run["results"];
  REQUIRE(results.size() > 20);
  std::set<std::string> seen_fingerprints, levels;
  std::size_t suppressed = 0;
  for (const auto& r : results) {
    INFO(r.dump());
    std::size_t index = r["ruleIndex"];
    REQUIRE(index < rules.size());
    CHECK(rules[index]["id"] == r["ruleId"]);
    std::string level = r["level"];
    levels.insert(level);
    CHECK((level == "error" || level == "warning" || level == "note" || level == "none"));
    if (r.contains("kind")) CHECK(level == "none");  // SARIF §3.27.9: only "fail" has a level
    CHECK(!r["message"]["text"].get<std::string>().empty());
    const Json& loc = r["locations"][0];
    std::string uri = loc["physicalLocation"]["artifactLocation"]["uri"];
    CHECK(uri.rfind("testdata/examples/", 0) == 0);  // relative to the source root (here: .)
    CHECK(loc["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    CHECK(loc["physicalLocation"]["region"]["startLine"].get<int>() >= 1);
    CHECK(loc["physicalLocation"]["region"]["startColumn"].get<int>() >= 1);
    CHECK(!loc["logicalLocations"][0]["fullyQualifiedName"].get<std::string>().empty());
    std::string fp = r["partialFingerprints"]["ecsguardFingerprint/v1"];
    CHECK(fp.size() == 32);
    CHECK(is_hex(fp));
    CHECK(seen_fingerprints.insert(fp).second);
    if (r.contains("suppressions")) {
      ++suppressed;
      CHECK(r["suppressions"][0]["kind"] == "external");
      CHECK(!r["suppressions"][0]["justification"].get<std::string>().empty());
      CHECK(r["suppressions"][0]["location"]["physicalLocation"]["artifactLocation"]["uri"] ==
            "testdata/golden/reports/suppressions.yaml");
    }
  }
  CHECK(suppressed == 3);
  CHECK(levels == std::set<std::string>{"error", "warning", "note", "none"});
  // The expired suppression is a notification with its position.
  const Json& notes = run["invocations"][0]["toolExecutionNotifications"];
  REQUIRE(notes.size() == 1);
  CHECK(notes[0]["descriptor"]["id"] == "suppression.expired");
  CHECK(notes[0]["level"] == "warning");
  CHECK(notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 11);
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
}

TEST_CASE("SARIF fingerprints stay when lines move; locations follow the lines",
          "[report][sarif][baseline]") {
  test::TempDir dir;
  std::string plan = test::slurp("testdata/examples/fargate-service/plan.json");
  test::spit(dir.path / "plan.json", plan);
  Json before = sarif({(dir.path / "plan.json").string(), "--source-root", dir.path.string()});
  // The same infrastructure, five lines further down and re-indented at the top.
  test::spit(dir.path / "plan.json", "\n\n\n\n\n" + plan);
  Json after = sarif({(dir.path / "plan.json").string(), "--source-root", dir.path.string()});
  auto a = fingerprints(before), b = fingerprints(after);
  REQUIRE(a.size() >= 8);
  REQUIRE(a.size() == b.size());
  for (const auto& [fp, where] : a) {
    INFO(fp << " " << where.first);
    REQUIRE(b.count(fp));
    CHECK(b[fp].first == where.first);
    CHECK(b[fp].second == where.second + 5);
  }
  CHECK(before["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
              ["uri"] == "plan.json");
}

TEST_CASE("SARIF: input problems are notifications; outside the root URIs are absolute",
          "[report][sarif]") {
  int code = 0;
  Json log = sarif({"testdata/bad/terraform/not_json.json"}, &code);
  CHECK(code == cli::kExitError);
  const Json& inv = log["runs"][0]["invocations"][0];
  CHECK(inv["executionSuccessful"] == false);
  const Json& n = inv["toolExecutionNotifications"][0];
  CHECK(n["level"] == "error");
  CHECK(n["descriptor"]["id"] == "tf.plan.bad_json");
  CHECK(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "testdata/bad/terraform/not_json.json");

  Json outside = sarif({"testdata/examples/fargate-service/plan.json", "--source-root", "docs"});
  std::string uri = outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
                           ["artifactLocation"]["uri"];
  CHECK(uri.rfind("file:///", 0) == 0);
  CHECK(uri.find("/testdata/examples/fargate-service/plan.json") != std::string::npos);
}

TEST_CASE("SARIF written result by result is the document nlohmann writes whole",
          "[report][sarif]") {
  // The results are streamed into the frame of the rest of the document; the bytes must be what
  // dumping the whole document (indent 2) gives: parse it and dump it again. A policy whose
  // title and message hold the text the frame is cut at, quotes and a newline included.
  test::TempDir dir;
  test::spit(dir.path / "odd.yaml", R"(id: odd-results
title: 'Looks like "results": [] in a title'
severity: low
kind: container
check: {attribute: privileged, equals: true}
message: "{{address}}: \"results\": [] and a\nnewline, \t\x01\x7f\\ \u00e9 \u2603"
)");
  auto check = [](std::vector<std::string> args) {
    INFO(args[0]);
    std::ostringstream out, err;
    args.insert(args.begin(), "scan");
    args.insert(args.end(), {"--format", "sarif"});
    cli::run(args, out, err);
    INFO(err.str());
    nlohmann::ordered_json whole = nlohmann::ordered_json::parse(out.str());
    CHECK(whole.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n" ==
          out.str());
    return whole["runs"][0]["results"].size();
  };
  CHECK(check({"testdata/examples", "--policies", dir.path.string(), "--include-passed"}) > 50);
  CHECK(check({"testdata/examples/fargate-service/plan.json", "--no-bundled-policies",
               "--policies", dir.path.string()}) > 0);
  CHECK(check({"testdata/bad/terraform/wrong_types.json"}) == 0);
  CHECK(check({"testdata/bad/terraform", "--jobs", "2"}) > 0);
  // Inputs with invalid UTF-8 and control characters, a file name with a space and a '%',
  // suppressed results (from a file and from metadata), and a source root.
  CHECK(check({"testdata/bad", "--include-passed"}) > 50);
  test::spit(dir.path / "odd name %.json",
             test::slurp("testdata/examples/fargate-service/plan.json"));
  CHECK(check({(dir.path / "odd name %.json").string(), "--source-root", dir.path.string(),
               "--policies", dir.path.string()}) > 10);
  CHECK(check({"testdata/examples", "--suppressions", "testdata/golden/reports/suppressions.yaml",
               "--include-passed"}) > 50);
}
