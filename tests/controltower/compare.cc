// ecsguard versus the official AWS Control Tower proactive controls.
//
// For every CloudFormation template under the given paths (default: testdata/) and every bundled
// policy mapped to a Control Tower control (controls.control_tower: CT.ECS.PR.* / CT.ECR.PR.*),
// this runs the control's own guard rule with the cfn-guard binary shipped in the npm package
// @cdklabs/cdk-validator-cfnguard:
//
//   cfn-guard validate --rules ct-ecs-pr-N.guard --data TEMPLATE --output-format json
//                      --show-summary none
//
// reads which resources the rule reports as not compliant (by the /Resources/<LogicalId>/... paths
// in its JSON output), evaluates the policy with ecsguard on the same template, and compares the
// two per resource. ecsguard `skip` counts as a pass (the control does not apply); `unknown` never
// matches; a resource ecsguard does not model (e.g. under a false condition) is `none`.
//
// Every difference must be listed in the "## Control Tower" table of docs/divergences.md
// (| file | control | resource | cfn-guard | ecsguard | why |); the program fails on a difference
// that is not listed and on a listed one that no longer occurs. It also checks cfn-guard itself
// against the PASS/FAIL labels of the official examples recorded in
// testdata/conformance/MANIFEST.json, so a misread output or a changed rules package shows up.
//
// Run from the source tree (tests/controltower/run.sh installs the npm package and calls this).
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "inputs/inputs.h"
#include "policy/evaluator.h"
#include "policy/loader.h"

namespace fs = std::filesystem;
using namespace ecsguard;

namespace {

struct Control {
  std::string id;         // CT.ECS.PR.11
  std::string rule_file;  // .../ecs/ct-ecs-pr-11.guard
  std::string resource_type;  // AWS::ECS::TaskDefinition (the type the rule reports on)
  const policy::Policy* policy = nullptr;
};

struct Template {
  std::string path;  // repository-relative, as listed in docs/divergences.md
  Graph graph;
  std::vector<policy::Result> results;
};

struct GuardRun {
  bool ok = false;
  std::string error;
  std::set<std::string> failing;  // logical ids
  std::string status;             // PASS, FAIL, SKIP
};

struct Difference {
  std::string file, control, resource, guard, ecsguard;
  std::string detail;  // ecsguard's reason / evidence, to help write the "why"
  bool operator<(const Difference& o) const {
    return std::tie(file, control, resource) < std::tie(o.file, o.control, o.resource);
  }
};

struct Listed {
  std::string file, control, resource, guard, ecsguard;
  int line = 0;
  bool used = false;
};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Runs a command, returning its standard output and exit status (-1 when it did not exit).
int run(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  int status = ::pclose(pipe);
  if (status == -1 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

// Every string under a "path" key in cfn-guard's report that names a resource.
void collect_resources(const nlohmann::json& j, std::set<std::string>& out) {
  static const std::string prefix = "/Resources/";
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key == "path" && value.is_string()) {
        const std::string& s = value.get_ref<const std::string&>();
        if (s.rfind(prefix, 0) == 0) {
          std::string id = s.substr(prefix.size(), s.find_first_of("/[", prefix.size()) -
                                                       prefix.size());
          if (!id.empty()) out.insert(id);
        }
      } else {
        collect_resources(value, out);
      }
    }
  } else if (j.is_array()) {
    for (const auto& v : j) collect_resources(v, out);
  }
}

GuardRun run_guard(const std::string& guard, const Control& c, const std::string& file) {
  GuardRun r;
  std::string out;
  // Its messages go to a file of their own so that they cannot corrupt the JSON.
  std::string pattern = (fs::temp_directory_path() / "ecsguard-cfn-guard-XXXXXX").string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  char* errors = name.data();
  int fd = ::mkstemp(errors);
  if (fd < 0) {
    r.error = "cannot create a temporary file";
    return r;
  }
  ::close(fd);
  std::string command = shell_quote(guard) + " validate --rules " + shell_quote(c.rule_file) +
                        " --data " + shell_quote(file) +
                        " --output-format json --show-summary none 2>" + shell_quote(errors);
  int status = run(command, out);
  std::string messages;
  {
    std::ifstream in(errors, std::ios::binary);
    messages.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ::unlink(errors);
  // cfn-guard exits 0 when every rule passes or is skipped and 19 when one fails; anything else
  // (5, 255) means it could not read the rules or the data.
  if (status != 0 && status != 19) {
    std::string why = messages.empty() ? out : messages;
    std::replace(why.begin(), why.end(), '\n', ' ');
    r.error = "cfn-guard exited with " + std::to_string(status) + ": " + why.substr(0, 200);
    return r;
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(out);
  } catch (const std::exception& e) {
    r.error = std::string("cannot parse cfn-guard's JSON output: ") + e.what();
    return r;
  }
  r.status = j.value("status", "");
  if (j.contains("not_compliant")) collect_resources(j["not_compliant"], r.failing);
  if (r.status == "FAIL" && r.failing.empty()) {
    r.error = "cfn-guard reports FAIL without naming a resource";
    return r;
  }
  if (status == 19 && r.status != "FAIL") {
    r.error = "cfn-guard exited with 19 but reports " + r.status;
    return r;
  }
  r.ok = true;
  return r;
}

// A resource's outcome for a policy over all its elements (a task definition's containers):
// fail beats unknown beats pass; skip is a pass (the control does not apply).
std::string ecsguard_outcome(const std::vector<policy::Result>& results, const std::string& policy,
                             const std::string& address, std::string* detail) {
  std::string out = "none";
  for (const auto& r : results) {
    if (r.policy->id != policy || r.address() != address) continue;
    std::string s = to_string(r.status == policy::Status::kSuppressed ? r.suppressed_status
                                                                      : r.status);
    if (s == "skip") s = "pass";
    if (out == "none" || s == "fail" || (s == "unknown" && out == "pass")) out = s;
    if (detail != nullptr && (s == "fail" || s == "unknown")) {
      std::string d = (r.element().empty() ? "" : r.element() + ": ") + s;
      if (!r.reason.empty()) d += " (" + r.reason + ")";
      for (const auto& e : r.evidence) d += "; " + e.path + " = " + e.observed;
      *detail += (detail->empty() ? "" : " | ") + d;
    }
  }
  return out;
}

bool modelled(const Graph& g, const std::string& address) {
  for (const auto& n : g.nodes()) {
    if (n.address == address) return true;
  }
  return false;
}

std::string trim_cell(const std::string& cell) {
  auto b = cell.find_first_not_of(" `");
  auto e = cell.find_last_not_of(" `");
  return b == std::string::npos ? "" : cell.substr(b, e - b + 1);
}

// Rows of the table under "## Control Tower" in docs/divergences.md.
bool read_listed(const std::string& path, std::vector<Listed>& out, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  std::string line;
  bool section = false;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("## ", 0) == 0) {
      section = trim_cell(line.substr(3)) == "Control Tower";
      continue;
    }
    if (!section || line.rfind("|", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line.substr(1));
    std::string cell;
    while (std::getline(ss, cell, '|')) cells.push_back(trim_cell(cell));
    if (cells.size() < 6 || cells[0] == "file" || cells[0].rfind("---", 0) == 0) continue;
    if (cells[5].empty()) {
      error = path + ":" + std::to_string(number) + ": a Control Tower divergence needs a 'why'";
      return false;
    }
    out.push_back({cells[0], cells[1], cells[2], cells[3], cells[4], number, false});
  }
  return true;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// CT.ECS.PR.11 → <rules>/ecs/ct-ecs-pr-11.guard
std::string rule_file_for(const std::string& rules, const std::string& control) {
  std::string name = lower(control);
  std::replace(name.begin(), name.end(), '.', '-');
  std::string service = name.substr(3, 3);  // "ecs" or "ecr"
  return (fs::path(rules) / service / (name + ".guard")).string();
}

std::string control_for_rule_file(const fs::path& p) {
  // ct-ecs-pr-11.guard → CT.ECS.PR.11
  std::string stem = p.stem().string();
  std::string out;
  for (char c : stem) out += c == '-' ? '.' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string resource_type_of(const std::string& rule_file) {
  // let ECS_TASK_DEFINITION_TYPE = "AWS::ECS::TaskDefinition"
  std::ifstream in(rule_file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("let ", 0) != 0) continue;
    auto eq = line.find("_TYPE = \"AWS::");
    if (eq == std::string::npos) continue;
    auto begin = line.find('"', eq) + 1;
    auto end = line.find('"', begin);
    if (end != std::string::npos) return line.substr(begin, end - begin);
  }
  return "";
}

bool is_candidate(const fs::path& p) {
  std::string ext = lower(p.extension().string());
  return ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".template";
}

void walk(const fs::path& root, std::vector<std::string>& out) {
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) {
    out.push_back(root.lexically_normal().generic_string());
    return;
  }
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(it->path());
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& e : entries) {
    std::string name = e.filename().string();
    if (name.empty() || name[0] == '.' || name == "node_modules") continue;
    if (fs::is_directory(e, ec)) {
      walk(e, out);
    } else if (is_candidate(e)) {
      out.push_back(e.lexically_normal().generic_string());
    }
  }
}

void usage() {
  std::cerr << "usage: controltower_compare --cfn-guard BIN --rules DIR [--divergences FILE]\n"
               "                            [--manifest FILE] [--jobs N] [--verbose] [PATH...]\n"
               "Run from the source tree; PATH defaults to testdata.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string guard, rules, divergences = "docs/divergences.md",
                            manifest = "testdata/conformance/MANIFEST.json";
  std::vector<std::string> roots;
  unsigned jobs = std::max(2u, std::thread::hardware_concurrency());
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--cfn-guard") {
      guard = value();
    } else if (a == "--rules") {
      rules = value();
    } else if (a == "--divergences") {
      divergences = value();
    } else if (a == "--manifest") {
      manifest = value();
    } else if (a == "--jobs") {
      jobs = static_cast<unsigned>(std::max(1, std::stoi(value())));
    } else if (a == "--verbose" || a == "-v") {
      verbose = true;
    } else if (!a.empty() && a[0] == '-') {
      usage();
      return 2;
    } else {
      roots.push_back(a);
    }
  }
  if (guard.empty() || rules.empty()) {
    usage();
    return 2;
  }
  bool default_roots = roots.empty();
  if (default_roots) roots.push_back("testdata");
  int failures = 0;

  // 1. The Control Tower-mapped policies and their guard rules.
  Diagnostics diags;
  std::vector<policy::Policy> loaded;
  policy::load_directory("policies", Limits{}, loaded, diags);
  for (const auto& d : diags) std::cerr << d.to_string() << '\n';
  if (has_errors(diags) || loaded.empty()) {
    std::cerr << "FAIL: the bundled policies do not load (run from the source tree)\n";
    return 1;
  }
  std::vector<policy::Policy> mapped_policies;
  for (const auto& p : loaded) {
    auto it = p.controls.find("control_tower");
    if (it == p.controls.end()) continue;
    for (const auto& id : it->second) {
      if (id.rfind("CT.ECS.PR.", 0) == 0 || id.rfind("CT.ECR.PR.", 0) == 0) {
        mapped_policies.push_back(p);
        break;
      }
    }
  }
  policy::PolicySet set(std::move(mapped_policies));
  std::vector<Control> controls;
  std::set<std::string> mapped_ids;
  for (const auto& p : set.policies()) {
    for (const auto& id : p.controls.at("control_tower")) {
      if (id.rfind("CT.ECS.PR.", 0) != 0 && id.rfind("CT.ECR.PR.", 0) != 0) continue;
      Control c;
      c.id = id;
      c.policy = &p;
      c.rule_file = rule_file_for(rules, id);
      if (!fs::exists(c.rule_file)) {
        std::cerr << "FAIL: " << p.id << " maps to " << id << ", but the rules package has no "
                  << c.rule_file << " (a wrong control id?)\n";
        ++failures;
        continue;
      }
      c.resource_type = resource_type_of(c.rule_file);
      if (c.resource_type.empty()) {
        std::cerr << "FAIL: cannot tell which resource type " << c.rule_file << " reports on\n";
        ++failures;
        continue;
      }
      mapped_ids.insert(id);
      controls.push_back(c);
    }
  }
  for (const char* service : {"ecs", "ecr"}) {
    std::error_code ec;
    for (fs::directory_iterator it(fs::path(rules) / service, ec), end; !ec && it != end;
         it.increment(ec)) {
      if (it->path().extension() != ".guard") continue;
      std::string id = control_for_rule_file(it->path());
      if (!mapped_ids.count(id)) {
        std::cerr << "FAIL: the rules package has " << id
                  << ", but no bundled policy lists it under controls.control_tower\n";
        ++failures;
      }
    }
  }
  std::sort(controls.begin(), controls.end(), [](const Control& a, const Control& b) {
    return a.id < b.id;
  });
  if (controls.empty()) {
    std::cerr << "FAIL: no Control Tower rules found under " << rules << '\n';
    return 1;
  }

  // 2. The CloudFormation templates (other files are skipped: plans, guard test suites, ...).
  std::vector<std::string> files;
  for (const auto& r : roots) walk(r, files);
  // Invalid templates are not compared: testdata/bad/ holds deliberately broken inputs for the
  // readers' error handling, and a template ecsguard reports an error for (unreadable YAML,
  // limits, malformed resources) would be rejected by CloudFormation, so no control applies.
  std::vector<Template> templates;
  std::size_t bad_inputs = 0, invalid = 0;
  for (const auto& f : files) {
    if (f.rfind("testdata/bad/", 0) == 0) {
      ++bad_inputs;
      continue;
    }
    Template t;
    t.path = f;
    if (!read_input(InputFile{f, false}, InputOptions{}, t.graph)) continue;
    if (t.graph.info().format.rfind("cloudformation", 0) != 0) continue;
    bool errors = false;
    for (const auto& d : t.graph.info().diagnostics) {
      if (d.severity == Severity::kError) {
        if (!errors) std::cout << "note: " << f << " skipped: " << d.to_string() << '\n';
        errors = true;
      }
    }
    if (errors) {
      ++invalid;
      continue;
    }
    t.results = policy::evaluate(set, t.graph);
    templates.push_back(std::move(t));
  }

  // 3. cfn-guard on every (template, control), in parallel.
  std::vector<std::pair<std::size_t, std::size_t>> work;
  for (std::size_t t = 0; t < templates.size(); ++t) {
    for (std::size_t c = 0; c < controls.size(); ++c) work.emplace_back(t, c);
  }
  std::vector<GuardRun> runs(work.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < jobs; ++i) {
    threads.emplace_back([&] {
      for (std::size_t k = next++; k < work.size(); k = next++) {
        runs[k] = run_guard(guard, controls[work[k].second], templates[work[k].first].path);
      }
    });
  }
  for (auto& th : threads) th.join();

  // 4. Compare per resource.
  std::vector<Difference> differences;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> guard_failing;
  std::set<std::string> unreadable;
  std::size_t compared = 0, agreed = 0;
  std::map<std::string, std::pair<std::size_t, std::size_t>> per_control;  // compared, differing
  for (std::size_t k = 0; k < work.size(); ++k) {
    const Template& t = templates[work[k].first];
    const Control& c = controls[work[k].second];
    const GuardRun& g = runs[k];
    if (!g.ok) {
      if (!unreadable.count(t.path)) {
        std::cout << "note: " << t.path << " skipped: " << g.error << '\n';
      }
      unreadable.insert(t.path);
      continue;
    }
    guard_failing[{t.path, c.id}] = g.failing;
    std::set<std::string> resources = g.failing;
    for (const auto& r : t.results) {
      if (r.policy == c.policy) resources.insert(r.address().str());
    }
    for (const auto& n : t.graph.nodes()) {  // e.g. task definitions without containers
      if (n.source_type == c.resource_type && n.parent == kNoNode) resources.insert(n.address.str());
    }
    for (const auto& res : resources) {
      std::string guard_status = g.failing.count(res) ? "fail" : "pass";
      std::string detail;
      std::string ours = ecsguard_outcome(t.results, c.policy->id, res, &detail);
      if (ours == "none" && modelled(t.graph, res)) {
        // In the graph but nothing to evaluate: a task definition whose container list is
        // empty once conditions are resolved. The control does not apply to it either.
        ours = "pass";
      }
      ++compared;
      ++per_control[c.id].first;
      if (ours == guard_status) {
        ++agreed;
        continue;
      }
      ++per_control[c.id].second;
      differences.push_back({t.path, c.id, res, guard_status, ours, detail});
    }
  }
  // A template cfn-guard cannot read is not compared at all: drop what other controls said.
  differences.erase(std::remove_if(differences.begin(), differences.end(),
                                   [&](const Difference& d) { return unreadable.count(d.file); }),
                    differences.end());
  std::sort(differences.begin(), differences.end());

  // 5. Differences against the documented ones.
  std::vector<Listed> listed;
  std::string error;
  if (!read_listed(divergences, listed, error)) {
    std::cerr << "FAIL: " << error << '\n';
    return 1;
  }
  std::size_t documented = 0;
  for (const auto& d : differences) {
    bool found = false;
    for (auto& l : listed) {
      if (l.file == d.file && l.control == d.control && l.resource == d.resource &&
          l.guard == d.guard && l.ecsguard == d.ecsguard) {
        l.used = found = true;
      }
    }
    if (found) {
      ++documented;
      if (verbose) {
        std::cout << "documented: " << d.file << " " << d.control << " " << d.resource
                  << ": cfn-guard " << d.guard << ", ecsguard " << d.ecsguard << '\n';
      }
      continue;
    }
    ++failures;
    std::cout << "FAIL: undocumented difference: | `" << d.file << "` | " << d.control << " | "
              << d.resource << " | " << d.guard << " | " << d.ecsguard << " | ? |\n";
    if (!d.detail.empty()) std::cout << "      ecsguard: " << d.detail << '\n';
  }
  for (const auto& l : listed) {
    if (l.used) continue;
    // With explicit paths, rows about files outside them are not in question.
    bool in_scope = default_roots;
    for (const auto& r : roots) {
      std::string root = fs::path(r).lexically_normal().generic_string();
      if (l.file == root || l.file.rfind(root + (root.back() == '/' ? "" : "/"), 0) == 0) {
        in_scope = true;
      }
    }
    if (!in_scope) continue;
    ++failures;
    std::cout << "FAIL: " << divergences << ":" << l.line
              << ": the listed difference no longer occurs: " << l.file << " " << l.control
              << " " << l.resource << " (cfn-guard " << l.guard << ", ecsguard " << l.ecsguard
              << ")\n";
  }

  // 6. cfn-guard against the official PASS/FAIL examples' labels.
  std::size_t labels = 0;
  std::ifstream min(manifest);
  if (min) {
    nlohmann::json m = nlohmann::json::parse(min, nullptr, false);
    fs::path base = fs::path(manifest).parent_path();
    for (const auto& entry : m.is_array() ? m : nlohmann::json::array()) {
      std::string file = (base / entry.value("file", "")).lexically_normal().generic_string();
      for (const auto& exp : entry.value("expectations", nlohmann::json::array())) {
        std::string check = exp.value("check", "");
        auto it = guard_failing.find({file, check});
        if (it == guard_failing.end()) continue;
        for (const char* kind : {"passing", "failing"}) {
          for (const auto& id : exp.value(kind, nlohmann::json::array())) {
            ++labels;
            bool fails = it->second.count(id.get<std::string>()) > 0;
            if (fails == (std::string(kind) == "failing")) continue;
            ++failures;
            std::cout << "FAIL: cfn-guard " << (fails ? "fails " : "passes ") << id << " in "
                      << file << " for " << check << ", but the official example labels it "
                      << kind << " (rules package changed, or its output is misread)\n";
          }
        }
      }
    }
  }

  std::cout << "controls:";
  for (const auto& c : controls) {
    auto pc = per_control[c.id];
    std::cout << ' ' << c.id << "→" << c.policy->id << " (" << pc.first << " compared, "
              << pc.second << " differ)";
  }
  std::cout << "\n" << templates.size() - unreadable.size() << " CloudFormation templates ("
            << unreadable.size() << " unreadable by cfn-guard), " << controls.size()
            << " controls, " << work.size() << " cfn-guard runs; " << compared
            << " resource comparisons: " << agreed << " agree, " << differences.size()
            << " differ (" << documented << " documented in " << divergences << "); " << labels
            << " official example labels checked against cfn-guard\n";
  std::cout << "not compared: " << bad_inputs << " files under testdata/bad/, " << invalid
            << " templates with reader errors\n";
  if (default_roots && (templates.size() - unreadable.size() < 100 || labels < 30)) {
    std::cout << "FAIL: fewer inputs than expected: is this run from the source tree?\n";
    ++failures;
  }
  std::cout << (failures == 0 ? "PASS" : "FAIL") << ": Control Tower comparison\n";
  return failures == 0 ? 0 : 1;
}
