// The CI formats' own rules: GitHub workflow-command escaping, the markdown comment's size limit
// and escaping, JUnit and rdjsonl well-formedness, and secrets kept out of every format.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "report/report.h"
#include "report/report_util.h"

using namespace ecsguard;

namespace {

struct Fixture {
  policy::Policy policy;
  std::vector<Graph> graphs;
  std::vector<policy::Result> results;
  report::Report report;

  explicit Fixture(const std::string& file = "plan.json") {
    policy.id = "ecs-test-policy";
    policy.title = "A test policy";
    policy.severity = policy::Severity::kHigh;
    policy.remediation = "Fix it:\nreally.";
    InputInfo info;
    info.file = file;
    info.format = "terraform-plan";
    graphs.push_back(GraphBuilder(std::move(info)).build());
    report.graphs = &graphs;
    report.results = &results;
    report.tool_version = "9.9.9";
  }

  policy::Result& add(std::string address, std::string message, policy::Status status,
                      Location where) {
    policy::Result r;
    r.policy = &policy;
    r.status = status;
    policy::Subject subject;
    subject.address = std::move(address);
    subject.kind = "service";
    subject.file = graphs.front().info().file;
    r.subject = std::make_shared<policy::Subject>(std::move(subject));
    r.set_message(std::move(message));
    r.relocate(where);
    results.push_back(std::move(r));
    return results.back();
  }

  std::string write(report::Format format) {
    std::ostringstream out;
    report::write_report(out, format, report);
    return out.str();
  }
};

Location at(std::string file, uint32_t line, uint32_t column) {
  Location l;
  l.file = std::move(file);
  l.line = line;
  l.column = column;
  return l;
}

}  // namespace

TEST_CASE("github: workflow commands escape data and properties as @actions/core does",
          "[report][github]") {
  Fixture f;
  f.add("aws_ecs_service.web", "100% public\r\nnext: a, b", policy::Status::kFail,
        at("dir/a:b,c%.tf", 3, 7));
  f.add("aws_ecs_service.api", "undecided", policy::Status::kUnknown, at("plan.json", 9, 1));
  f.add("aws_ecs_service.ok", "fine", policy::Status::kPass, at("plan.json", 1, 1));
  std::string out = f.write(report::Format::kGithub);
  CHECK(out ==
        "::error file=dir/a%3Ab%2Cc%25.tf,line=3,col=7,title=ecs-test-policy (high)::100%25 "
        "public%0D%0Anext: a, b%0AHow to fix: Fix it: really.\n"
        "::warning file=plan.json,line=9,col=1,title=ecs-test-policy (high%2C unknown)::"
        "undecided%0AHow to fix: Fix it: really.\n"
        "ecsguard: 1 failing, 1 unknown, 0 suppressed, 0 baselined\n");
}

TEST_CASE("markdown: a huge report stays under GitHub's comment limit and says what it left out",
          "[report][markdown]") {
  Fixture f;
  const std::size_t resources = 1500;
  for (std::size_t i = 0; i < resources; ++i) {
    std::string address = "aws_ecs_service.s" + std::to_string(10000 + i);
    for (int k = 0; k < 2; ++k) {
      f.add(address, std::string(120, 'x'), k ? policy::Status::kUnknown : policy::Status::kFail,
            at("plan.json", static_cast<uint32_t>(i + 1), 1));
    }
  }
  std::string md = f.write(report::Format::kMarkdown);
  CHECK(md.size() <= 65536);
  CHECK(md.size() > 60000);  // the budget is used, not wasted
  REQUIRE(md.find("> [!WARNING]") != std::string::npos);
  std::size_t shown = 0;
  for (std::size_t p = md.find("<details>"); p != std::string::npos;
       p = md.find("<details>", p + 1)) {
    ++shown;
  }
  std::string note = "resources are not shown";
  std::string expect = std::to_string((resources - shown) * 2) + " findings on " +
                       std::to_string(resources - shown) + " " + note;
  CHECK(md.find(expect) != std::string::npos);
  CHECK(md.rfind("<sub>ecsguard 9.9.9</sub>\n") == md.size() - 26);
}

TEST_CASE("markdown: resource names cannot inject markup, mentions or links",
          "[report][markdown]") {
  Fixture f;
  f.add("evil|<img src=x onerror=alert(1)>@octocat[x](http://e.vil)*", "m`s`g",
        policy::Status::kFail, at("plan.json", 4, 2));
  std::string md = f.write(report::Format::kMarkdown);
  CHECK(md.find("<img") == std::string::npos);
  CHECK(md.find("@octocat") == std::string::npos);
  CHECK(md.find("evil\\|&lt;img src=x onerror=alert(1)&gt;&#64;octocat\\[x\\](http://e.vil)\\*") !=
        std::string::npos);
  CHECK(md.find("m\\`s\\`g") != std::string::npos);
  CHECK(md.find("[plan.json:4](plan.json#L4)") != std::string::npos);
  f.report.link_base = "https://github.com/o/r/blob/abc";
  CHECK(f.write(report::Format::kMarkdown).find("(https://github.com/o/r/blob/abc/plan.json#L4)") !=
        std::string::npos);
}

TEST_CASE("junit: counts by status and XML-safe text", "[report][junit]") {
  Fixture f;
  f.add("a", "x < y & \"z\"\x01", policy::Status::kFail, at("plan.json", 1, 1));
  f.add("b", "undecided", policy::Status::kUnknown, at("plan.json", 2, 1));
  f.add("c", "fine", policy::Status::kPass, at("plan.json", 3, 1));
  f.add("d", "n/a", policy::Status::kSkip, at("plan.json", 4, 1));
  auto& s = f.add("e", "quiet", policy::Status::kSuppressed, at("plan.json", 5, 1));
  s.suppressed_status = policy::Status::kFail;
  s.set_suppression(
      std::make_shared<const Suppression>(Suppression{"", "", "", "accepted <risk>", "", "", {}}));
  std::string xml = f.write(report::Format::kJunit);
  CHECK(xml.find("<testsuites name=\"ecsguard\" tests=\"5\" failures=\"1\" errors=\"1\" "
                 "skipped=\"2\">") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"plan.json\" tests=\"5\"") != std::string::npos);
  CHECK(xml.find("message=\"x &lt; y &amp; &quot;z&quot;\xef\xbf\xbd\"") != std::string::npos);
  CHECK(xml.find("<skipped message=\"suppressed (was fail): accepted &lt;risk&gt;\"/>") !=
        std::string::npos);
  CHECK(xml.find('\x01') == std::string::npos);
}

TEST_CASE("rdjsonl: one reviewdog diagnostic per line", "[report][rdjsonl]") {
  std::ostringstream out, err;
  int code = cli::run({"scan", "testdata/examples", "--format", "rdjsonl"}, out, err);
  CHECK(code == cli::kExitFindings);
  std::istringstream lines(out.str());
  std::string line;
  std::size_t n = 0;
  while (std::getline(lines, line)) {
    INFO(line);
    auto j = nlohmann::json::parse(line);
    CHECK(!j["message"].get<std::string>().empty());
    CHECK(j["location"]["path"].get<std::string>().rfind("testdata/examples/", 0) == 0);
    CHECK(j["location"]["range"]["start"]["line"].get<int>() >= 1);
    CHECK((j["severity"] == "ERROR" || j["severity"] == "WARNING"));
    CHECK(j["source"]["name"] == "ecsguard");
    ++n;
  }
  CHECK(n > 20);
}

TEST_CASE("no format prints a sensitive value", "[report][sensitive]") {
  for (const char* format : {"text", "json", "sarif", "junit", "markdown", "github", "rdjsonl"}) {
    INFO(format);
    std::ostringstream out, err;
    cli::run(
        {"scan", "testdata/terraform/sensitive/plan.json", "--include-passed", "--format", format},
        out, err);
    CHECK(!out.str().empty());
    CHECK(out.str().find("hunter2") == std::string::npos);
    CHECK(out.str().find("alice@example.com") == std::string::npos);
    CHECK(err.str().find("hunter2") == std::string::npos);
  }
}

TEST_CASE("the JSON report rendered on two threads is the same bytes", "[report]") {
  policy::Policy p;
  p.id = "ecs-service-public-ip";
  p.title = "Services do not assign public IPs";
  std::vector<Graph> graphs;
  // 60,000 results in runs of a block: every third run fails (shown), the others pass (not
  // shown), so pairs of blocks are shown in their first block only, their second only, or not
  // at all before one that is.
  const std::size_t block = report::kJsonBlock;
  std::vector<policy::Result> results(60000);
  for (std::size_t i = 0; i < results.size(); ++i) {
    results[i].policy = &p;
    bool fails = (i / block) % 3 == 1;
    results[i].status = fails ? policy::Status::kFail : policy::Status::kPass;
    results[i].subject = std::make_shared<policy::Subject>(
        policy::Subject{"aws_ecs_service.s" + std::to_string(i), "service", "aws_ecs_service",
                        "plan.json", 1, "", "", nullptr});
  }
  for (bool passed : {false, true}) {
    // Also counts split into two blocks of one size (300, a few more than a block).
    for (std::size_t shown :
         {std::size_t{0}, std::size_t{300}, block + 44, block + 800, results.size()}) {
      std::vector<policy::Result> some(results.begin(),
                                       results.begin() + static_cast<std::ptrdiff_t>(shown));
      if (shown == block + 800) {
        for (auto& r : some) r.status = policy::Status::kPass;  // only a second block shows
        some.back().status = policy::Status::kFail;
      }
      report::Report one;
      one.graphs = &graphs;
      one.results = &some;
      one.include_passed = passed;
      report::Report two = one;
      two.threads = 2;
      std::ostringstream a, b;
      report::write_json(a, one);
      report::write_json(b, two);
      INFO(passed << " " << shown);
      CHECK(b.str() == a.str());
      CHECK(nlohmann::json::parse(b.str())["results"].is_array());
    }
  }
}

TEST_CASE("a report's paths are worked out once per file and root", "[report]") {
  report::Report rep;
  const std::string file = "testdata/examples/fargate-service/plan.json";
  CHECK(report::report_path(rep, file) == file);
  CHECK(report::report_path(rep, file) == file);  // remembered
  CHECK(rep.paths->by_file.size() == 1);
  rep.source_root = "testdata/examples";
  CHECK(report::report_path(rep, file) == "fargate-service/plan.json");  // not the old root's
  report::Report copy = rep;  // copies share what is remembered
  std::string outside = report::report_path(copy, "testdata/x.json");
  CHECK(outside.rfind("/testdata/x.json") != std::string::npos);
  CHECK(rep.paths->by_file.size() == 2);
}
