#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "cli_run.h"

using namespace ecsguard;

using test::Run;
using test::run;

TEST_CASE("graph exits 0 on good input and prints every format", "[cli]") {
  const std::string plan = "testdata/conformance/opentofu-opa/ecs/13/pass.tfplan.json";
  for (const char* format : {"text", "json", "dot", "mermaid"}) {
    INFO(format);
    Run r = run({"graph", plan, "--format", format});
    CHECK(r.code == cli::kExitOk);
    CHECK(r.err.empty());
    CHECK(r.out.find("aws_ecs_task_set") != std::string::npos);
  }
  Run json = run({"graph", plan, "--format=json"});
  CHECK(json.out.find("\"edges\":[{\"from\":\"n") != std::string::npos);
  CHECK(json.out.find("\"relation\":\"cluster\"") != std::string::npos);
}

TEST_CASE("a bad input exits 2 and the other inputs are still read", "[cli]") {
  Run r = run({"graph", "testdata/conformance/opentofu-opa/ecs/2/pass.tfplan.json",
               "testdata/bad/terraform/not_json.json",
               "testdata/conformance/opentofu-opa/ecs/2/fail.tfplan.json"});
  CHECK(r.code == cli::kExitError);
  CHECK(r.err.find("testdata/bad/terraform/not_json.json:1:1: error: invalid JSON") !=
        std::string::npos);
  CHECK(r.out.find("module.pass.aws_ecs_cluster.valid") != std::string::npos);
  CHECK(r.out.find("module.fail.aws_ecs_cluster.invalid") != std::string::npos);
}

TEST_CASE("usage errors exit 2 with a message", "[cli]") {
  CHECK(run({}).code == cli::kExitError);
  Run r = run({"graph"});
  CHECK(r.code == cli::kExitError);
  CHECK(r.err.find("no input") != std::string::npos);
  r = run({"graph", "x.json", "--format", "yaml"});
  CHECK(r.code == cli::kExitError);
  CHECK(r.err.find("unknown format 'yaml'") != std::string::npos);
  r = run({"frobnicate"});
  CHECK(r.code == cli::kExitError);
  r = run({"graph", "does/not/exist.json"});
  CHECK(r.code == cli::kExitError);
  CHECK(r.err.find("does/not/exist.json: error: cannot read input: No such file or directory "
                   "[input.unreadable]") != std::string::npos);
  CHECK(run({"version"}).out.rfind("ecsguard ", 0) == 0);
}

TEST_CASE("docs/graph-attributes.md is what `ecsguard schema` prints", "[cli][docs]") {
  Run r = run({"schema"});
  REQUIRE(r.code == cli::kExitOk);
  std::ifstream in("docs/graph-attributes.md", std::ios::binary);
  std::stringstream doc;
  doc << in.rdbuf();
  CHECK(doc.str() == r.out);
}

TEST_CASE("docs/policies is what `ecsguard policy-docs` generates", "[cli][docs]") {
  namespace fs = std::filesystem;
  fs::path tmp = fs::temp_directory_path() / "ecsguard-policy-docs-test";
  fs::remove_all(tmp);
  Run r = run({"policy-docs", tmp.string()});
  REQUIRE(r.code == cli::kExitOk);
  std::size_t pages = 0;
  for (const auto& e : fs::directory_iterator(tmp)) {
    ++pages;
    fs::path committed = fs::path("docs/policies") / e.path().filename();
    INFO(committed.string() << " is stale: regenerate with `ecsguard policy-docs docs/policies`");
    std::ifstream a(e.path(), std::ios::binary), b(committed, std::ios::binary);
    std::stringstream sa, sb;
    sa << a.rdbuf();
    sb << b.rdbuf();
    CHECK(sa.str() == sb.str());
  }
  std::size_t committed = 0;
  for (const auto& e : fs::directory_iterator("docs/policies")) {
    (void)e;
    ++committed;
  }
  CHECK(pages == committed);
  fs::remove_all(tmp);
}
