#include <catch2/catch.hpp>

#include "terraform/address.h"

using namespace ecsguard::terraform;

TEST_CASE("instance addresses parse with module and resource keys", "[address]") {
  Address a;
  REQUIRE(parse_address("module.app[\"blue\"].module.svc[0].aws_ecs_service.this[\"k.1\"]", a));
  REQUIRE(a.modules.size() == 2);
  CHECK(a.modules[0].name == "app");
  CHECK(a.modules[0].key == "[\"blue\"]");
  CHECK(a.modules[1].key == "[0]");
  CHECK(a.type == "aws_ecs_service");
  CHECK(a.name == "this");
  CHECK(a.key == "[\"k.1\"]");
  CHECK(a.module_path() == "module.app.module.svc");
  CHECK(a.module_instance() == "module.app[\"blue\"].module.svc[0].");
  CHECK(a.full() == "module.app[\"blue\"].module.svc[0].aws_ecs_service.this[\"k.1\"]");

  REQUIRE(parse_address("aws_ecr_repository.repo", a));
  CHECK(a.modules.empty());
  CHECK(a.key.empty());
  CHECK_FALSE(parse_address("data.aws_iam_policy_document.x", a));
  CHECK_FALSE(parse_address("module.x", a));
  CHECK_FALSE(parse_address("", a));
}

TEST_CASE("references split into dotted steps", "[address]") {
  auto steps = split_reference("module.x[0].cluster_arn");
  REQUIRE(steps.size() == 3);
  CHECK(steps[1] == "x[0]");
  steps = split_reference("aws_ecs_cluster.main[\"a.b\"].arn");
  REQUIRE(steps.size() == 3);
  CHECK(steps[1] == "main[\"a.b\"]");
}
