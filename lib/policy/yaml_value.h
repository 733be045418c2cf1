// Internal: YAML nodes as Values, and the shorthand plans of policy tests.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "core/value.h"

namespace ecsguard::policy {

// Plain scalars are typed as YAML 1.2 core schema does (null, booleans, numbers, strings);
// quoted scalars are always strings. Positions come from the YAML marks.
Value yaml_to_value(const YAML::Node& node);

// Turns a policy test's shorthand — a mapping of Terraform resource addresses to their
// attributes — into the JSON `terraform show -json` would write for a plan that creates them.
// Attribute values may be tagged: `!unknown REF` (known after apply, set from REF in the
// configuration), `!computed` (unknown in the plan, not set in the configuration) and
// `!sensitive VALUE`. `container_definitions` may be a list and policy documents a mapping;
// they are JSON-encoded as `jsonencode` would. With `json` null, the resources are only checked
// (false and `why` as when writing it).
bool synthesise_plan(const YAML::Node& resources, std::string* json, std::string& why);

}  // namespace ecsguard::policy
