// Names and identifiers recovered from the literal strings inputs use to point at each other
// (ARNs, "family:revision", ECR image URIs), so readers can link resources that are not joined
// by a reference. Every function returns an empty string when the input has no such part.
#pragma once

#include <string>
#include <string_view>

namespace ecsguard {

// "arn:aws:ecs:us-east-1:123:cluster/main" or "main" → "main".
std::string cluster_name_from(std::string_view s);
// "arn:aws:ecs:...:task-definition/web:7", "web:7" or "web" → "web".
std::string task_family_from(std::string_view s);
// "arn:aws:ecs:...:service/cluster/name" or "name" → "name".
std::string service_name_from(std::string_view s);
// "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:1.2@sha256:..." → "team/app".
std::string ecr_repository_from_image(std::string_view image);
// "arn:aws:iam::123:role/path/name" → "name"; a plain name is returned as is.
std::string iam_role_name_from(std::string_view s);
// "com.amazonaws.us-east-1.ecr.api" → "ecr.api"; "cn.com.amazonaws.cn-north-1.s3" → "s3".
std::string endpoint_service_from(std::string_view service_name);

// The keys under which both readers register nodes and request links (GraphBuilder::add_key,
// GraphBuilder::link). The literal forms map a value as written (an ARN, "family:revision", an
// image URI) to the key of the node it names; they return "" when the value names nothing.
std::string name_key(std::string_view name);
std::string id_key(std::string_view id);
std::string cluster_key(std::string_view name_or_arn);
std::string family_key(std::string_view family_revision_or_arn);
std::string service_key(std::string_view name_or_arn);
std::string role_key(std::string_view name_or_arn);
std::string repository_key(std::string_view repository_name);
std::string image_repository_key(std::string_view image);

}  // namespace ecsguard
