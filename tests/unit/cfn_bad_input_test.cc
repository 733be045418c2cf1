// Bad CloudFormation input: every file under testdata/bad/cloudformation/ gives its stable
// diagnostic codes (README.md there lists them), with locations, and never crashes or hangs.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/cli.h"
#include "inputs/inputs.h"

using namespace ecsguard;

namespace {

struct Expected {
  const char* file;
  std::vector<std::string> codes;  // in the order reported
  bool readable;                   // nodes are modelled despite the diagnostics
};

const std::vector<Expected>& expectations() {
  static const std::vector<Expected> kExpected = {
      {"syntax.yaml", {"cfn.yaml.syntax"}, false},
      {"nul_bytes.yaml", {"cfn.yaml.syntax"}, false},
      {"duplicate_key.yaml", {"cfn.yaml.duplicate_key"}, false},
      {"duplicate_key.json", {"cfn.json.duplicate_key"}, false},
      {"unknown_tag.yaml", {"cfn.yaml.unknown_tag"}, false},
      {"bad_key.yaml", {"cfn.yaml.bad_key"}, false},
      {"json_syntax.json", {"cfn.json.syntax"}, false},
      {"alias_bomb.yaml", {"limit.alias_expansion"}, false},
      {"deep_nesting.yaml", {"limit.depth"}, false},
      {"deep_nesting_parser.yaml", {"limit.depth"}, false},
      {"deep_nesting.json", {"limit.depth"}, false},
      {"not_a_template.yaml", {"cfn.template.not_a_template"}, false},
      {"not_a_template.json", {"cfn.template.not_a_template"}, false},
      {"no_resources.yaml", {"cfn.template.not_a_template"}, false},
      {"bad_section.yaml", {"cfn.template.bad_section", "cfn.template.bad_section"}, true},
      {"bad_resource.yaml",
       {"cfn.resource.bad_definition", "cfn.resource.bad_definition",
        "cfn.resource.bad_definition"},
       true},
      {"intrinsic_arguments.yaml", std::vector<std::string>(9, "cfn.intrinsic.bad_arguments"),
       true},
      {"unknown_function.json", {"cfn.intrinsic.unknown_function"}, true},
      {"undefined_reference.yaml",
       {"cfn.ref.undefined", "cfn.ref.undefined", "cfn.ref.undefined"},
       true},
      {"circular_references.yaml", {"cfn.ref.circular", "cfn.ref.circular"}, true},
      {"circular_conditions.yaml", {"cfn.condition.circular"}, true},
      {"undefined_condition.yaml", {"cfn.condition.undefined", "cfn.condition.undefined"}, true},
      {"missing_mapping_key.yaml", {"cfn.mapping.missing_key", "cfn.mapping.missing_key"}, true},
      {"bad_policy_json.yaml", {"cfn.policy.bad_json", "cfn.policy.bad_json"}, true},
      {"bad_container_definitions.yaml", {"cfn.property.bad_type", "cfn.property.bad_type"}, true},
      {"foreach.yaml", {"cfn.intrinsic.unsupported"}, true},
      {"transform.yaml", {"cfn.template.transform"}, true},
      {"fold_target_missing.yaml", {"cfn.fold.target_missing", "cfn.fold.target_missing"}, true},
  };
  return kExpected;
}

}  // namespace

TEST_CASE("every bad CloudFormation input gives its codes, with locations", "[cfn][bad]") {
  for (const auto& e : expectations()) {
    std::string path = std::string("testdata/bad/cloudformation/") + e.file;
    INFO(path);
    auto start = std::chrono::steady_clock::now();
    Graph g;
    REQUIRE(read_input(InputFile(path, true), InputOptions{}, g));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    std::vector<std::string> codes;
    for (const auto& d : g.info().diagnostics) {
      INFO(d.to_string());
      codes.push_back(d.code);
      CHECK(d.location.file == path);
      if (d.code != "cfn.template.transform") CHECK(d.location.line > 0);
      CHECK(d.message.find('\0') == std::string::npos);
    }
    CHECK(codes == e.codes);
    // Errors for what could not be read (the section or resource, or the whole file).
    bool errors = !e.readable || std::string(e.file).rfind("bad_s", 0) == 0 ||
                  std::string(e.file) == "bad_resource.yaml";
    CHECK(has_errors(g.info().diagnostics) == errors);
    if (!e.readable) CHECK(g.nodes().empty());
    // bad_resource.yaml's only ECS resource has unreadable Properties: it is not modelled.
    if (e.readable && std::string(e.file) != "fold_target_missing.yaml" &&
        std::string(e.file) != "no_resources.yaml" && std::string(e.file) != "bad_resource.yaml") {
      CHECK_FALSE(g.nodes().empty());
    }
  }
}

TEST_CASE("bad-input messages say what was found and what was expected", "[cfn][bad]") {
  auto message = [](const char* file) {
    Graph g;
    read_input(InputFile(std::string("testdata/bad/cloudformation/") + file, true), InputOptions{},
               g);
    return g.info().diagnostics.empty() ? std::string() : g.info().diagnostics[0].to_string();
  };
  CHECK(message("duplicate_key.yaml") ==
        "testdata/bad/cloudformation/duplicate_key.yaml:8:7: error: duplicate mapping key "
        "'ImageTagMutability'; each key may appear once in a mapping [cfn.yaml.duplicate_key]");
  CHECK(message("unknown_tag.yaml") ==
        "testdata/bad/cloudformation/unknown_tag.yaml:6:20: error: unknown tag '!Reff'; expected "
        "a CloudFormation short form such as !Ref, !Sub or !GetAtt [cfn.yaml.unknown_tag]");
  CHECK(message("syntax.yaml") ==
        "testdata/bad/cloudformation/syntax.yaml:7:7: error: invalid YAML: end of sequence flow "
        "not found [cfn.yaml.syntax]");
  CHECK(message("alias_bomb.yaml") ==
        "testdata/bad/cloudformation/alias_bomb.yaml:7:31: error: aliases expand to more than "
        "100000 nodes (limit alias_expansion = 100000; raise it with --limit "
        "alias_expansion=N) [limit.alias_expansion]");
  CHECK(message("circular_references.yaml") ==
        "testdata/bad/cloudformation/circular_references.yaml:3:3: warning: circular dependency "
        "between resources: Service → TaskDefinition → Service [cfn.ref.circular]");
  CHECK(message("circular_conditions.yaml") ==
        "testdata/bad/cloudformation/circular_conditions.yaml:3:3: warning: condition A depends "
        "on itself: A → B → C → A [cfn.condition.circular]");
  CHECK(message("intrinsic_arguments.yaml") ==
        "testdata/bad/cloudformation/intrinsic_arguments.yaml:6:15: warning: Fn::Join expects "
        "[delimiter, list of strings], found a string [cfn.intrinsic.bad_arguments]");
}

TEST_CASE("a malformed intrinsic gives an unknown value, never a guessed one", "[cfn][bad]") {
  Graph g;
  REQUIRE(read_input(InputFile("testdata/bad/cloudformation/intrinsic_arguments.yaml", true),
                     InputOptions{}, g));
  const Node* td = nullptr;
  for (const auto& n : g.nodes()) {
    if (n.kind == NodeKind::kTaskDefinition) td = &n;
  }
  REQUIRE(td != nullptr);
  for (const char* attr : {"family", "cpu", "memory", "network_mode", "pid_mode", "ipc_mode",
                           "task_role_arn", "execution_role_arn"}) {
    INFO(attr);
    const Value* v = td->attributes.find(attr);
    REQUIRE(v != nullptr);
    CHECK(v->is_unknown());
  }
}

TEST_CASE("a bad template does not stop the other inputs of the run", "[cfn][bad][cli]") {
  std::ostringstream out, err;
  int code =
      cli::run({"graph", "testdata/bad/cloudformation/duplicate_key.yaml",
                "testdata/conformance/cfn_nag/ecrregistry/registries_with_scanonpush_enabled.yaml",
                "testdata/bad/cloudformation/alias_bomb.yaml"},
               out, err);
  CHECK(code == cli::kExitError);
  CHECK(err.str().find("[cfn.yaml.duplicate_key]") != std::string::npos);
  CHECK(err.str().find("[limit.alias_expansion]") != std::string::npos);
  CHECK(out.str().find("node ecr_repository") != std::string::npos);
}
