// `ecsguard scan` options for CI: --output, --jobs (same bytes whatever the parallelism),
// --changes-only, exit codes, and `policies --format markdown`.
#include <catch2/catch.hpp>
#include <sstream>

#include "cli/cli.h"
#include "cli_run.h"
#include "test_files.h"

using namespace ecsguard;

using test::Run;
using test::run;

TEST_CASE("--output writes several formats at once, stdout keeps --format", "[cli][report]") {
  test::TempDir dir;
  std::string sarif = (dir.path / "r.sarif").string(), md = (dir.path / "r.md").string();
  Run r = run({"scan", "testdata/examples", "--format", "json", "--output", "sarif=" + sarif, "-o",
               "markdown=" + md});
  CHECK(r.code == cli::kExitFindings);
  CHECK(r.out.rfind("{\"schema_version\":1", 0) == 0);
  CHECK(test::slurp(sarif).find("\"version\": \"2.1.0\"") != std::string::npos);
  CHECK(test::slurp(md).rfind("<!-- ecsguard report -->", 0) == 0);
  // The same report, whichever way it is written.
  Run direct = run({"scan", "testdata/examples", "--format", "sarif"});
  CHECK(direct.out == test::slurp(sarif));

  Run bad = run({"scan", "testdata/examples", "--output", "pdf=x.pdf"});
  CHECK(bad.code == cli::kExitError);
  CHECK(bad.err ==
        "ecsguard scan: --output takes FORMAT=PATH with FORMAT one of text, json, "
        "sarif, junit, markdown, github or rdjsonl, got 'pdf=x.pdf'\n");
  Run unwritable = run({"scan", "testdata/examples", "--output",
                        "junit=" + (dir.path / "missing" / "r.xml").string()});
  CHECK(unwritable.code == cli::kExitError);
  CHECK(unwritable.err.find("cannot write the file") != std::string::npos);
}

TEST_CASE("--jobs does not change a byte of the output", "[cli][scan]") {
  Run one = run(
      {"scan", "testdata/conformance", "testdata/terraform", "--format", "json", "--jobs", "1"});
  for (const char* jobs : {"2", "7"}) {
    Run many = run(
        {"scan", "testdata/conformance", "testdata/terraform", "--format", "json", "--jobs", jobs});
    CHECK(many.code == one.code);
    CHECK(many.out == one.out);
    CHECK(many.err == one.err);
  }
  CHECK(one.out.size() > 100000);
  Run bad = run({"scan", "testdata/examples", "--jobs", "0"});
  CHECK(bad.code == cli::kExitError);
  CHECK(bad.err ==
        "ecsguard scan: --jobs takes a number of parallel inputs from 1 to 9999, got "
        "'0'\n");
}

TEST_CASE("--changes-only keeps the resources a plan creates, updates or replaces", "[cli][scan]") {
  Run all = run({"scan", "testdata/terraform/replace_delete/plan.json", "--format", "json"});
  Run changes = run({"scan", "testdata/terraform/replace_delete/plan.json", "--format", "json",
                     "--changes-only"});
  // aws_ecs_cluster.main and aws_vpc_endpoint.ecr_api are no-op.
  CHECK(all.out.find("\"address\":\"aws_ecs_cluster.main\"") != std::string::npos);
  CHECK(changes.out.find("\"address\":\"aws_ecs_cluster.main\"") == std::string::npos);
  CHECK(changes.out.find("\"address\":\"aws_vpc_endpoint.ecr_api\"") == std::string::npos);
  CHECK(changes.out.find("\"address\":\"aws_ecs_service.web\"") != std::string::npos);
  CHECK(changes.out.find("\"address\":\"aws_ecs_task_definition.web\"") != std::string::npos);
  // A state has no planned actions: nothing is dropped.
  Run state = run({"scan", "testdata/terraform/state/plan.json", "--format", "json"});
  Run state_changes =
      run({"scan", "testdata/terraform/state/plan.json", "--format", "json", "--changes-only"});
  CHECK(state.out == state_changes.out);
}

TEST_CASE("exit codes: 0 clean, 1 findings, 2 errors — in every format", "[cli][report]") {
  for (const char* format : {"text", "json", "sarif", "junit", "markdown", "github", "rdjsonl"}) {
    INFO(format);
    CHECK(run({"scan", "testdata/examples", "--format", format}).code == cli::kExitFindings);
    CHECK(run({"scan", "testdata/examples", "--format", format, "--no-bundled-policies",
               "--policies", "testdata/golden/reports/policies", "--severity-threshold", "critical",
               "--disable", "ecs-container-env-aws-credentials"})
              .code == cli::kExitOk);
    Run bad = run({"scan", "testdata/bad/terraform/not_json.json", "--format", format});
    CHECK(bad.code == cli::kExitError);
    // The text report carries its diagnostics; the other formats repeat them on stderr.
    CHECK((std::string(format) == "text" ? bad.out : bad.err).find("[tf.plan.bad_json]") !=
          std::string::npos);
  }
  CHECK(run({"scan", "testdata/examples", "--format", "yaml"}).code == cli::kExitError);
}

TEST_CASE("policies --format markdown is a table", "[cli]") {
  Run r = run({"policies", "--format", "markdown"});
  CHECK(r.code == cli::kExitOk);
  CHECK(r.out.rfind("| id | severity | kind | title | controls |\n|---|---|---|---|---|\n", 0) ==
        0);
  CHECK(r.out.find("| `ecs-container-privileged` | high | container | ") != std::string::npos);
  CHECK(run({"policies", "--format", "html"}).err ==
        "ecsguard policies: unknown format 'html': expected text, json or markdown\n");
}
