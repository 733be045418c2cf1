// CDK cloud assemblies: `ecsguard graph cdk.out/` reads the manifest's stack templates and
// nested assemblies (not every JSON file in the directory), with construct paths and the
// stacks' environments. testdata/cdk/ecs-app/cdk.out holds three integration-test templates of
// aws-cdk (testdata/conformance/aws-cdk-integ), one of them in a nested stage assembly.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "graph/dump.h"
#include "inputs/inputs.h"

namespace fs = std::filesystem;
using namespace ecsguard;

namespace {

const char* kAssembly = "testdata/cdk/ecs-app/cdk.out";

std::vector<std::string> paths_of(const std::vector<InputFile>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.path);
  return out;
}

}  // namespace

TEST_CASE("a cloud assembly expands to its stack templates, nested assemblies included",
          "[cfn][cdk]") {
  const std::vector<std::string> expected = {
      "testdata/cdk/ecs-app/cdk.out/EcsExecStack.template.json",
      "testdata/cdk/ecs-app/cdk.out/RegistryStack.template.json",
      "testdata/cdk/ecs-app/cdk.out/assembly-Prod/ProdEndpointsStack.template.json"};
  for (const std::string& given :
       {std::string(kAssembly), std::string(kAssembly) + "/manifest.json",
        std::string("testdata/cdk")}) {
    INFO(given);
    Diagnostics diags;
    auto files = expand_paths({given}, diags);
    CHECK(diags.empty());
    CHECK(paths_of(files) == expected);
  }
  Diagnostics diags;
  auto files = expand_paths({kAssembly}, diags);
  REQUIRE(files.size() == 3);
  CHECK(files[0].stack == "EcsExecStack");
  CHECK(files[0].parameters.empty());  // unknown-account/unknown-region
  CHECK(files[0].construct_paths.at("FargateCluster7CCD5F93") ==
        "EcsExecStack/FargateCluster/Resource");
  CHECK(files[1].parameters.at("AWS::AccountId") == "123456789012");
  CHECK(files[1].parameters.at("AWS::Region") == "us-east-1");
  CHECK(files[2].stack == "ProdEndpointsStack");
  CHECK(files[2].parameters.at("AWS::Region") == "eu-west-1");
}

TEST_CASE("ecsguard graph cdk.out/ prints every stack's graph (golden)", "[cfn][cdk][golden]") {
  std::ostringstream out, err;
  int code = cli::run({"graph", kAssembly}, out, err);
  CHECK(code == cli::kExitOk);
  CHECK(err.str().empty());
  fs::path golden = "testdata/golden/graph/testdata/cdk/ecs-app/cdk.out.txt";
  if (std::getenv("UPDATE_GOLDEN") != nullptr) {
    fs::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << out.str();
    return;
  }
  std::ifstream in(golden, std::ios::binary);
  REQUIRE(in);
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK(out.str() == expected.str());
  // Construct paths from the manifest; the region the stage's environment fixes.
  CHECK(out.str().find("construct_path EcsExecStack/FargateService/Service") != std::string::npos);
  CHECK(out.str().find("\"com.amazonaws.eu-west-1.ecr.dkr\"") != std::string::npos);
}

TEST_CASE("a broken assembly reports each problem and reads what it can", "[cfn][cdk][bad]") {
  Diagnostics diags;
  auto files = expand_paths({"testdata/bad/cloudformation/cdk-broken-assembly"}, diags);
  REQUIRE(diags.size() == 2);
  CHECK(diags[0].to_string() ==
        "testdata/bad/cloudformation/cdk-broken-assembly/manifest.json:4:23: error: stack "
        "artifact \"NoTemplateFile\" has no properties.templateFile [cdk.manifest.invalid]");
  CHECK(diags[1].code == "cdk.manifest.invalid");
  REQUIRE(files.size() == 1);
  Graph g;
  REQUIRE(read_input(files[0], InputOptions{}, g));
  REQUIRE(g.info().diagnostics.size() == 1);
  CHECK(g.info().diagnostics[0].code == "input.unreadable");
}

TEST_CASE("a directory whose manifest.json is not an assembly is walked as usual", "[cfn][cdk]") {
  fs::path dir = fs::temp_directory_path() / "ecsguard-not-an-assembly";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "manifest.json") << R"({"name": "web app", "icons": []})";
  std::ofstream(dir / "template.yaml") << "Resources:\n  Repo: {Type: AWS::ECR::Repository}\n";
  Diagnostics diags;
  auto files = expand_paths({dir.string()}, diags);
  CHECK(diags.empty());
  REQUIRE(files.size() == 2);
  Graph manifest, tmpl;
  CHECK_FALSE(read_input(files[0], InputOptions{}, manifest));  // not IaC: skipped quietly
  CHECK(read_input(files[1], InputOptions{}, tmpl));
  CHECK(tmpl.nodes().size() == 1);
  fs::remove_all(dir);
}
