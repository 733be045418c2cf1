// Input format detection from content, never from the file name.
#pragma once

#include <string_view>

namespace ecsguard {

enum class InputFormat {
  kUnknown,             // not something ecsguard reads
  kJsonUnknown,         // JSON whose first bytes do not say what it is
  kTerraformPlan,       // `terraform show -json` of a plan (or OpenTofu's)
  kTerraformState,      // `terraform show -json` of a state
  kCloudFormationJson,  // a CloudFormation template in JSON (also CDK output)
  kCloudFormationYaml,  // a CloudFormation template in YAML
  kCdkManifest,         // a cloud assembly's manifest.json
};

const char* to_string(InputFormat f);

// Looks at the first bytes of a document (a BOM already skipped).
InputFormat detect_format(std::string_view data);

// True when the first non-blank byte opens a JSON object or array (how a CloudFormation template
// in JSON is told from one in YAML).
bool looks_like_json(std::string_view data);

}  // namespace ecsguard
