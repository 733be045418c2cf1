// Suppressions: the file format and its diagnostics, applying file rules and in-template (node)
// suppressions, expiry, missing reasons, the checkov/cfn_nag forms mapped through `controls`,
// and audit mode from the command line.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "review/suppressions.h"

using namespace ecsguard;

namespace {

std::vector<std::string> codes(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags) out.push_back(d.code);
  return out;
}

// Two policies and a graph built by hand: a CloudFormation-like template with a task definition
// (and its container) and a service, carrying Metadata suppressions as the reader records them.
struct Setup {
  policy::PolicySet set;
  std::vector<Graph> graphs;
  std::vector<policy::Result> results;

  // By default the task definition carries a Checkov skip and the service a reason-less one.
  explicit Setup(std::vector<Suppression> on_task = {node_suppression("CKV_AWS_334", "checkov",
                                                                      "sidecar needs it", 12)},
                 std::vector<Suppression> on_service = {
                     node_suppression("ecs-service-public-ip", "", "", 30)}) {
    policy::Policy privileged;
    privileged.id = "ecs-container-privileged";
    privileged.controls["checkov"] = {"CKV_AWS_334"};
    privileged.controls["cfn_nag"] = {"F123"};
    policy::Policy public_ip;
    public_ip.id = "ecs-service-public-ip";
    public_ip.controls["checkov"] = {"CKV_AWS_333"};
    set = policy::PolicySet({privileged, public_ip});

    InputInfo info;
    info.file = "template.yaml";
    info.format = "cloudformation-yaml";
    GraphBuilder b(info);
    Node td;
    td.kind = NodeKind::kTaskDefinition;
    td.address = "TaskDef";
    td.source_type = "AWS::ECS::TaskDefinition";
    td.set_suppressions(std::move(on_task));
    NodeId td_id = b.add(td);
    Node c;
    c.kind = NodeKind::kContainer;
    c.address = "TaskDef";
    c.element = "containers[web]";
    c.parent = td_id;
    b.add(c);
    Node svc;
    svc.kind = NodeKind::kService;
    svc.address = "Service";
    svc.source_type = "AWS::ECS::Service";
    svc.set_suppressions(std::move(on_service));
    b.add(svc);
    graphs.push_back(std::move(b).build());

    results.push_back(result("ecs-container-privileged", "TaskDef", "containers[web]"));
    results.push_back(result("ecs-service-public-ip", "Service", ""));
  }

  static Suppression node_suppression(std::string id, std::string catalogue, std::string reason,
                                      uint32_t line) {
    Suppression s;
    s.id = std::move(id);
    s.catalogue = std::move(catalogue);
    s.reason = std::move(reason);
    s.origin = "metadata:" + (s.catalogue.empty() ? std::string("ecsguard") : s.catalogue);
    s.location = Location("template.yaml", SourcePos{line, 9, ""});
    return s;
  }

  policy::Result result(const std::string& id, const std::string& address,
                        const std::string& element) {
    policy::Result r;
    r.policy = set.find(id);
    r.status = policy::Status::kFail;
    policy::Subject subject;
    subject.address = address;
    subject.element = element;
    subject.file = "template.yaml";
    r.subject = std::make_shared<policy::Subject>(std::move(subject));
    return r;
  }
};

const char* kFile = R"(suppressions:
  - id: ecs-service-public-ip
    resource: 'module.web["*"].aws_ecs_service.this'
    reason: behind a public NLB until PLAT-412
    expires: 2030-06-30
  - id: ecs-container-privileged
    resource: aws_ecs_task_definition.?pp
    reason: ""
  - id: ecs-container-privileged
    resource: aws_ecs_task_definition.old
    reason: legacy
    expires: 2024-01-31
)";

}  // namespace

TEST_CASE("glob: * spans dots and brackets, ? is one character", "[suppression]") {
  using review::glob_match;
  CHECK(glob_match("module.web[\"*\"].aws_ecs_service.this",
                   "module.web[\"blue\"].aws_ecs_service.this"));
  CHECK(glob_match("module.*", "module.a.module.b.aws_ecs_cluster.c[0]"));
  CHECK(glob_match("aws_ecs_service.?pp", "aws_ecs_service.app"));
  CHECK(glob_match("*", ""));
  CHECK_FALSE(glob_match("aws_ecs_service.?pp", "aws_ecs_service.apps"));
  CHECK_FALSE(glob_match("aws_ecs_service.web", "aws_ecs_service.web2"));
  CHECK(glob_match("a*b*c*d", "aXXbYYcZZd"));
  CHECK_FALSE(glob_match("a*b*c*d", std::string(5000, 'a')));
}

TEST_CASE("the suppressions file: valid, expired and reason-less entries", "[suppression]") {
  std::vector<Suppression> rules;
  Diagnostics diags;
  review::parse_suppressions(kFile, "s.yaml", rules, diags);
  REQUIRE(diags.empty());
  REQUIRE(rules.size() == 3);
  CHECK(rules[0].resource == "module.web[\"*\"].aws_ecs_service.this");
  CHECK(rules[0].location.to_string() == "s.yaml:2:5");

  std::vector<Graph> graphs;
  policy::Policy pub, priv;
  pub.id = "ecs-service-public-ip";
  priv.id = "ecs-container-privileged";
  auto about = [](std::string address) {
    policy::Subject subject;
    subject.address = std::move(address);
    return std::make_shared<const policy::Subject>(std::move(subject));
  };
  std::vector<policy::Result> results(3);
  results[0].policy = &pub;
  results[0].subject = about("module.web[\"blue\"].aws_ecs_service.this");
  results[1].policy = &priv;
  results[1].subject = about("aws_ecs_task_definition.app");
  results[2].policy = &priv;
  results[2].subject = about("aws_ecs_task_definition.old");
  for (auto& r : results) r.status = policy::Status::kFail;
  results[0].status = policy::Status::kUnknown;

  review::SuppressionOptions options;
  options.today = "2025-03-01";
  diags.clear();
  review::apply_suppressions(results, graphs, rules, options, diags);
  CHECK(results[0].status == policy::Status::kSuppressed);
  CHECK(results[0].suppressed_status == policy::Status::kUnknown);
  CHECK(results[0].suppression()->reason == "behind a public NLB until PLAT-412");
  CHECK(results[1].status == policy::Status::kFail);  // no reason: not applied
  CHECK(results[2].status == policy::Status::kFail);  // expired: not applied
  REQUIRE(diags.size() == 2);
  CHECK(diags[0].to_string() ==
        "s.yaml:6:5: error: suppression of ecs-container-privileged for "
        "'aws_ecs_task_definition.?pp' has no reason; every suppression must say why "
        "(`reason:`), so it is not applied [suppression.missing_reason]");
  CHECK(diags[1].to_string() ==
        "s.yaml:9:5: warning: suppression of ecs-container-privileged for "
        "'aws_ecs_task_definition.old' expired on 2024-01-31; it no longer applies (reason was: "
        "legacy) [suppression.expired]");

  // The last day is still covered.
  options.today = "2024-01-31";
  results[2].status = policy::Status::kFail;
  diags.clear();
  review::apply_suppressions(results, graphs, rules, options, diags);
  CHECK(results[2].status == policy::Status::kSuppressed);
}

TEST_CASE("the suppressions file: malformed input gives coded diagnostics", "[suppression]") {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"suppressions: [",
       "bad.yaml:1:1: error: invalid YAML: end of sequence flow not found "
       "[suppression.yaml_syntax]"},
      {"- id: x",
       "bad.yaml:1:1: error: the file is not a mapping; expected a mapping with a "
       "`suppressions` list of {id, resource, reason, expires} [suppression.bad_file]"},
      {"suppression: []",
       "bad.yaml:1:1: error: unknown key 'suppression' at the top of the file; "
       "expected only `suppressions` [suppression.unknown_key]"},
      {"suppressions: {id: x}",
       "bad.yaml:1:15: error: `suppressions` must be a list "
       "[suppression.wrong_type]"},
      {"suppressions:\n  - id: x\n    resource: y\n    reason: z\n    expiry: 2025-01-01\n",
       "bad.yaml:5:5: error: unknown key 'expiry' in a suppression; expected id, resource, "
       "reason, expires [suppression.unknown_key]"},
      {"suppressions:\n  - id: x\n    reason: z\n",
       "bad.yaml:2:5: error: a suppression needs `resource`: an address glob such as "
       "'aws_ecs_service.web', 'module.api.*' or '*' [suppression.missing_field]"},
      {"suppressions:\n  - id: [x]\n    resource: y\n    reason: z\n",
       "bad.yaml:2:9: error: `id` must be a string [suppression.wrong_type]"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    std::vector<Suppression> rules;
    Diagnostics diags;
    review::parse_suppressions(c.text, "bad.yaml", rules, diags);
    CHECK(rules.empty());
    REQUIRE(diags.size() >= 1);
    CHECK(diags[0].to_string() == c.expected);
  }
  // A bad date is reported when the suppressions are applied.
  std::vector<Suppression> rules;
  Diagnostics diags;
  review::parse_suppressions(
      "suppressions:\n  - {id: x, resource: y, reason: z, expires: 2025-02-30}\n", "bad.yaml",
      rules, diags);
  REQUIRE(rules.size() == 1);
  std::vector<policy::Result> none;
  review::apply_suppressions(none, {}, rules, {}, diags);
  CHECK(codes(diags) == std::vector<std::string>{"suppression.bad_expires"});
}

TEST_CASE("node suppressions from template metadata, mapped through controls", "[suppression]") {
  Setup s;
  Diagnostics diags;
  review::SuppressionOptions options;
  options.today = "2025-03-01";
  options.policies = &s.set;
  review::apply_suppressions(s.results, s.graphs, {}, options, diags);
  // checkov's CKV_AWS_334 is ecs-container-privileged's control: it covers the container too.
  CHECK(s.results[0].status == policy::Status::kSuppressed);
  CHECK(s.results[0].suppression()->origin == "metadata:checkov");
  CHECK(s.results[0].suppression()->reason == "sidecar needs it");
  // The service's own suppression has no reason: reported, not applied.
  CHECK(s.results[1].status == policy::Status::kFail);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "suppression.missing_reason");
  CHECK(diags[0].location.to_string() == "template.yaml:30:9");

  // cfn_nag ids map the same way; an id no policy lists suppresses nothing.
  Setup t({Setup::node_suppression("W79", "cfn_nag", "not ours", 12),
           Setup::node_suppression("F123", "cfn_nag", "reviewed in SEC-9", 14)},
          {});
  diags.clear();
  review::apply_suppressions(t.results, t.graphs, {}, options, diags);
  CHECK(t.results[0].status == policy::Status::kSuppressed);
  CHECK(t.results[0].suppression()->id == "F123");
}

TEST_CASE("file rules are reported when unused or naming no policy", "[suppression]") {
  Setup s({}, {});
  std::vector<Suppression> rules;
  Diagnostics diags;
  review::parse_suppressions(
      "suppressions:\n"
      "  - {id: ecs-no-such-policy, resource: '*', reason: typo}\n"
      "  - {id: ecs-service-public-ip, resource: Nothing, reason: stale}\n",
      "s.yaml", rules, diags);
  REQUIRE(rules.size() == 2);
  review::SuppressionOptions options;
  options.policies = &s.set;
  review::apply_suppressions(s.results, s.graphs, rules, options, diags);
  CHECK(codes(diags) == std::vector<std::string>{"suppression.unknown_policy", "suppression.unused",
                                                 "suppression.unused"});
  CHECK(diags[2].severity == Severity::kNote);
}

TEST_CASE("scan: --suppressions applies, --no-suppressions audits, bad files stop the run",
          "[suppression][cli]") {
  auto run = [](std::vector<std::string> args, std::string* out_text = nullptr) {
    std::ostringstream out, err;
    args.insert(args.begin(), {"scan", "testdata/examples", "--format", "json"});
    int code = cli::run(args, out, err);
    if (out_text) *out_text = out.str() + err.str();
    return code;
  };
  std::string out;
  CHECK(run({"--suppressions", "testdata/golden/reports/suppressions.yaml"}, &out) ==
        cli::kExitFindings);
  CHECK(out.find("\"suppressed\":3") != std::string::npos);
  CHECK(out.find("[suppression.expired]") != std::string::npos);
  CHECK(run({"--suppressions", "testdata/golden/reports/suppressions.yaml", "--no-suppressions"},
            &out) == cli::kExitFindings);
  CHECK(out.find("\"suppressed\":0") != std::string::npos);
  CHECK(out.find("suppression.expired") == std::string::npos);
  CHECK(run({"--suppressions", "testdata/does-not-exist.yaml"}, &out) == cli::kExitError);
  CHECK(out.find("testdata/does-not-exist.yaml: error: cannot read the suppressions file "
                 "[suppression.unreadable]") != std::string::npos);
  CHECK(run({"--suppressions", "testdata/golden/reports/policies/ecs-service-public-ip.yaml"},
            &out) == cli::kExitError);
  CHECK(out.find("[suppression.unknown_key]") != std::string::npos);
}

TEST_CASE("the suppressions file shown in docs/ci.md is valid", "[suppression][docs]") {
  std::ifstream in("docs/ci.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const std::string start = "```yaml\n# .ecsguard/suppressions.yaml\n";
  auto begin = text.find(start);
  REQUIRE(begin != std::string::npos);
  begin += std::string("```yaml\n").size();
  auto end = text.find("```\n", begin);
  std::vector<Suppression> rules;
  Diagnostics diags;
  review::parse_suppressions(text.substr(begin, end - begin), "docs/ci.md", rules, diags);
  CHECK(diags.empty());
  CHECK(rules.size() == 2);
}
