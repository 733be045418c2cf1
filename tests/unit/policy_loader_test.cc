#include <catch2/catch.hpp>

#include "policy/loader.h"

using namespace ecsguard;
using namespace ecsguard::policy;

namespace {

const char* kValid = R"(id: p
title: T
severity: high
kind: container
check: {attribute: privileged, equals: false}
message: "{{address}}"
)";

Diagnostics load(const std::string& text) {
  Diagnostics diags;
  Policy p;
  bool ok = load_policy(text, "p.yaml", Limits{}, p, diags);
  CHECK(ok == diags.empty());
  return diags;
}

}  // namespace

TEST_CASE("a valid policy loads", "[policy][loader]") {
  Diagnostics diags;
  Policy p;
  REQUIRE(load_policy(kValid, "p.yaml", Limits{}, p, diags));
  CHECK(p.id == "p");
  CHECK(p.kind == NodeKind::kContainer);
  CHECK(p.severity == policy::Severity::kHigh);
  CHECK(p.check.type == Condition::Type::kCompare);
  CHECK(p.check.path == "privileged");
}

TEST_CASE("invalid policies give a stable code at file:line:col", "[policy][loader]") {
  struct Case {
    std::string text;
    const char* code;
    uint32_t line;
    uint32_t column;
    const char* message;
  };
  std::string base = kValid;
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = base;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  auto c = GENERATE_COPY(values<Case>({
      {base + "colour: red\n", "policy.unknown_key", 7, 1, nullptr},
      {replace("severity: high", "severity: urgent"), "policy.bad_severity", 3, 11,
       "unknown severity 'urgent'; expected critical, high, medium, low or info"},
      {replace("kind: container", "kind: pod"), "policy.bad_kind", 4, 7, nullptr},
      {replace("privileged", "privilegd"), "policy.unknown_attribute", 5, 20,
       "'privilegd' is not an attribute of container (see docs/graph-attributes.md)"},
      {replace("check: {attribute: privileged, equals: false}",
               "check: {attribute: image, matches: '(unclosed'}"),
       "policy.regex_invalid", 5, 36, "invalid regular expression: missing ): (unclosed"},
      {replace("check: {attribute: privileged, equals: false}",
               "check: {all: {related: clusterr, where: {attribute: name, exists: true}}}"),
       "policy.unknown_step", 5, 24,
       "'clusterr' is not a graph step from container; expected one of: task_definition, "
       "image_repository"},
      {replace("check: {attribute: privileged, equals: false}",
               "check: {attribute: image, in: {param: registries}}"),
       "policy.unknown_param", 5, 39, "'registries' is not declared under params"},
      {replace("{{address}}", "{{adress}}"), "policy.bad_placeholder", 6, 10, nullptr},
      {replace("check: {attribute: privileged, equals: false}", "check: {attribute: [x"),
       "policy.yaml_syntax", 6, 8, nullptr},
      {replace("title: T", "title: T\ntitle: U"), "policy.duplicate_key", 3, 1,
       "duplicate key 'title' in a policy"},
      {replace("message: \"{{address}}\"\n", ""), "policy.missing_field", 1, 1,
       "missing required field 'message'"},
      {base + "on_unknown: fail\n", "policy.missing_field", 7, 13, nullptr},
      {replace("equals: false", "gte: lots"), "policy.wrong_type", 5, 37,
       "'gte' takes a number"},
      {replace("check: {attribute: privileged, equals: false}",
               "check: {attribute: privileged}"),
       "policy.wrong_type", 5, 8, nullptr},
  }));
  Diagnostics diags = load(c.text);
  REQUIRE_FALSE(diags.empty());
  INFO(diags[0].to_string());
  CHECK(diags[0].code == c.code);
  CHECK(diags[0].location.file == "p.yaml");
  CHECK(diags[0].location.line == c.line);
  CHECK(diags[0].location.column == c.column);
  if (c.message) CHECK(diags[0].message == c.message);
}

TEST_CASE("a pathological regex is refused at load time", "[policy][loader]") {
  Limits limits;
  limits.regex_program_size = 100;
  Diagnostics diags;
  Policy p;
  std::string text = kValid;
  text.replace(text.find("privileged, equals: false"), 25, "image, matches: '[a-z]{1,100}[0-9]{1,100}'");
  CHECK_FALSE(load_policy(text, "p.yaml", limits, p, diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "limit.regex_program_size");
}

TEST_CASE("duplicate ids across files keep the first", "[policy][loader]") {
  Diagnostics diags;
  std::vector<Policy> ps(2);
  REQUIRE(load_policy(kValid, "a.yaml", Limits{}, ps[0], diags));
  REQUIRE(load_policy(kValid, "b.yaml", Limits{}, ps[1], diags));
  PolicySet set = make_policy_set(std::move(ps), diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "policy.duplicate_id");
  CHECK(diags[0].location.file == "b.yaml");
  CHECK(set.policies().size() == 1);
  CHECK(set.policies()[0].file == "a.yaml");
}

TEST_CASE("a policy file over a structural limit is reported at the offending node", "[policy]") {
  std::string deep = "id: p\nmeta:\n  notes: " + std::string(300, '[') + std::string(300, ']') +
                     "\n";
  Diagnostics diags = load(deep);
  REQUIRE(!diags.empty());
  CHECK(diags[0].code == "limit.depth");
  CHECK(diags[0].location.line == 3);
  CHECK(diags[0].location.pointer.str().rfind("/meta/notes/0/0/0", 0) == 0);
}

TEST_CASE("a directory loaded on two threads gives what one thread gives", "[policy]") {
  for (const char* dir : {"policies", "testdata/bad/policies"}) {
    INFO(dir);
    Limits limits;
    limits.policy_file_size = 4096;  // over it: one of the diagnostics, in its place
    std::vector<policy::Policy> one, two;
    Diagnostics one_diags, two_diags;
    policy::load_directory(dir, limits, one, one_diags);
    policy::load_directory(dir, limits, two, two_diags, 2);
    REQUIRE(two.size() == one.size());
    for (std::size_t i = 0; i < one.size(); ++i) CHECK(two[i].id == one[i].id);
    REQUIRE(two_diags.size() == one_diags.size());
    for (std::size_t i = 0; i < one_diags.size(); ++i) {
      CHECK(two_diags[i].to_string() == one_diags[i].to_string());
    }
    CHECK(one_diags.size() + one.size() > 10);
  }
}

TEST_CASE("policies loaded without test texts are the same policies with the same checks",
          "[policy]") {
  for (const char* dir : {"policies", "tests/conformance", "testdata/bad/policies"}) {
    INFO(dir);
    std::vector<policy::Policy> full, lean;
    Diagnostics full_diags, lean_diags;
    policy::load_directory(dir, Limits{}, full, full_diags);
    policy::load_directory(dir, Limits{}, lean, lean_diags, 1, /*test_texts=*/false);
    REQUIRE(lean.size() == full.size());
    REQUIRE(lean_diags.size() == full_diags.size());
    for (std::size_t i = 0; i < full_diags.size(); ++i) {
      CHECK(lean_diags[i].to_string() == full_diags[i].to_string());
    }
    std::size_t tests = 0;
    for (std::size_t i = 0; i < full.size(); ++i) {
      CHECK(lean[i].id == full[i].id);
      REQUIRE(lean[i].tests.size() == full[i].tests.size());
      for (std::size_t t = 0; t < full[i].tests.size(); ++t) {
        const auto& a = full[i].tests[t];
        const auto& b = lean[i].tests[t];
        CHECK(b.name == a.name);
        CHECK(b.format == a.format);
        CHECK(b.file == a.file);
        CHECK(b.expect == a.expect);
        CHECK(b.source.empty());
        CHECK((b.input.empty() || b.input == a.input));  // only inputs given as text are kept
        ++tests;
      }
    }
    if (std::string(dir) == "policies") CHECK(tests > 80);
  }
}

TEST_CASE("a test's input is checked even when its text is not written out", "[policy]") {
  std::string text = std::string(kValid) + R"(tests:
  - name: bad address
    terraform:
      "not an address": {privileged: true}
    expect: {}
)";
  for (bool texts : {true, false}) {
    INFO(texts);
    Diagnostics diags;
    Policy p;
    CHECK_FALSE(load_policy(text, "p.yaml", Limits{}, p, diags, texts));
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].code == "policy.bad_test_input");
    CHECK(diags[0].message.find("'not an address' is not a Terraform resource address") !=
          std::string::npos);
  }
}
