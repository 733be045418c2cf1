// Intrinsic functions, parameters and conditions, each with the value it must give. Every case
// evaluates an Outputs value of a small template through the reader's Evaluator.
#include <catch2/catch.hpp>
#include <memory>

#include "cloudformation/evaluator.h"
#include "read/input.h"

using namespace ecsguard;
using namespace ecsguard::cloudformation;

namespace {

class Fixture {
 public:
  explicit Fixture(std::string yaml, ParameterValues given = {}) : given_(std::move(given)) {
    buffer_ = InputBuffer::from_string("t.yaml", std::move(yaml));
    doc_ = Document::load(*buffer_, true, Limits{}, Deadline{}, diags_);
    REQUIRE(doc_ != nullptr);
    params_ = std::make_unique<Parameters>(*doc_, given_);
    for (const Member& m : doc_->members(Section::kResources)) {
      ResourceInfo info;
      info.id = m.name;
      const JNode* def = doc_->value(m);
      if (def != nullptr && def->get("Type") != nullptr) info.type = def->get("Type")->text;
      info.pos = m.pos;
      info.member = &m;
      resources_.emplace(m.name, std::move(info));
    }
    eval_ = std::make_unique<Evaluator>(*doc_, *params_, resources_, Limits{}, diags_);
  }

  // The value of Outputs.<name>.Value.
  Value output(const std::string& name) {
    const Member* m = doc_->find(Section::kOutputs, name);
    REQUIRE(m != nullptr);
    const JNode* def = doc_->value(*m);
    REQUIRE(def != nullptr);
    const JNode* v = def->get("Value");
    REQUIRE(v != nullptr);
    return eval_->evaluate(*v, m->pos.pointer + "/Value");
  }
  std::string render(const std::string& name) { return output(name).render(); }
  Truth condition(const std::string& name) { return eval_->condition(name, SourcePos{}); }
  Evaluator& eval() { return *eval_; }
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : diags_) out.push_back(d.code);
    return out;
  }

 private:
  ParameterValues given_;
  std::unique_ptr<InputBuffer> buffer_;
  Diagnostics diags_;
  std::unique_ptr<Document> doc_;
  std::unique_ptr<Parameters> params_;
  ResourceIndex resources_;
  std::unique_ptr<Evaluator> eval_;
};

const char* kTemplate = R"(
Parameters:
  Env: {Type: String, Default: prod}
  Port: {Type: Number, Default: 80}
  NoDefault: {Type: String}
  Subnets: {Type: CommaDelimitedList, Default: "subnet-a,subnet-b"}
  Secret: {Type: String, Default: hunter2, NoEcho: true}
  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/ami}
  Attr: {Type: String, Default: Arn}
Mappings:
  Sizes:
    prod: {Cpu: "1024", Zones: [a, b]}
    dev: {Cpu: 256}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  NotProd: !Not [!Condition IsProd]
  ProdAndPort80: !And [!Condition IsProd, !Equals [!Ref Port, 80]]
  DevOrProd: !Or [!Condition IsDev, !Condition IsProd]
  Unknowable: !Equals [!Ref NoDefault, x]
  UnknownAndFalse: !And [!Condition Unknowable, !Condition IsDev]
  UnknownOrTrue: !Or [!Condition Unknowable, !Condition IsProd]
  UnknownAndTrue: !And [!Condition Unknowable, !Condition IsProd]
  RegionKnown: !Equals [!Ref "AWS::Region", eu-west-1]
  Loop1: !Condition Loop2
  Loop2: !Condition Loop1
Resources:
  Repo: {Type: AWS::ECR::Repository}
  Role: {Type: AWS::IAM::Role}
Outputs:
  RefParam: {Value: !Ref Env}
  RefNumber: {Value: !Ref Port}
  RefNoDefault: {Value: !Ref NoDefault}
  RefList: {Value: !Ref Subnets}
  RefSecret: {Value: !Ref Secret}
  RefSsm: {Value: !Ref Ami}
  RefRegion: {Value: !Ref "AWS::Region"}
  RefResource: {Value: !Ref Repo}
  RefNoValue: {Value: !Ref "AWS::NoValue"}
  GetAttShort: {Value: !GetAtt Repo.RepositoryUri}
  GetAttLong: {Value: {"Fn::GetAtt": [Role, Arn]}}
  GetAttRefAttribute: {Value: !GetAtt [Role, !Ref Attr]}
  GetAttDotted: {Value: !GetAtt Repo.Endpoint.Address}
  SubString: {Value: !Sub "${Env}-${Port}-${!Literal}-${AWS::Region}"}
  SubVars: {Value: !Sub ["${Name}.${Env}", {Name: !If [IsProd, www, test], Env: override}]}
  SubResource: {Value: !Sub "${Repo.RepositoryUri}:latest"}
  SubPartial: {Value: !Sub "com.amazonaws.${AWS::Region}.ecr.api"}
  SubNested: {Value: !Sub ["${A}/${B}", {A: !Join ["-", [x, !Ref Env]], B: !Select [1, !Ref Subnets]}]}
  Join: {Value: !Join [",", [a, !Ref Env, 3, !Ref "AWS::NoValue"]]}
  JoinList: {Value: !Join ["+", !Ref Subnets]}
  JoinPartial: {Value: !Join ["", ["arn:aws:s3:::", !Ref Repo, "/*"]]}
  Select: {Value: !Select [1, [a, b, c]]}
  SelectStringIndex: {Value: !Select ["0", !Ref Subnets]}
  SelectAzs: {Value: !Select [0, !GetAZs ""]}
  Split: {Value: !Split [":", "a:b::c"]}
  SplitSelect: {Value: !Select [2, !Split [":", "arn:aws:ecr"]]}
  IfTrue: {Value: !If [IsProd, yes-prod, not-prod]}
  IfFalse: {Value: !If [IsDev, dev, !Ref "AWS::NoValue"]}
  IfUnknown: {Value: !If [Unknowable, !Ref Repo, !GetAtt Role.Arn]}
  IfInList: {Value: [a, !If [IsDev, b, !Ref "AWS::NoValue"], c]}
  IfInMap: {Value: {Keep: 1, Drop: !If [IsDev, 2, !Ref "AWS::NoValue"]}}
  FindInMap: {Value: !FindInMap [Sizes, !Ref Env, Cpu]}
  FindInMapList: {Value: !FindInMap [Sizes, prod, Zones]}
  FindInMapDefault: {Value: !FindInMap [Sizes, staging, Cpu, {DefaultValue: "512"}]}
  FindInMapMissing: {Value: !FindInMap [Sizes, staging, Cpu]}
  FindInMapUnknownKey: {Value: !FindInMap [Sizes, !Ref NoDefault, Cpu]}
  ImportValue: {Value: !ImportValue network-VpcId}
  Base64: {Value: !Base64 hello}
  Base64Sub: {Value: !Base64 {"Fn::Sub": "echo ${Env}"}}
  Cidr: {Value: !Cidr ["10.0.0.0/16", 3, 8]}
  CidrV6: {Value: !Cidr ["2001:db8::/56", 2, 64]}
  CidrUnknown: {Value: !Cidr [!GetAtt Repo.CidrBlock, 2, 8]}
  GetAZs: {Value: !GetAZs ""}
  Transform: {Value: {"Fn::Transform": {Name: AWS::Include}}}
  Length: {Value: {"Fn::Length": [a, b, c]}}
  ToJson: {Value: {"Fn::ToJsonString": {b: [1, true], a: !Ref Env}}}
  EqualsInValue: {Value: {"Fn::Equals": [a, a]}}
  NumberAndString: {Value: !If [ProdAndPort80, port-80, other]}
)";

}  // namespace

TEST_CASE("Ref gives parameter values, pseudo parameters, and typed unknowns for resources",
          "[cfn][intrinsics]") {
  Fixture f(kTemplate);
  CHECK(f.render("RefParam") == R"("prod")");
  CHECK(f.render("RefNumber") == R"("80")");  // CloudFormation hands Number parameters as strings
  CHECK(f.render("RefNoDefault") ==
        "unknown (parameter NoDefault has no default and no value was given)");
  CHECK(f.render("RefList") == R"(["subnet-a","subnet-b"])");
  CHECK(f.render("RefSecret") == "<sensitive>");
  CHECK(f.output("RefSecret").text() == "hunter2");
  CHECK(f.render("RefSsm") ==
        "unknown (parameter Ami is resolved from SSM Parameter Store at deployment)");
  CHECK(f.render("RefRegion") == "unknown (AWS::Region is only known at deployment)");
  CHECK(f.render("RefResource") == "unknown (known after deployment: Ref Repo)");
  CHECK(f.eval().references(f.output("RefResource")) == std::vector<std::string>{"Repo"});
  CHECK(f.output("RefNoValue").is_absent());
  CHECK(f.codes().empty());
}

TEST_CASE("parameter overrides and given pseudo parameters replace defaults", "[cfn][intrinsics]") {
  Fixture f(
      kTemplate,
      {{"Env", "dev"}, {"NoDefault", "x"}, {"AWS::Region", "eu-west-1"}, {"Subnets", "s1,s2,s3"}});
  CHECK(f.render("RefParam") == R"("dev")");
  CHECK(f.render("RefNoDefault") == R"("x")");
  CHECK(f.render("RefRegion") == R"("eu-west-1")");
  CHECK(f.render("RefList") == R"(["s1","s2","s3"])");
  CHECK(f.render("IfTrue") == R"("not-prod")");
  CHECK(f.render("IfFalse") == R"("dev")");
  CHECK(f.render("FindInMap") == R"(256)");
  CHECK(f.condition("Unknowable").state == Truth::State::kTrue);
  CHECK(f.condition("RegionKnown").state == Truth::State::kTrue);
}

TEST_CASE("Fn::GetAtt in both forms", "[cfn][intrinsics]") {
  Fixture f(kTemplate);
  CHECK(f.render("GetAttShort") ==
        "unknown (known after deployment: Fn::GetAtt Repo.RepositoryUri)");
  CHECK(f.render("GetAttLong") == "unknown (known after deployment: Fn::GetAtt Role.Arn)");
  CHECK(f.render("GetAttRefAttribute") == "unknown (known after deployment: Fn::GetAtt Role.Arn)");
  CHECK(f.render("GetAttDotted") ==
        "unknown (known after deployment: Fn::GetAtt Repo.Endpoint.Address)");
  CHECK(f.eval().references(f.output("GetAttLong")) == std::vector<std::string>{"Role"});
}

TEST_CASE("Fn::Sub in both forms, with ${!Literal}, nested If and partly known strings",
          "[cfn][intrinsics]") {
  Fixture f(kTemplate, {{"AWS::Region", "us-east-1"}});
  CHECK(f.render("SubString") == R"("prod-80-${Literal}-us-east-1")");
  // Variables of the second form win over parameters of the same name; a variable may be an If.
  CHECK(f.render("SubVars") == R"("www.override")");
  CHECK(f.render("SubNested") == R"("x-prod/subnet-b")");
  Value resource = f.output("SubResource");
  CHECK(resource.render() == "unknown (known after deployment: Fn::GetAtt Repo.RepositoryUri)");
  CHECK(f.eval().references(resource) == std::vector<std::string>{"Repo"});
  const auto* parts = f.eval().parts(resource);
  REQUIRE(parts != nullptr);
  REQUIRE(parts->size() == 2);
  CHECK_FALSE((*parts)[0].known);
  CHECK((*parts)[1].text == ":latest");

  Fixture g(kTemplate);  // no region given
  Value partial = g.output("SubPartial");
  CHECK(partial.render() == "unknown (AWS::Region is only known at deployment)");
  parts = g.eval().parts(partial);
  REQUIRE(parts != nullptr);
  REQUIRE(parts->size() == 3);
  CHECK((*parts)[0].text == "com.amazonaws.");
  CHECK_FALSE((*parts)[1].known);
  CHECK((*parts)[2].text == ".ecr.api");
}

TEST_CASE("Fn::Join, Fn::Select, Fn::Split", "[cfn][intrinsics]") {
  Fixture f(kTemplate);
  CHECK(f.render("Join") == R"("a,prod,3")");  // AWS::NoValue drops the item
  CHECK(f.render("JoinList") == R"("subnet-a+subnet-b")");
  Value partial = f.output("JoinPartial");
  CHECK(partial.is_unknown());
  CHECK(f.eval().references(partial) == std::vector<std::string>{"Repo"});
  REQUIRE(f.eval().parts(partial) != nullptr);
  CHECK(f.eval().parts(partial)->front().text == "arn:aws:s3:::");
  CHECK(f.render("Select") == R"("b")");
  CHECK(f.render("SelectStringIndex") == R"("subnet-a")");
  CHECK(f.render("SelectAzs") ==
        "unknown (Fn::GetAZs: the region's availability zones are only known at deployment)");
  CHECK(f.render("Split") == R"(["a","b","","c"])");
  CHECK(f.render("SplitSelect") == R"("ecr")");
}

TEST_CASE(
    "Fn::If takes the decided branch, drops AWS::NoValue, and keeps both branches' "
    "references when undecidable",
    "[cfn][intrinsics][conditions]") {
  Fixture f(kTemplate);
  CHECK(f.render("IfTrue") == R"("yes-prod")");
  CHECK(f.output("IfFalse").is_absent());
  Value undecided = f.output("IfUnknown");
  CHECK(undecided.render() ==
        "unknown (depends on condition Unknowable: parameter NoDefault has no default and no "
        "value was given)");
  CHECK(f.eval().references(undecided) == std::vector<std::string>{"Repo", "Role"});
  CHECK(f.render("IfInList") == R"(["a","c"])");
  CHECK(f.render("IfInMap") == R"({"Keep":1})");
}

TEST_CASE("conditions: Equals, And, Or, Not, Condition, Kleene logic, cycles",
          "[cfn][conditions]") {
  Fixture f(kTemplate);
  using S = Truth::State;
  CHECK(f.condition("IsProd").state == S::kTrue);
  CHECK(f.condition("IsDev").state == S::kFalse);
  CHECK(f.condition("NotProd").state == S::kFalse);       // a condition of a condition
  CHECK(f.condition("ProdAndPort80").state == S::kTrue);  // "80" equals 80
  CHECK(f.condition("DevOrProd").state == S::kTrue);
  CHECK(f.condition("Unknowable").state == S::kUnknown);
  CHECK(f.condition("UnknownAndFalse").state == S::kFalse);  // unknown and false = false
  CHECK(f.condition("UnknownOrTrue").state == S::kTrue);     // unknown or true = true
  CHECK(f.condition("UnknownAndTrue").state == S::kUnknown);
  CHECK(f.condition("RegionKnown").state == S::kUnknown);
  CHECK(f.codes().empty());  // Loop1/Loop2 are never evaluated: conditions are lazy
  CHECK(f.condition("Loop1").state == S::kUnknown);
  CHECK(f.codes() == std::vector<std::string>{"cfn.condition.circular"});
  CHECK(f.condition("Loop1").state == S::kUnknown);  // memoised, reported once
  CHECK(f.codes().size() == 1);
}

TEST_CASE("Fn::FindInMap with a Ref key, a default, a missing key", "[cfn][intrinsics]") {
  Fixture f(kTemplate);
  CHECK(f.render("FindInMap") == R"("1024")");
  CHECK(f.render("FindInMapList") == R"(["a","b"])");
  CHECK(f.render("FindInMapDefault") == R"("512")");
  CHECK(f.render("FindInMapUnknownKey") ==
        "unknown (parameter NoDefault has no default and no value was given)");
  CHECK(f.codes().empty());
  CHECK(f.render("FindInMapMissing") == "unknown (Fn::FindInMap Sizes.staging.Cpu is not defined)");
  CHECK(f.codes() == std::vector<std::string>{"cfn.mapping.missing_key"});
}

TEST_CASE("Fn::ImportValue, Fn::Base64, Fn::Cidr, Fn::GetAZs and the language extensions",
          "[cfn][intrinsics]") {
  Fixture f(kTemplate);
  CHECK(f.render("ImportValue") ==
        "unknown (Fn::ImportValue network-VpcId: exported by another stack)");
  CHECK(f.render("Base64") == R"("aGVsbG8=")");
  CHECK(f.render("Base64Sub") == R"("ZWNobyBwcm9k")");
  CHECK(f.render("Cidr") == R"(["10.0.0.0/24","10.0.1.0/24","10.0.2.0/24"])");
  CHECK(f.render("CidrV6") == R"(["2001:db8::/64","2001:db8:0:1::/64"])");
  CHECK(f.render("CidrUnknown") == "unknown (known after deployment: Fn::GetAtt Repo.CidrBlock)");
  CHECK(f.render("GetAZs") ==
        "unknown (Fn::GetAZs: the region's availability zones are only known at deployment)");
  CHECK(f.render("Transform") ==
        "unknown (Fn::Transform: the macro's output is only known at deployment)");
  CHECK(f.render("Length") == "3");
  CHECK(f.render("ToJson") == R"("{\"a\":\"prod\",\"b\":[1,true]}")");
  CHECK(f.render("EqualsInValue") == "true");
  CHECK(f.render("NumberAndString") == R"("port-80")");
  CHECK(f.codes().empty());
}

TEST_CASE("values keep the line, column and JSON pointer they came from", "[cfn][intrinsics]") {
  Fixture f(
      "Resources: {R: {Type: AWS::ECR::Repository}}\nOutputs:\n  X:\n    Value:\n"
      "      - literal\n      - !Ref R\n");
  Value v = f.output("X");
  REQUIRE(v.is_list());
  CHECK(v.items()[0].pos().line == 5);
  CHECK(v.items()[0].pos().column == 9);
  CHECK(v.items()[0].pos().pointer == "/Outputs/X/Value/0");
  CHECK(v.items()[1].pos().line == 6);
  CHECK(v.items()[1].pos().pointer == "/Outputs/X/Value/1");
}
