// Located YAML through yaml-cpp (read/yaml.h): scalar typing, short-form tags as long-form
// objects, positions, and the whole-document checks (duplicates, tags, keys, depth, aliases).
#include <catch2/catch.hpp>

#include "cloudformation/document.h"
#include "read/yaml.h"

using namespace ecsguard;

namespace {

struct Loaded {
  std::unique_ptr<YamlDocument> doc;
  std::vector<YamlProblem> problems;
};

Loaded load(const std::string& text, Limits limits = {}) {
  Loaded l;
  l.doc = YamlDocument::load(text, limits, Deadline{}, cloudformation::long_form_of_tag,
                             l.problems);
  return l;
}

JNode root(const std::string& text) {
  Loaded l = load(text);
  REQUIRE(l.doc != nullptr);
  JNode out;
  YamlProblem p;
  REQUIRE(l.doc->to_json(l.doc->root(), out, p));
  return out;
}

std::string type_of(const std::string& scalar) {
  JNode j;
  resolve_plain_scalar(scalar, j);
  return to_string(j.type);
}

}  // namespace

TEST_CASE("plain scalars are typed as YAML 1.1 does, without guessing numbers", "[cfn][yaml]") {
  struct Case {
    const char* text;
    const char* type;
  };
  for (const auto& c : std::vector<Case>{{"", "null"},
                                         {"~", "null"},
                                         {"null", "null"},
                                         {"true", "boolean"},
                                         {"False", "boolean"},
                                         {"yes", "boolean"},
                                         {"OFF", "boolean"},
                                         {"y", "string"},
                                         {"512", "number"},
                                         {"-3", "number"},
                                         {"0.5", "number"},
                                         {"1e3", "number"},
                                         {"0", "number"},
                                         {"012345678901", "string"},  // account ids keep their zero
                                         {"0x1F", "string"},
                                         {"0755", "string"},
                                         {"1.2.3", "string"},
                                         {"2012-10-17", "string"},
                                         {".inf", "string"},
                                         {"1_000", "string"},
                                         {"10.0.0.0/16", "string"}}) {
    INFO(c.text);
    CHECK(type_of(c.text) == c.type);
  }
  JNode n;
  resolve_plain_scalar("1.50", n);
  CHECK(n.text == "1.5");
}

TEST_CASE("short-form tags become long-form single-member objects", "[cfn][yaml]") {
  JNode j = root(
      "a: !Ref X\nb: !GetAtt R.Arn\nc: !Sub [\"${A}\", {A: 1}]\nd: !Condition C\n"
      "e: !If [C, !Ref \"AWS::NoValue\", 2]\nf: \"quoted 80\"\ng: !!str 80\n"
      "h: !!int \"80\"\ni: |\n  block\n");
  REQUIRE(j.is_object());
  CHECK(j.get("a")->keys == std::vector<std::string>{"Ref"});
  CHECK(j.get("a")->items[0].text == "X");
  CHECK(j.get("b")->keys[0] == "Fn::GetAtt");
  CHECK(j.get("b")->items[0].text == "R.Arn");
  CHECK(j.get("c")->keys[0] == "Fn::Sub");
  CHECK(j.get("c")->items[0].is_array());
  CHECK(j.get("c")->items[0].items[1].get("A")->is_number());
  CHECK(j.get("d")->keys[0] == "Condition");
  const JNode* e = j.get("e");
  CHECK(e->keys[0] == "Fn::If");
  CHECK(e->items[0].items[1].keys[0] == "Ref");
  CHECK(j.get("f")->is_string());
  CHECK(j.get("g")->is_string());
  CHECK(j.get("g")->text == "80");
  CHECK(j.get("h")->is_number());
  CHECK(j.get("i")->text == "block\n");
  for (const char* tag : {"!Ref", "!Sub", "!GetAtt", "!Join", "!Select", "!Split", "!If", "!Equals",
                          "!And", "!Or", "!Not", "!Condition", "!FindInMap", "!ImportValue",
                          "!Base64", "!Cidr", "!GetAZs", "!Transform"}) {
    INFO(tag);
    CHECK_FALSE(cloudformation::long_form_of_tag(tag).empty());
  }
  CHECK(cloudformation::long_form_of_tag("!Reff").empty());
}

TEST_CASE("YAML values carry 1-based line and column", "[cfn][yaml]") {
  JNode j = root("Resources:\n  A:\n    Type: X\n    Value: !Ref B\n    Empty:\n");
  const JNode* a = j.get("Resources")->get("A");
  CHECK(a->get("Type")->line == 3);
  CHECK(a->get("Type")->column == 11);
  CHECK(a->get("Value")->line == 4);
  CHECK(a->get("Value")->column == 12);
  CHECK(a->get("Empty")->is_null());
  CHECK(a->get("Empty")->line == 5);  // an empty value is placed at its key
}

TEST_CASE("the whole document is checked when loaded", "[cfn][yaml]") {
  SECTION("duplicate keys, also inside aliased mappings, reported once each") {
    Loaded l = load("a: &x {k: 1, k: 2}\nb: *x\nc: *x\nd: 1\nd: 2\n");
    CHECK(l.doc == nullptr);
    REQUIRE(l.problems.size() == 2);
    CHECK(l.problems[0].kind == YamlProblem::Kind::kDuplicateKey);
    CHECK(l.problems[0].line == 1);
    CHECK(l.problems[0].column == 14);
    CHECK(l.problems[1].line == 5);
    CHECK(l.problems[1].pointer == "/d");
  }
  SECTION("unknown tags") {
    Loaded l = load("a: !Reff x\nb: !!binary aGk=\nc: !Sub ok\n");
    REQUIRE(l.problems.size() == 2);
    CHECK(l.problems[0].kind == YamlProblem::Kind::kUnknownTag);
    CHECK(l.problems[0].message.find("'!Reff'") != std::string::npos);
    CHECK(l.problems[1].message.find("tag:yaml.org,2002:binary") != std::string::npos);
  }
  SECTION("keys that are not scalars") {
    Loaded l = load("? [a, b]\n: c\n");
    REQUIRE(l.problems.size() == 1);
    CHECK(l.problems[0].kind == YamlProblem::Kind::kBadKey);
  }
  SECTION("syntax errors with line and column") {
    Loaded l = load("a: [1, 2\nb: c\n");
    REQUIRE(l.problems.size() == 1);
    CHECK(l.problems[0].kind == YamlProblem::Kind::kSyntax);
    CHECK(l.problems[0].line == 2);
    CHECK(l.problems[0].message == "invalid YAML: end of sequence flow not found");
  }
  SECTION("nesting depth, ours and the parser's") {
    std::string deep = "a: " + std::string(40, '[') + std::string(40, ']');
    Limits shallow;
    shallow.depth = 32;
    Loaded l = load(deep, shallow);
    REQUIRE(l.problems.size() == 1);
    CHECK(l.problems[0].kind == YamlProblem::Kind::kLimit);
    CHECK(l.problems[0].limit == "depth");
    std::string deeper = "a: " + std::string(3000, '[') + std::string(3000, ']');
    Loaded m = load(deeper);
    REQUIRE(m.problems.size() == 1);
    CHECK(m.problems[0].limit == "depth");
  }
  SECTION("aliases count every time they are used") {
    std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    std::string prev = "a";
    for (char c : std::string("bcdefgh")) {
      laughs += std::string(1, c) + ": &" + c + " [";
      for (int i = 0; i < 10; ++i) laughs += (i ? ", *" : "*") + prev;
      laughs += "]\n";
      prev = std::string(1, c);
    }
    Loaded l = load(laughs);  // 10^8 node visits: stopped at the alias limit
    REQUIRE(l.problems.size() == 1);
    CHECK(l.problems[0].kind == YamlProblem::Kind::kLimit);
    CHECK(l.problems[0].limit == "alias_expansion");
    Limits no_alias_limit;
    no_alias_limit.alias_expansion = UINT64_MAX;
    no_alias_limit.nodes = 1000000;
    Loaded n = load(laughs, no_alias_limit);  // then the node count stops it
    REQUIRE(n.problems.size() == 1);
    CHECK(n.problems[0].limit == "nodes");
    Loaded small = load("a: &a [1, 2]\nb: *a\nc: *a\n");  // modest aliases are fine
    CHECK(small.doc != nullptr);
  }
}

TEST_CASE("mapping members are listed and converted one at a time", "[cfn][yaml]") {
  Loaded l = load("Resources:\n  A: {Type: X}\n  B: {Type: Y}\n");
  REQUIRE(l.doc != nullptr);
  auto top = l.doc->entries(l.doc->root());
  REQUIRE(top.size() == 1);
  auto resources = l.doc->entries(top[0].value);
  REQUIRE(resources.size() == 2);
  CHECK(resources[1].key == "B");
  CHECK(resources[1].line == 3);
  CHECK(resources[1].column == 3);
  JNode b;
  YamlProblem p;
  REQUIRE(l.doc->to_json(resources[1].value, b, p));
  CHECK(b.get("Type")->text == "Y");
}

TEST_CASE("the document is checked while the parser reads it", "[cfn][yaml]") {
  SECTION("an alias to a node that contains it is a depth problem that names the anchor") {
    Loaded l = load("a: &loop [1, *loop]\n");
    REQUIRE(l.problems.size() == 1);
    CHECK(l.problems[0].limit == "depth");
    CHECK(l.problems[0].message.find("*loop") != std::string::npos);
    CHECK(l.problems[0].line == 1);
    CHECK(l.problems[0].column == 14);
    CHECK(l.problems[0].pointer == "/a/1");
  }
  SECTION("nesting through an alias counts the aliased node's depth") {
    Limits three;
    three.depth = 3;
    CHECK(load("a: &a [[1]]\nb: *a\n", three).doc != nullptr);  // /b/0/0: depth 3
    Loaded l = load("a: &a [[1]]\nb: [*a]\n", three);            // /b/0/0/0: depth 4
    REQUIRE(l.problems.size() == 1);
    CHECK(l.problems[0].limit == "depth");
    CHECK(l.problems[0].line == 2);
  }
  SECTION("duplicate keys in a large mapping") {
    std::string big;
    for (int i = 0; i < 40; ++i) big += "k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
    CHECK(load(big).doc != nullptr);
    Loaded l = load(big + "k7: again\nk39: again\n");
    REQUIRE(l.problems.size() == 2);
    CHECK(l.problems[0].kind == YamlProblem::Kind::kDuplicateKey);
    CHECK(l.problems[0].line == 41);
    CHECK(l.problems[0].pointer == "/k7");
    CHECK(l.problems[1].line == 42);
  }
  SECTION("a syntax error later in the document is the one reported") {
    Loaded l = load("a: 1\na: 2\nb: [1, 2\nc: d\n");
    REQUIRE(l.problems.size() == 1);
    CHECK(l.problems[0].kind == YamlProblem::Kind::kSyntax);
    Limits tiny;
    tiny.nodes = 3;
    Loaded m = load("a: [1, 2, 3, 4, 5]\nb: [1, 2\nc: d\n", tiny);
    REQUIRE(m.problems.size() == 1);
    CHECK(m.problems[0].kind == YamlProblem::Kind::kSyntax);
  }
  SECTION("the time limit stops the parser itself") {
    std::string many;
    for (int i = 0; i < 20000; ++i) many += "- " + std::to_string(i) + "\n";
    Limits limits;
    limits.time_ms = 1;
    Deadline passed(1);
    while (!passed.passed()) {
    }
    std::vector<YamlProblem> problems;
    auto doc = YamlDocument::load(many, limits, passed, cloudformation::long_form_of_tag, problems);
    CHECK(doc == nullptr);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].limit == "time_ms");
  }
  SECTION("an empty document is a null root") {
    Loaded l = load("# nothing here\n");
    REQUIRE(l.doc != nullptr);
    CHECK(l.doc->kind(l.doc->root()) == YamlDocument::Kind::kNull);
  }
}

TEST_CASE("a key that is not a scalar is reported once, and is no one's duplicate", "[cfn][yaml]") {
  Loaded l = load("? [a]\n: 1\n\"\": 2\n");
  REQUIRE(l.problems.size() == 1);
  CHECK(l.problems[0].kind == YamlProblem::Kind::kBadKey);
}
