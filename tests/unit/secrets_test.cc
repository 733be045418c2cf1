// No output format prints a secret: sensitive plan values, container environment values (always
// treated as secrets) and template parameter defaults, NoEcho or not. Every secret in the inputs
// contains "S3CR3T" or "hunter2"; the scan must still find the problems around them.
#include <catch2/catch.hpp>

#include <string>

#include "unit/cli_run.h"

namespace ecsguard {
namespace {

const char* kTemplate = "testdata/secrets/template.yaml";
const char* kPlan = "testdata/terraform/sensitive/plan.json";

void require_no_secret(const test::Run& r) {
  CHECK(r.out.find("S3CR3T") == std::string::npos);
  CHECK(r.out.find("hunter2") == std::string::npos);
  CHECK(r.err.find("S3CR3T") == std::string::npos);
  CHECK(r.err.find("hunter2") == std::string::npos);
}

}  // namespace

TEST_CASE("no report format prints a secret", "[secrets]") {
  for (const char* format : {"text", "json", "sarif", "junit", "markdown", "github", "rdjsonl"}) {
    INFO(format);
    test::Run r = test::run({"scan", kTemplate, kPlan, "--include-passed", "--format", format});
    CHECK(r.code == 1);  // the inputs do have failing checks
    CHECK(r.out.find("ecs-container-env-secrets") != std::string::npos);
    require_no_secret(r);
  }
}

TEST_CASE("no graph format prints a secret", "[secrets]") {
  for (const char* format : {"text", "json", "dot", "mermaid"}) {
    INFO(format);
    test::Run r = test::run({"graph", kTemplate, kPlan, "--format", format});
    CHECK(r.code == 0);
    CHECK(r.out.find("task_definition") != std::string::npos);
    require_no_secret(r);
  }
}

TEST_CASE("a baseline written from secret-holding inputs holds no secret", "[secrets]") {
  test::Run r = test::run({"scan", kTemplate, kPlan, "--write-baseline", "/dev/stdout",
                           "--format", "json"});
  require_no_secret(r);
}

}  // namespace ecsguard
