// The conformance corpus's recorded expectations (testdata/conformance/MANIFEST.json: what
// Checkov, KICS, cfn_nag and the Control Tower examples say about each fixture) hold for every
// bundled policy that implements the same control — or the difference is one of the
// deliberate divergences listed in docs/divergences.md.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "inputs/inputs.h"
#include "policy/evaluator.h"
#include "scan/scan.h"

using namespace ecsguard;

namespace {

// Rows of the table under "## Conformance corpus" in docs/divergences.md:
// | file | policy | resource | peer | ecsguard | why |
struct Divergence {
  std::string file, policy, resource, expected, actual;
};

std::vector<Divergence> documented_divergences() {
  std::ifstream in("docs/divergences.md");
  std::vector<Divergence> out;
  std::string line;
  bool table = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) table = line.find("Conformance corpus") != std::string::npos;
    if (!table || line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line.substr(1));
    std::string cell;
    while (std::getline(ss, cell, '|')) {
      auto b = cell.find_first_not_of(" `");
      auto e = cell.find_last_not_of(" `");
      cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    }
    if (cells.size() >= 6) out.push_back({cells[0], cells[1], cells[2], cells[3], cells[4]});
  }
  return out;
}

// The policies that implement a peer check: "CKV_AWS_65", "CT.ECS.PR.1 / FSBP ECS.10",
// "dd-iac:<kics uuid>", "cfn_nag:W79".
std::vector<const policy::Policy*> policies_for(const policy::PolicySet& set,
                                                const std::string& check) {
  std::set<std::string> tokens;
  std::stringstream ss(check);
  std::string t;
  while (ss >> t) {
    auto colon = t.find(':');
    if (colon != std::string::npos && t.rfind("arn", 0) != 0) t = t.substr(colon + 1);
    tokens.insert(t);
  }
  std::vector<const policy::Policy*> out;
  for (const auto& p : set.policies()) {
    for (const auto& [catalogue, ids] : p.controls) {
      for (const auto& id : ids) {
        if (tokens.count(id)) {
          out.push_back(&p);
          goto next;
        }
      }
    }
  next:;
  }
  return out;
}

// A resource's outcome for a policy over all its elements: fail beats unknown beats pass.
std::string outcome(const std::vector<policy::Result>& results, const std::string& policy,
                    const std::string& address) {
  std::string out = "none";
  for (const auto& r : results) {
    if (r.policy->id != policy || r.address() != address) continue;
    std::string s = to_string(r.status);
    if (s == "skip") s = "pass";  // not applicable: the peer reports it as passing
    if (out == "none" || s == "fail" || (s == "unknown" && out == "pass")) out = s;
  }
  return out;
}

}  // namespace

TEST_CASE("peer expectations in the conformance manifest hold or are documented divergences",
          "[conformance]") {
  std::ifstream in("testdata/conformance/MANIFEST.json");
  REQUIRE(in);
  nlohmann::json manifest = nlohmann::json::parse(in);
  Diagnostics diags;
  policy::PolicySet set = load_policies(PolicySources{}, Limits{}, diags);
  REQUIRE_FALSE(has_errors(diags));
  std::vector<Divergence> documented = documented_divergences();
  std::set<std::size_t> used;
  std::size_t checked = 0;

  for (const auto& entry : manifest) {
    std::string format = entry.value("format", "");
    if (format != "cfn-yaml" && format != "cfn-json" && format != "tf-plan-json") continue;
    std::string file = "testdata/conformance/" + entry["file"].get<std::string>();
    Graph g;
    if (!read_input(InputFile{file, true}, InputOptions{}, g)) continue;
    std::vector<policy::Result> results = policy::evaluate(set, g);
    for (const auto& exp : entry.value("expectations", nlohmann::json::array())) {
      std::string check = exp.value("check", "");
      for (const policy::Policy* p : policies_for(set, check)) {
        std::vector<std::pair<std::string, std::string>> expected;
        for (const auto& id : exp.value("passing", nlohmann::json::array())) {
          expected.emplace_back(id.get<std::string>(), "pass");
        }
        for (const auto& id : exp.value("failing", nlohmann::json::array())) {
          expected.emplace_back(id.get<std::string>(), "fail");
        }
        // "negative test file": the peer reports nothing, so no resource may fail.
        bool negative = expected.empty() &&
                        exp.value("assertion", "").find("must report no result") != std::string::npos;
        if (negative) {
          for (const auto& r : results) {
            if (r.policy == p) expected.emplace_back(r.address(), "pass");
          }
        }
        for (const auto& [address, want] : expected) {
          std::string got = outcome(results, p->id, address);
          ++checked;
          if (got == want) continue;
          bool listed = false;
          for (std::size_t i = 0; i < documented.size(); ++i) {
            const auto& d = documented[i];
            if (d.file == entry["file"].get<std::string>() && d.policy == p->id &&
                d.resource == address && d.expected == want && d.actual == got) {
              listed = true;
              used.insert(i);
            }
          }
          INFO(entry["file"].get<std::string>() << ": " << check << " → " << p->id << " on "
                                                << address << ": peer " << want << ", ecsguard "
                                                << got);
          CHECK(listed);
        }
      }
    }
  }
  INFO("expectations checked: " << checked);
  CHECK(checked >= 100);
  WARN("expectations checked: " << checked);
  for (std::size_t i = 0; i < documented.size(); ++i) {
    INFO("docs/divergences.md lists a difference that no longer exists: " << documented[i].file
         << " " << documented[i].policy << " " << documented[i].resource);
    CHECK(used.count(i) == 1);
  }
}
