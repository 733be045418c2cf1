// Every complete policy shown in docs/policy-language.md loads and passes its own tests.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "policy/loader.h"
#include "scan/policy_tests.h"

using namespace ecsguard;

TEST_CASE("the policy language reference's examples work as written", "[docs]") {
  std::ifstream in("docs/policy-language.md");
  REQUIRE(in);
  std::vector<std::string> examples;
  std::string line, block;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line == "```yaml") {
      inside = true;
      block.clear();
    } else if (inside && line == "```") {
      inside = false;
      if (block.rfind("id:", 0) == 0) examples.push_back(block);
    } else if (inside) {
      block += line + "\n";
    }
  }
  REQUIRE(examples.size() >= 6);
  std::vector<policy::Policy> policies;
  for (const auto& text : examples) {
    Diagnostics diags;
    policy::Policy p;
    INFO(text);
    REQUIRE(policy::load_policy(text, "docs/policy-language.md", Limits{}, p, diags));
    CHECK_FALSE(p.tests.empty());
    policies.push_back(std::move(p));
  }
  Diagnostics diags;
  policy::PolicySet set = policy::make_policy_set(std::move(policies), diags);
  REQUIRE(diags.empty());
  for (const auto& outcome : run_policy_tests(set)) {
    INFO(outcome.policy->id << " / " << outcome.test->name);
    for (const auto& f : outcome.failures) INFO(f);
    CHECK(outcome.passed);
  }
}

TEST_CASE("docs/api.md shows the compiled examples verbatim", "[docs]") {
  std::ifstream in("docs/api.md");
  REQUIRE(in);
  std::stringstream doc;
  doc << in.rdbuf();
  for (const char* example : {"docs/examples/scan_plan.cc", "docs/examples/scan_buffer.c"}) {
    std::ifstream f(example);
    REQUIRE(f);
    std::stringstream code;
    code << f.rdbuf();
    INFO(example << " differs from the copy in docs/api.md");
    CHECK(doc.str().find(code.str()) != std::string::npos);
  }
}
