// The CloudFormation reader end to end: conditions on resources, parameters from the caller,
// CDK construct paths, edges through Ref, GetAtt, Sub, Join and literals, folding, locations.
#include <catch2/catch.hpp>
#include <sstream>

#include "cli/cli.h"
#include "cloudformation/reader.h"
#include "graph/dump.h"
#include "inputs/inputs.h"
#include "tf_helpers.h"

using namespace ecsguard;
using ecsguard::test::find_node;
using ecsguard::test::has_edge;

namespace {

Graph read_template(std::string text, cloudformation::ReadOptions options = {},
                    std::string name = "t.yaml") {
  auto buffer = InputBuffer::from_string(std::move(name), std::move(text));
  return cloudformation::read(*buffer, options);
}

std::string attr(const Graph& g, const std::string& address, const char* path,
                 const std::string& element = "") {
  const Node* n = find_node(g, address, element);
  if (n == nullptr) return "<no node>";
  const Value attributes = all_attributes(*n);
  const Value* v = attributes.find_path(path);
  return v == nullptr ? "<none>" : v->render();
}

}  // namespace

TEST_CASE("resource conditions: false leaves the resource out, undecidable marks it",
          "[cfn][reader]") {
  const char* t = R"(
Parameters:
  Env: {Type: String, Default: prod}
  Flag: {Type: String}
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  Maybe: !Equals [!Ref Flag, "on"]
Resources:
  DevOnly:
    Type: AWS::ECR::Repository
    Condition: IsDev
  Sometimes:
    Type: AWS::ECS::TaskDefinition
    Condition: Maybe
    Properties:
      ContainerDefinitions: [{Name: app, Image: nginx}]
  Always:
    Type: AWS::ECS::Cluster
)";
  Graph g = read_template(t);
  CHECK(g.info().resources == 3);
  CHECK(find_node(g, "DevOnly") == nullptr);
  REQUIRE(find_node(g, "Sometimes") != nullptr);
  CHECK(find_node(g, "Sometimes")->conditional);
  REQUIRE(find_node(g, "Sometimes", "containers[app]") != nullptr);
  CHECK(find_node(g, "Sometimes", "containers[app]")->conditional);
  CHECK_FALSE(find_node(g, "Always")->conditional);

  cloudformation::ReadOptions options;
  options.parameters = {{"Env", "dev"}, {"Flag", "off"}};
  Graph h = read_template(t, options);
  CHECK(find_node(h, "DevOnly") != nullptr);
  CHECK(find_node(h, "Sometimes") == nullptr);
  CHECK(h.info().diagnostics.empty());
}

TEST_CASE("edges through Ref, GetAtt, Sub, Join and literal names and URIs", "[cfn][reader]") {
  const char* t = R"(
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x, VpcId: !GetAtt Vpc.VpcId}}
  Cluster: {Type: AWS::ECS::Cluster, Properties: {ClusterName: main}}
  Repo: {Type: AWS::ECR::Repository, Properties: {RepositoryName: team/app}}
  Other: {Type: AWS::ECR::Repository, Properties: {RepositoryName: other}}
  Literal: {Type: AWS::ECR::Repository, Properties: {RepositoryName: literal}}
  Role: {Type: AWS::IAM::Role, Properties: {RoleName: exec}}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: web
      ExecutionRoleArn: !Sub arn:aws:iam::${AWS::AccountId}:role/exec
      TaskRoleArn: !Join ["", ["arn:aws:iam::", !Ref "AWS::AccountId", ":role/", !Ref Role]]
      ContainerDefinitions:
        - {Name: a, Image: !Sub "${Repo.RepositoryUri}:1"}
        - {Name: b, Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/other:2"}
        - {Name: c, Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/literal@sha256:abc}
        - {Name: d, Image: !Join ["", [!Ref "AWS::AccountId", ".dkr.ecr.", !Ref "AWS::Region", ".", !Ref "AWS::URLSuffix", "/", !Ref Repo, ":3"]]}
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: main
      TaskDefinition: web:3
      NetworkConfiguration:
        AwsvpcConfiguration: {Subnets: [!Ref Subnet], SecurityGroups: [!GetAtt Sg.GroupId]}
)";
  Graph g = read_template(t);
  CHECK(g.info().diagnostics.empty());
  CHECK(has_edge(g, "Subnet", Relation::kVpc, "Vpc"));
  CHECK(has_edge(g, "Sg", Relation::kVpc, "Vpc"));
  CHECK(has_edge(g, "Service", Relation::kCluster, "Cluster"));      // literal name
  CHECK(has_edge(g, "Service", Relation::kTaskDefinition, "Task"));  // literal family:rev
  CHECK(has_edge(g, "Service", Relation::kSubnets, "Subnet"));
  CHECK(has_edge(g, "Service", Relation::kSecurityGroups, "Sg"));
  CHECK(has_edge(g, "Service", Relation::kVpc, "Vpc"));          // through its subnet
  CHECK(has_edge(g, "Task", Relation::kExecutionRole, "Role"));  // role name in a Sub
  CHECK(has_edge(g, "Task", Relation::kTaskRole, "Role"));       // Ref inside a Join
  CHECK(has_edge(g, "Task", Relation::kImageRepository, "Repo", "containers[a]"));
  CHECK(has_edge(g, "Task", Relation::kImageRepository, "Other", "containers[b]"));
  CHECK(has_edge(g, "Task", Relation::kImageRepository, "Literal", "containers[c]"));
  CHECK(has_edge(g, "Task", Relation::kImageRepository, "Repo", "containers[d]"));
}

TEST_CASE("the endpoint service is known even when the region is not", "[cfn][reader]") {
  Graph g = read_template(R"(
Resources:
  Api:
    Type: AWS::EC2::VPCEndpoint
    Properties: {VpcId: vpc-1, ServiceName: !Sub "com.amazonaws.${AWS::Region}.ecr.api"}
  Custom:
    Type: AWS::EC2::VPCEndpoint
    Properties: {VpcId: vpc-1, ServiceName: !Sub "com.amazonaws.us-east-1.${Suffix}"}
Parameters:
  Suffix: {Type: String}
)");
  CHECK(attr(g, "Api", "service") == R"("ecr.api")");
  CHECK(attr(g, "Api", "service_name") == "unknown (AWS::Region is only known at deployment)");
  CHECK(attr(g, "Custom", "service") ==
        "unknown (parameter Suffix has no default and no value was given)");
}

TEST_CASE("CloudFormation spellings and types become the canonical ones", "[cfn][reader]") {
  Graph g = read_template(R"(
Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      EnableExecuteCommand: "true"
      DesiredCount: "3"
      NetworkConfiguration:
        AwsvpcConfiguration: {AssignPublicIp: ENABLED, Subnets: [subnet-b, subnet-a]}
  TaskSet:
    Type: AWS::ECS::TaskSet
    Properties:
      Cluster: c
      Service: s
      TaskDefinition: t
      NetworkConfiguration:
        AwsVpcConfiguration: {AssignPublicIp: DISABLED, Subnets: [subnet-a]}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Cpu: 256
      Memory: 0.5 GB
      Volumes:
        - Name: efs
          EFSVolumeConfiguration: {FilesystemId: fs-1, TransitEncryption: ENABLED}
        - Name: host
          Host: {SourcePath: /var/run/docker.sock}
      ContainerDefinitions:
        - Name: app
          Image: nginx
          Essential: "false"
          Memory: "512"
          User: 1000
          Environment: [{Name: B, Value: 2}, {Name: A, Value: true}]
          LogConfiguration: {LogDriver: awslogs, Options: {awslogs-create-group: true}}
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings: [{Name: containerInsights, Value: enabled}]
      Tags: [{Key: team, Value: platform}]
)");
  CHECK(attr(g, "Service", "enable_execute_command") == "true");
  CHECK(attr(g, "Service", "desired_count") == "3");
  CHECK(attr(g, "Service", "network_configuration.assign_public_ip") == "true");
  CHECK(attr(g, "Service", "network_configuration.subnets") == R"(["subnet-a","subnet-b"])");
  CHECK(attr(g, "TaskSet", "network_configuration.assign_public_ip") == "false");
  CHECK(attr(g, "Task", "cpu") == R"("256")");
  CHECK(attr(g, "Task", "memory") == R"("0.5 GB")");
  const Node* task = find_node(g, "Task");
  REQUIRE(task != nullptr);
  const Value* volumes = task->attributes.find("volumes");
  REQUIRE(volumes != nullptr);
  REQUIRE(volumes->is_list());
  CHECK(volumes->items()[0].find_path("efs_volume_configuration.file_system_id")->render() ==
        R"("fs-1")");
  CHECK(volumes->items()[1].find_path("host.source_path")->render() == R"("/var/run/docker.sock")");
  CHECK(attr(g, "Task", "essential", "containers[app]") == "false");
  CHECK(attr(g, "Task", "memory", "containers[app]") == "512");
  CHECK(attr(g, "Task", "user", "containers[app]") == R"("1000")");
  // Environment values are coerced to strings and are always sensitive (never printed).
  CHECK(attr(g, "Task", "environment", "containers[app]") ==
        R"([{"name":"A","value":<sensitive>},{"name":"B","value":<sensitive>}])");
  const Node* app = find_node(g, "Task", "containers[app]");
  REQUIRE(app != nullptr);
  CHECK(app->attributes.find("environment")->items()[0].find("value")->text() == "true");
  CHECK(app->attributes.find("environment")->items()[1].find("value")->text() == "2");
  CHECK(attr(g, "Task", "log_configuration.options", "containers[app]") ==
        R"({"awslogs-create-group":"true"})");
  CHECK(attr(g, "Cluster", "container_insights") == R"("enabled")");
  CHECK(attr(g, "Cluster", "tags") == R"({"team":"platform"})");
}

TEST_CASE("side resources fold into the nodes they configure", "[cfn][reader]") {
  Graph g = read_template(R"(
Resources:
  A: {Type: AWS::IAM::Role, Properties: {RoleName: a}}
  B: {Type: AWS::IAM::Role, Properties: {RoleName: b}}
  Shared:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: shared
      Roles: [!Ref A, b]
      PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x}}
  In:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !GetAtt Sg.GroupId, IpProtocol: "-1", CidrIp: 0.0.0.0/0}
  Cluster: {Type: AWS::ECS::Cluster}
  Providers:
    Type: AWS::ECS::ClusterCapacityProviderAssociations
    Properties:
      Cluster: !Ref Cluster
      CapacityProviders: [FARGATE]
      DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: 1}]
  Repo: {Type: AWS::ECR::Repository}
  Scanning:
    Type: AWS::ECR::RegistryScanningConfiguration
    Properties: {ScanType: ENHANCED, Rules: []}
)");
  CHECK(g.info().diagnostics.empty());
  for (const char* role : {"A", "B"}) {
    INFO(role);
    CHECK(find_node(g, role)->folded() == std::vector<std::string>{"Shared"});
    CHECK(
        attr(g, role, "inline_policies") ==
        R"([{"document":{"statements":[{"actions":["s3:*"],"effect":"Allow","resources":["*"]}]},"name":"shared"}])");
  }
  CHECK(attr(g, "Sg", "ingress[0]") == "<none>");  // find_path does not index lists
  const Value sg = all_attributes(*find_node(g, "Sg"));
  const Value* ingress = sg.find("ingress");
  REQUIRE(ingress != nullptr);
  REQUIRE(ingress->size() == 1);
  CHECK(ingress->items()[0].find("cidr_blocks")->render() == R"(["0.0.0.0/0"])");
  CHECK(ingress->items()[0].find("protocol")->render() == R"("-1")");
  CHECK(ingress->items()[0].find("from_port")->is_absent());
  CHECK(attr(g, "Cluster", "capacity_providers") == R"(["FARGATE"])");
  CHECK(attr(g, "Cluster", "default_capacity_provider_strategy") ==
        R"([{"base":absent (default 0),"capacity_provider":"FARGATE","weight":1}])");
  CHECK(has_edge(g, "Repo", Relation::kRegistry, "Scanning"));
}

TEST_CASE("nodes and values point at their line, column and JSON pointer", "[cfn][reader]") {
  Graph g = read_template(
      "Resources:\n  Repo:\n    Type: AWS::ECR::Repository\n"
      "    Properties:\n      RepositoryName: app\n");
  const Node* repo = find_node(g, "Repo");
  REQUIRE(repo != nullptr);
  CHECK(repo->pos.line == 2);
  CHECK(repo->pos.column == 3);
  CHECK(repo->pos.pointer == "/Resources/Repo");
  const Value* name = repo->attributes.find("name");
  CHECK(name->pos().line == 5);
  CHECK(name->pos().column == 23);
  CHECK(name->pos().pointer == "/Resources/Repo/Properties/RepositoryName");

  Graph j = read_template(R"({"Resources": {"Repo": {"Type": "AWS::ECR::Repository",
  "Properties": {"RepositoryName": "app"}}}})",
                          {}, "t.json");
  CHECK(j.info().format == "cloudformation-json");
  const Value* jname = find_node(j, "Repo")->attributes.find("name");
  CHECK(jname->pos().line == 2);
  CHECK(jname->pos().column == 36);
  CHECK(jname->pos().pointer == "/Resources/Repo/Properties/RepositoryName");
}

TEST_CASE("CDK construct paths come from Metadata, or from the assembly manifest",
          "[cfn][reader][cdk]") {
  const char* t = R"({"Resources": {
    "Repo1": {"Type": "AWS::ECR::Repository", "Metadata": {"aws:cdk:path": "Stack/Repo/Resource"}},
    "Repo2": {"Type": "AWS::ECR::Repository"}}})";
  cloudformation::ReadOptions options;
  options.construct_paths = {{"Repo2", "Stack/Other/Resource"}, {"Repo1", "ignored"}};
  Graph g = read_template(t, options, "t.json");
  CHECK(find_node(g, "Repo1")->construct_path == "Stack/Repo/Resource");
  CHECK(find_node(g, "Repo2")->construct_path == "Stack/Other/Resource");
}

TEST_CASE("ecsguard graph takes --param and --param-file for templates", "[cfn][cli]") {
  auto run = [](std::vector<std::string> args) {
    std::ostringstream out, err;
    int code = cli::run(args, out, err);
    return std::make_tuple(code, out.str(), err.str());
  };
  const std::string t = "testdata/equivalence/conditions_parameters/template.yaml";
  auto [code, out, err] = run({"graph", t, "--param", "Environment=dev", "--no-locations"});
  CHECK(code == cli::kExitOk);
  CHECK(err.empty());
  CHECK(out.find("name = \"dev-cluster\"") != std::string::npos);
  CHECK(out.find("node ecr_repository ScratchRepository") != std::string::npos);

  auto [code2, out2, err2] =
      run({"graph", t, "--param-file=testdata/equivalence/parameters.json", "--param=ImageTag=2"});
  CHECK(code2 == cli::kExitOk);
  CHECK(out2.find("prod-app:2") != std::string::npos);
  CHECK(out2.find("123456789012.dkr.ecr.us-east-1") != std::string::npos);

  auto [code3, out3, err3] = run({"graph", t, "--param", "novalue"});
  CHECK(code3 == cli::kExitError);
  CHECK(err3 == "ecsguard graph: --param expects Name=Value, found 'novalue'\n");
  auto [code4, out4, err4] =
      run({"graph", t, "--param-file", "testdata/bad/cloudformation/not_a_template.json"});
  CHECK(code4 == cli::kExitError);
  CHECK(err4.find("expected a list of {\"ParameterKey\", \"ParameterValue\"} objects") !=
        std::string::npos);
}

TEST_CASE("parameter files in both shapes", "[cfn][inputs]") {
  InputOptions o;
  std::string error;
  REQUIRE(add_parameter(o, "A=x=y", error));
  CHECK(o.parameters["A"] == "x=y");
  CHECK_FALSE(add_parameter(o, "=x", error));
  REQUIRE(load_parameter_file(o, "testdata/cloudformation/parameters/cli.json", error));
  CHECK(o.parameters["Environment"] == "staging");
  CHECK(o.parameters["DesiredCount"] == "3");
  CHECK(o.parameters["Subnets"] == "subnet-a,subnet-b");
  CHECK(o.parameters.count("Kept") == 0);  // UsePreviousValue
  REQUIRE(load_parameter_file(o, "testdata/cloudformation/parameters/pipeline.json", error));
  CHECK(o.parameters["Environment"] == "prod");
  CHECK(o.parameters["EnableInsights"] == "true");
  CHECK_FALSE(load_parameter_file(o, "testdata/cloudformation/parameters/missing.json", error));
  CHECK(error.find("cannot read input") != std::string::npos);
}
