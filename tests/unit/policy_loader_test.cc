#include <catch2/catch.hpp>

#include <filesystem>

#include "../fuzz/lean_policy_load.h"
#include "policy/loader.h"
#include "policy/tests_entry.h"
#include "test_files.h"

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

TEST_CASE("policies loaded without their tests are the same policies", "[policy]") {
  for (const char* dir : {"policies", "tests/conformance", "testdata/bad/policies"}) {
    INFO(dir);
    std::vector<policy::Policy> full, lean;
    Diagnostics full_diags, lean_diags;
    policy::load_directory(dir, Limits{}, full, full_diags);
    policy::load_directory(dir, Limits{}, lean, lean_diags, 1, /*with_tests=*/false);
    // What the lean load says, the full one says too; it may say more, about tests.
    for (const auto& d : lean_diags) {
      INFO(d.to_string());
      bool said = false;
      for (const auto& f : full_diags) said = said || f.to_string() == d.to_string();
      CHECK(said);
    }
    std::size_t tests = 0;
    for (const auto& a : full) {
      INFO(a.id);
      const Policy* b = nullptr;
      for (const auto& l : lean) b = l.id == a.id ? &l : b;
      REQUIRE(b != nullptr);
      CHECK(b->title == a.title);
      CHECK(b->description == a.description);
      CHECK(b->severity == a.severity);
      CHECK(b->kind == a.kind);
      CHECK(b->check.path == a.check.path);
      CHECK(b->check.children.size() == a.check.children.size());
      CHECK(b->message == a.message);
      CHECK(b->controls == a.controls);
      CHECK(b->params.size() == a.params.size());
      CHECK(b->pos.line == a.pos.line);
      CHECK(b->tests.empty());
      tests += a.tests.size();
    }
    if (std::string(dir) == "policies") {
      CHECK(tests > 80);
      CHECK(lean.size() == full.size());
      CHECK(lean_diags.empty());
    }
  }
}

TEST_CASE("a load without tests skips the tests entry and keeps every other line's place",
          "[policy]") {
  auto lean = [](const std::string& text, Policy& p) {
    Diagnostics diags;
    load_policy(text, "p.yaml", Limits{}, p, diags, /*with_tests=*/false);
    return diags;
  };
  // Invalid YAML and invalid test cases inside the entry: a full load refuses the file.
  const std::string broken_tests = R"(# a comment
tests:
  - name: "bad indentation, bad status"
    expect: {web: maybe}
   oops: 1
# a comment inside the entry
- name: a sequence entry at column 0
  expect: {web: fail}
)";
  {
    Diagnostics full;
    Policy p;
    CHECK_FALSE(load_policy(std::string(kValid) + broken_tests, "p.yaml", Limits{}, p, full));
    CHECK_FALSE(full.empty());
  }
  Policy p;
  CHECK(lean(std::string(kValid) + broken_tests, p).empty());
  CHECK(p.id == "p");
  CHECK(p.tests.empty());

  // Entries after `tests:` are read, at their own lines and columns: "-x" is a key, not an item.
  Diagnostics after = lean(std::string(kValid) + broken_tests + "-x: 1\n", p);
  REQUIRE(after.size() == 1);
  CHECK(after[0].code == "policy.unknown_key");
  CHECK(after[0].location.line == 15);
  CHECK(after[0].location.column == 1);
  Diagnostics status = lean(std::string(kValid) + broken_tests + "on_unknown: maybe\n", p);
  REQUIRE(status.size() == 1);
  CHECK(status[0].location.line == 15);
  CHECK(status[0].location.column == 13);

  // `tests:` elsewhere than at column 0 of a block mapping is no entry to skip; the key is
  // ignored all the same.
  CHECK(lean("description: |\n  tests:\n  more\n" + std::string(kValid), p).empty());
  CHECK(p.description == "tests:\nmore\n");
  CHECK(lean("{id: p, title: T, severity: high, kind: container,\ntests: [{name: x}],\n"
             "  check: {attribute: privileged, equals: false}, message: m}",
             p)
            .empty());
  CHECK(p.check.path == "privileged");
  CHECK(lean(std::string(kValid) + "tests: [{name: x}]\n", p).empty());
  // Windows line ends: the entry is found and ends the same way.
  std::string crlf = std::string(kValid) + broken_tests + "on_unknown: maybe\n";
  for (std::size_t at = crlf.find('\n'); at != std::string::npos; at = crlf.find('\n', at + 2)) {
    crlf.insert(at, "\r");
  }
  Diagnostics windows = lean(crlf, p);
  REQUIRE(windows.size() == 1);
  CHECK(windows[0].location.line == 15);
  CHECK(lean(std::string(kValid) + "tests:x: 1\n", p).size() == 1);  // a key "tests:x"
}

TEST_CASE("every bundled policy's tests entry is found, and each load without tests agrees",
          "[policy]") {
  std::size_t files = 0, entries = 0;
  for (const char* dir : {"policies", "tests/conformance", "testdata/bad/policies",
                          "testdata/policy-lean-load"}) {
    for (const auto& f : std::filesystem::recursive_directory_iterator(dir)) {
      if (f.path().extension() != ".yaml") continue;
      INFO(f.path().string());
      std::string text = test::slurp(f.path());
      CHECK(lean_load_difference(text).empty());
      ++files;
      bool has_tests = text.rfind("tests:", 0) == 0 || text.find("\ntests:") != std::string::npos;
      if (std::string(dir) == "policies" && has_tests) {
        CHECK(find_tests_entry(text).has_value());  // else a scan reads it whole, slower
        ++entries;
      }
    }
  }
  CHECK(files > 80);
  CHECK(entries > 35);
}

TEST_CASE("a tests entry is found only where its characters show where it ends", "[policy]") {
  auto found = [](const std::string& text) { return find_tests_entry(text).has_value(); };
  auto end_line = [](const std::string& text) {
    auto e = find_tests_entry(text);
    REQUIRE(e);
    return std::count(text.begin(), text.begin() + static_cast<long>(e->end), '\n');
  };
  // Block scalars whose lines hold quotes, brackets and column-0-looking text.
  CHECK(end_line("id: p\ntests:\n  - name: a\n    cloudformation: |\n      A: \"open\n"
                 "      B: [open\n\n      'x\n  - name: b\n    expect: {a: pass}\nmessage: m\n") ==
        10);
  CHECK(end_line("tests:\n- name: it's plain\n- name: a \"b\n- x\nid: p\n") == 4);
  CHECK(end_line("tests: [{name: \"a]}\\\"\", x: 'it''s]'}]  # ]\nid: p\n") == 1);
  CHECK(end_line("tests:\n  - name: a\n    more plain text \"with\" [brackets]\nid: p\n") == 3);
  CHECK(end_line("tests: !!seq\n  - {a: b,\n   c: d}\nid: p\n") == 3);
  CHECK(end_line("id: p\ntests:\n  - a\n") == 3);  // to the end of the text
  CHECK(end_line("tests:\n  - {a: !computed, b: [!unknown], c: !Ref x}\nid: p\n") == 2);
  // In doubt: not found, the file is read whole.
  CHECK_FALSE(found("tests: [\n]\n"));                         // a bracket closed at column 0
  CHECK_FALSE(found("tests: \"a\nid: b\"\n"));                 // a quote going on at column 0
  CHECK_FALSE(found("tests: [a,\n  b\n"));                     // open at the end of the text
  CHECK_FALSE(found("tests:\n  - &a {x: 1}\nm: *a\n"));        // an anchor
  CHECK_FALSE(found("tests:\n  - name: a\n      \"b\nid: p\n"));  // plain going on with a quote
  CHECK_FALSE(found("tests:\n  - x: |2\n      a\nid: p\n"));   // explicit indentation
  CHECK_FALSE(found("tests:\n  - x:\n     |\n      a\nid: p\n"));  // header on its own line
  CHECK_FALSE(found("tests:\n\t- a\nid: p\n"));                // a tab as indentation
  CHECK_FALSE(found("tests:\n  - ? a\n    : b\nid: p\n"));     // a complex key
  CHECK_FALSE(found("{id: p,\ntests: []}\n"));                 // a flow root
  CHECK_FALSE(found("tests:\n  - name: !t\"a\nid: p\n  \"\n"));  // a quote right after a tag
  CHECK_FALSE(found("tests:\n  - expect: !t{a: b,\nid: p}\n"));  // a bracket right after a tag
  CHECK_FALSE(found("tests:\n  - {a: b,#}\nid: p\n  }\n"));     // a comment after ','
  CHECK_FALSE(found("tests:\n  - a\n\r\r\nid: p\n"));          // a lone carriage return
  CHECK_FALSE(found("tests:\r"));                                // and at the end
  CHECK_FALSE(found(std::string("tests:\n  - a\0\nid: p\n", 20)));  // a NUL byte
  CHECK_FALSE(found("description: x\ntests:x\n"));             // a key "tests:x"
}

TEST_CASE("a load without tests agrees with a full load on the review's cases", "[policy]") {
  const std::string head =
      "id: p\ntitle: T\nseverity: high\nkind: container\n"
      "check: {attribute: privileged, equals: false}\n";
  const std::string test =
      "{name: &m second, terraform: {aws_ecs_task_definition.a: {family: a, "
      "container_definitions: [{name: app, image: x, privileged: true}]}}, "
      "expect: {\"aws_ecs_task_definition.a containers[app]\": fail}}";
  const std::vector<std::string> cases = {
           head + "message: m\ntests: [\n  " + test + "\n]\n",
           head + "message: m\ntests:\n[" + test + "]\n",
           head + "message: \"m1\ntests: m2\"\ndescription: D\n",
           head + "message: &m first\ntests: [" + test + "]\ndescription: *m\n",
           head + "tests: [" + test + "]\nmessage: *m\n",
           head + "message: m\nparams: {x: {default: 1},\ntests: {default: 2}}\n",
           "--- {id: p, title: T, severity: high, kind: container, check: {attribute: "
           "privileged, equals: false}, message: m,\ntests: [\n]}\n",
           "!!map {id: p, title: T, severity: high, kind: container, check: {attribute: "
           "privileged, equals: false}, message: m,\ntests: [\n]}\n",
  };
  for (const std::string& text : cases) {
    INFO(text);
    CHECK(lean_load_difference(text).empty());
  }
  // `tests:` first: the root's position (and so a missing field's) stays at 1:1.
  std::string first = "tests: []\n\nid: p\nseverity: high\nkind: container\n"
                      "check: {attribute: privileged, equals: false}\nmessage: m\n";
  CHECK(lean_load_difference(first).empty());
  Diagnostics diags;
  Policy p;
  CHECK_FALSE(load_policy(first, "p.yaml", Limits{}, p, diags, /*with_tests=*/false));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "policy.missing_field");
  CHECK(diags[0].location.line == 1);
  CHECK(diags[0].location.column == 1);
  // Two `tests:` keys: still a duplicate key.
  diags.clear();
  std::string twice = std::string(kValid) + "tests: []\ntests: []\n";
  CHECK(lean_load_difference(twice).empty());
  CHECK_FALSE(load_policy(twice, "p.yaml", Limits{}, p, diags, /*with_tests=*/false));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "policy.duplicate_key");
  CHECK(diags[0].location.line == 8);
}

TEST_CASE("a test's input is checked", "[policy]") {
  std::string text = std::string(kValid) + R"(tests:
  - name: bad address
    terraform:
      "not an address": {privileged: true}
    expect: {}
)";
  Diagnostics diags;
  Policy p;
  CHECK_FALSE(load_policy(text, "p.yaml", Limits{}, p, diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "policy.bad_test_input");
  CHECK(diags[0].message.find("'not an address' is not a Terraform resource address") !=
        std::string::npos);
}
