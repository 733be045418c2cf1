// The limits of docs/security.md: each one, lowered, stops a small input (or policy) with the
// diagnostic "limit.NAME" that says how to raise it; `--limit` parses what users type.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <sstream>
#include <string>

#include "core/limits.h"
#include "inputs/inputs.h"
#include "policy/loader.h"
#include "read/input.h"

namespace ecsguard {
namespace {

const char* kTemplate = R"(AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  A: !Equals [!Ref AWS::Region, us-east-1]
  B: !And [!Condition A, !Not [!Condition A]]
Resources:
  Repo:
    Type: AWS::ECR::Repository
    Condition: B
    Properties:
      RepositoryName: !Join ["-", [!Sub "${AWS::StackName}", !Select [0, [x, y]]]]
      Tags: &t
        - {Key: a, Value: b}
  Repo2:
    Type: AWS::ECR::Repository
    Properties:
      Tags: *t
)";

// The codes of the diagnostics reading `text` gives with one limit set.
std::vector<Diagnostic> read_with(const std::string& text, const std::string& limit) {
  InputOptions options;
  std::string error;
  REQUIRE(set_limit(options.limits, limit, error));
  auto buffer = InputBuffer::from_string("t.yaml", text);
  Graph g = read_buffer(*buffer, "", options);
  return g.info().diagnostics;
}

void require_limit(const std::vector<Diagnostic>& diags, const std::string& name) {
  INFO(name);
  bool found = false;
  for (const auto& d : diags) {
    if (d.code != "limit." + name) continue;
    found = true;
    CHECK(d.severity == Severity::kError);
    CHECK(d.message.find("raise it with --limit " + name + "=N") != std::string::npos);
  }
  CHECK(found);
}

}  // namespace

TEST_CASE("--limit parses names, suffixes and refuses the rest", "[limits]") {
  Limits l;
  std::string error;
  CHECK(set_limit(l, "depth=12", error));
  CHECK(l.depth == 12);
  CHECK(set_limit(l, "string_length=2k", error));
  CHECK(l.string_length == 2048);
  CHECK(set_limit(l, "input_size=3G", error));
  CHECK(l.input_size == (uint64_t{3} << 30));
  CHECK(set_limit(l, "time_ms=0", error));
  CHECK(l.time_ms == 0);
  CHECK_FALSE(set_limit(l, "depht=3", error));
  CHECK(error.find("unknown limit 'depht'; the limits are input_size, depth,") == 0);
  CHECK_FALSE(set_limit(l, "depth=-1", error));
  CHECK_FALSE(set_limit(l, "depth=", error));
  CHECK_FALSE(set_limit(l, "depth", error));
  CHECK_FALSE(set_limit(l, "nodes=99999999999999999999", error));
  CHECK_FALSE(set_limit(l, "nodes=17179869184G", error));  // overflows with the suffix
  CHECK(l.depth == 12);  // failures change nothing
}

TEST_CASE("every limit is documented in docs/security.md and docs/errors.md", "[limits][docs]") {
  std::ifstream sec("docs/security.md"), err("docs/errors.md");
  REQUIRE(sec);
  REQUIRE(err);
  std::stringstream s, e;
  s << sec.rdbuf();
  e << err.rdbuf();
  for (const LimitInfo& l : limit_table()) {
    INFO(l.name);
    CHECK(s.str().find("| `" + std::string(l.name) + "` |") != std::string::npos);
    CHECK(e.str().find("## limit." + std::string(l.name) + "\n") != std::string::npos);
  }
}

TEST_CASE("each input limit, lowered, stops the input with its own code", "[limits]") {
  require_limit(read_with(kTemplate, "input_size=10"), "input_size");
  require_limit(read_with(kTemplate, "depth=2"), "depth");
  require_limit(read_with("{\"Resources\": [[[[1]]]]}", "depth=3"), "depth");
  require_limit(read_with(kTemplate, "nodes=5"), "nodes");
  require_limit(read_with("{\"Resources\": {\"a\": [1, 2, 3, 4, 5, 6]}}", "nodes=5"), "nodes");
  require_limit(read_with(kTemplate, "string_length=3"), "string_length");
  require_limit(read_with("{\"Resources\": {\"a\": \"abcdef\"}}", "string_length=3"),
                "string_length");
  require_limit(read_with(kTemplate, "alias_expansion=1"), "alias_expansion");
  require_limit(read_with(kTemplate, "intrinsic_steps=1"), "intrinsic_steps");
  require_limit(read_with(kTemplate, "intrinsic_depth=1"), "intrinsic_depth");
  require_limit(read_with(kTemplate, "condition_depth=1"), "condition_depth");
}

TEST_CASE("the defaults read the same input without complaint", "[limits]") {
  auto buffer = InputBuffer::from_string("t.yaml", kTemplate);
  Graph g = read_buffer(*buffer, "", InputOptions{});
  for (const auto& d : g.info().diagnostics) CHECK(d.code.rfind("limit.", 0) != 0);
  CHECK(g.nodes().size() == 2);  // Repo is conditional: its condition is unknown
}

TEST_CASE("a plan over a limit is reported, not shortened", "[limits]") {
  std::string plan =
      R"({"format_version": "1.2", "planned_values": {"root_module": {"resources": [
           {"address": "aws_ecr_repository.r", "mode": "managed", "type": "aws_ecr_repository",
            "name": "r", "values": {"name": "abcdefghijklmnop"}}]}}})";
  require_limit(read_with(plan, "string_length=8"), "string_length");
  require_limit(read_with(plan, "depth=3"), "depth");
  // time_ms: an unmodelled resource with a million values takes well over a millisecond.
  std::string slow = R"({"format_version": "1.2", "planned_values": {"root_module": {"resources": [
    {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
     "values": {"tags": [)";
  for (int i = 0; i < 1000000; ++i) slow += i ? ",1" : "1";
  slow += "]}}]}}}";
  std::vector<Diagnostic> diags = read_with(slow, "time_ms=1");
  require_limit(diags, "time_ms");

  // A stop raised by another thread (a scan whose policies turned out unusable) ends reading the
  // same way, whatever the time limit, for both readers.
  std::atomic<bool> stop{true};
  for (const auto& [name, text] : {std::pair<std::string, std::string>{"t.json", slow},
                                   std::pair<std::string, std::string>{"t.yaml", kTemplate}}) {
    InputOptions options;
    options.stop = &stop;
    auto buffer = InputBuffer::from_string(name, text);
    Graph g = read_buffer(*buffer, "", options);
    CHECK(g.nodes().empty());
    require_limit(g.info().diagnostics, "time_ms");
  }
}

TEST_CASE("each policy limit, lowered, refuses the policy with its own code", "[limits]") {
  std::ifstream in("policies/cluster/ecs-cluster-container-insights.yaml");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  auto load = [&](const std::string& policy_text, const std::string& limit) {
    Limits limits;
    std::string error;
    REQUIRE(set_limit(limits, limit, error));
    Diagnostics diags;
    policy::Policy p;
    CHECK_FALSE(policy::load_policy(policy_text, "p.yaml", limits, p, diags));
    return diags;
  };
  require_limit(load(text, "policy_file_size=100"), "policy_file_size");
  std::string regex = text;
  regex.replace(regex.find("in: [enabled, enhanced]"), 23, R"(matches: "[a-z]{1,500}[0-9]{1,500}")");
  require_limit(load(regex, "regex_program_size=2000"), "regex_program_size");
  require_limit(load(regex, "regex_memory=10k"), "regex_memory");
}

}  // namespace ecsguard
