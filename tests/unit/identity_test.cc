#include <catch2/catch.hpp>

#include "graph/identity.h"

using namespace ecsguard;

TEST_CASE("names are recovered from ARNs and image URIs", "[identity]") {
  CHECK(cluster_name_from("arn:aws:ecs:us-east-1:123456789012:cluster/main") == "main");
  CHECK(cluster_name_from("main") == "main");
  CHECK(cluster_name_from("arn:aws:ecs:us-east-1:123456789012:service/main/web").empty());
  CHECK(task_family_from("arn:aws:ecs:us-east-1:123456789012:task-definition/web:7") == "web");
  CHECK(task_family_from("web:3") == "web");
  CHECK(task_family_from("web") == "web");
  CHECK(service_name_from("arn:aws:ecs:us-east-1:1:service/main/web") == "web");
  CHECK(ecr_repository_from_image("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:1.2") ==
        "team/app");
  CHECK(ecr_repository_from_image(
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:"
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef") == "web");
  CHECK(ecr_repository_from_image("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app") ==
        "app");
  CHECK(ecr_repository_from_image("nginx:latest").empty());
  CHECK(ecr_repository_from_image("public.ecr.aws/nginx/nginx:1").empty());
  CHECK(iam_role_name_from("arn:aws:iam::123456789012:role/service/exec") == "exec");
  CHECK(endpoint_service_from("com.amazonaws.us-east-1.ecr.api") == "ecr.api");
  CHECK(endpoint_service_from("cn.com.amazonaws.cn-north-1.s3") == "s3");
  CHECK(endpoint_service_from("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0").empty());
}
