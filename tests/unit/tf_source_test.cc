// --tf-source: the HCL block lexer on tricky text, and plan findings mapped to the resource blocks
// of the hand-written trees under testdata/tf-source/ (modules, count, for_each, registry modules).
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "review/hcl_blocks.h"
#include "terraform/module_sources.h"

using namespace ecsguard;

namespace {

std::vector<std::string> headers(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& b : review::top_level_blocks(text)) {
    std::string h = b.type;
    for (const auto& l : b.labels) h += " " + l;
    out.push_back(h + " @" + std::to_string(b.line) + ":" + std::to_string(b.column));
  }
  return out;
}

struct Run {
  int code;
  std::string err;
};

// address → "file:line:col" of every result's location, from a JSON report.
std::map<std::string, std::string> locations(std::vector<std::string> args, Run* run = nullptr) {
  std::ostringstream out, err;
  args.insert(args.begin(), "scan");
  args.insert(args.end(), {"--format", "json", "--include-passed"});
  int code = cli::run(args, out, err);
  if (run) *run = {code, err.str()};
  std::map<std::string, std::string> where;
  auto report = nlohmann::json::parse(out.str());
  for (const auto& r : report["results"]) {
    const auto& l = r["location"];
    where[r["resource"]["address"]] = l["file"].get<std::string>() + ":" +
                                      std::to_string(l["line"].get<int>()) + ":" +
                                      std::to_string(l["column"].get<int>());
  }
  return where;
}

}  // namespace

TEST_CASE("HCL lexer: top-level blocks, not look-alikes in comments, strings or heredocs",
          "[tf_source]") {
  struct Case {
    const char* text;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"resource \"aws_ecs_service\" \"web\" {\n}\n", {"resource aws_ecs_service web @1:1"}},
      {"  resource aws_ecs_service web {}\nmodule \"m\" {}\n",
       {"resource aws_ecs_service web @1:3", "module m @2:1"}},
      {"# resource \"a\" \"b\" {\n// resource \"c\" \"d\" {\n/* resource \"e\" \"f\" {\n*/\n"
       "resource \"g\" \"h\" {}\n",
       {"resource g h @5:1"}},
      {"locals {\n  x = \"${jsonencode({a = \"}\"})} {\"\n}\nresource \"a\" \"b\" {}\n",
       {"locals @1:1", "resource a b @4:1"}},
      {"locals {\n  y = <<-EOT\n  {{{ \" \nresource \"x\" \"y\" {\n  EOT\n}\nresource \"a\" \"b\" "
       "{}\n",
       {"locals @1:1", "resource a b @7:1"}},
      {"locals {\n  z = \"$${not} %%{a template} \\\"{\"\n}\nresource \"a\" \"b\" {\n"
       "  nested \"block\" \"labels\" {}\n}\n",
       {"locals @1:1", "resource a b @4:1"}},
      // A header must end with `{` on the same line; `=` makes an attribute, not a block.
      {"resource \"a\" \"b\"\n{\n}\nx = resource {\n}\n", {}},
      // Unbalanced input gives an answer, not a crash.
      {"resource \"a\" \"b\" {\n  x = \"unterminated\n}\n}}}\nresource \"c\" \"d\" {",
       {"resource a b @1:1", "resource c d @5:1"}},
      {"<<EOF", {}},
      {"", {}},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(headers(c.text) == c.expected);
  }
  // Deep template nesting stays bounded.
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "\"${";
  CHECK_NOTHROW(review::top_level_blocks(deep));
}

TEST_CASE("module sources come from the plan's configuration", "[tf_source]") {
  std::map<std::string, std::string> sources;
  Diagnostics diags;
  REQUIRE(
      terraform::read_module_sources("testdata/terraform/modules_deep/plan.json", sources, diags));
  CHECK(sources ==
        std::map<std::string, std::string>{{"module.app", "./modules/app"},
                                           {"module.app.module.svc", "../svc"},
                                           {"module.app.module.svc.module.td", "../td"}});
  CHECK_FALSE(
      terraform::read_module_sources("testdata/bad/terraform/not_json.json", sources, diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "tf_source.bad_plan");
}

TEST_CASE("--tf-source maps for_each module instances to the module's blocks", "[tf_source]") {
  Run run{};
  auto where = locations(
      {"testdata/examples/modules/plan.json", "--tf-source", "testdata/tf-source/examples-modules"},
      &run);
  CHECK(run.code == cli::kExitFindings);
  CHECK(run.err.empty());
  const std::string m = "testdata/tf-source/examples-modules/";
  CHECK(where["aws_ecs_cluster.main"] == m + "main.tf:14:1");
  for (const char* key : {"orders", "payments"}) {
    std::string prefix = std::string("module.service[\"") + key + "\"].";
    INFO(prefix);
    CHECK(where[prefix + "aws_ecr_repository.this"] == m + "modules/ecs-service/ecr.tf:2:1");
    CHECK(where[prefix + "aws_ecs_task_definition.this"] == m + "modules/ecs-service/main.tf:7:1");
    // Not the commented-out block (line 2) nor the heredoc look-alike (line 28).
    CHECK(where[prefix + "aws_ecs_service.this"] == m + "modules/ecs-service/main.tf:33:1");
  }
  // Without --tf-source the findings stay on the plan.
  auto plain = locations({"testdata/examples/modules/plan.json"});
  CHECK(plain["aws_ecs_cluster.main"].rfind("testdata/examples/modules/plan.json:", 0) == 0);
}

TEST_CASE("--tf-source follows nested module sources relative to their caller", "[tf_source]") {
  auto where = locations({"testdata/terraform/modules_deep/plan.json", "--tf-source",
                          "testdata/tf-source/modules-deep"});
  const std::string m = "testdata/tf-source/modules-deep/";
  CHECK(where["aws_ecs_cluster.main"] == m + "main.tf:3:1");
  CHECK(where["aws_ecs_cluster.extra[1]"] == m + "main.tf:7:1");
  CHECK(where["aws_ecr_repository.repo[\"web\"]"] == m + "main.tf:12:1");
  CHECK(where["module.app[\"green\"].module.svc[1].aws_ecs_service.this"] ==
        m + "modules/svc/main.tf:11:1");
  CHECK(where["module.app[\"blue\"].module.svc[0].module.td.aws_ecs_task_definition.this"] ==
        m + "modules/td/main.tf:8:1");
}

TEST_CASE("--tf-source: registry modules and missing blocks keep the plan location",
          "[tf_source]") {
  Run run{};
  auto where = locations(
      {"testdata/tf-source/registry/plan.json", "--tf-source", "testdata/tf-source/registry"},
      &run);
  CHECK(where["aws_ecs_cluster.platform"] == "testdata/tf-source/registry/main.tf:1:1");
  CHECK(where["module.batch.aws_ecs_cluster.this[0]"].rfind(
            "testdata/tf-source/registry/plan.json:", 0) == 0);
  CHECK(run.err ==
        "testdata/tf-source/registry/plan.json: note: module.batch comes from "
        "\"terraform-aws-modules/ecs/aws//modules/cluster\", not a local directory (./ or ../); "
        "its findings keep their plan location [tf_source.module_not_local]\n");

  // The wrong tree: the block is not there, said once.
  auto wrong = locations(
      {"testdata/examples/fargate-service/plan.json", "--tf-source", "testdata/tf-source/registry"},
      &run);
  CHECK(wrong["aws_ecs_service.app"].rfind("testdata/examples/fargate-service/plan.json:", 0) == 0);
  CHECK(run.err.find("warning: no `resource \"aws_ecs_service\" \"app\"` block in the .tf files of "
                     "testdata/tf-source/registry (for aws_ecs_service.app); its findings keep "
                     "their plan location [tf_source.block_not_found]") != std::string::npos);

  // A resource whose results all pass is looked up too, whether passes are listed or not.
  for (bool listed : {false, true}) {
    std::ostringstream out, err;
    std::vector<std::string> args = {"scan", "testdata/examples/fargate-service/plan.json",
                                     "--tf-source", "testdata/tf-source/registry",
                                     "--disable", "ecs-service-public-ip", "--format", "json"};
    if (listed) args.push_back("--include-passed");
    cli::run(args, out, err);
    INFO(err.str());
    CHECK(err.str().find("(for aws_ecs_service.app)") != std::string::npos);
  }

  std::ostringstream out, err;
  CHECK(cli::run({"scan", "testdata/examples", "--tf-source", "no/such/dir"}, out, err) ==
        cli::kExitError);
  CHECK(err.str() == "ecsguard scan: --tf-source no/such/dir: not a directory\n");
}
