// One container definition in canonical shape, from either spelling: the ECS API / Terraform
// JSON (camelCase) or CloudFormation (PascalCase). Keys become snake_case at every level except
// inside free-form maps (log driver options, Docker labels); `environment` and `secrets` are
// sorted by name and environment values are strings, as ECS stores them.
#pragma once

#include "core/value.h"

namespace ecsguard {

Value canonical_container(const Value& raw);

}  // namespace ecsguard
