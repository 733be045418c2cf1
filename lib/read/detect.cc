#include "read/detect.h"

#include <algorithm>

namespace ecsguard {

const char* to_string(InputFormat f) {
  switch (f) {
    case InputFormat::kUnknown:
      return "unknown";
    case InputFormat::kJsonUnknown:
      return "json";
    case InputFormat::kTerraformPlan:
      return "terraform-plan";
    case InputFormat::kTerraformState:
      return "terraform-state";
    case InputFormat::kCloudFormationJson:
      return "cloudformation-json";
    case InputFormat::kCloudFormationYaml:
      return "cloudformation-yaml";
    case InputFormat::kCdkManifest:
      return "cdk-manifest";
  }
  return "unknown";
}

namespace {

bool contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

}  // namespace

InputFormat detect_format(std::string_view data) {
  std::size_t i = 0;
  while (i < data.size() && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
                             data[i] == '\n')) {
    ++i;
  }
  if (i == data.size()) return InputFormat::kUnknown;
  std::string_view head = data.substr(i, std::min<std::size_t>(data.size() - i, 64 * 1024));
  if (head[0] == '{' || head[0] == '[') {
    bool tf = contains(head, "\"terraform_version\"") || contains(head, "\"format_version\"");
    if (contains(head, "\"resource_changes\"") || contains(head, "\"planned_values\"") ||
        contains(head, "\"provider_config\"")) {
      return InputFormat::kTerraformPlan;
    }
    if (tf && contains(head, "\"values\"") && !contains(head, "\"configuration\"")) {
      return InputFormat::kTerraformState;
    }
    if (tf) return InputFormat::kTerraformPlan;
    if (contains(head, "\"AWSTemplateFormatVersion\"") || contains(head, "\"Resources\"")) {
      return InputFormat::kCloudFormationJson;
    }
    if (contains(head, "\"artifacts\"") && contains(head, "\"aws:cloudformation:stack\"")) {
      return InputFormat::kCdkManifest;
    }
    return InputFormat::kJsonUnknown;
  }
  if (contains(head, "AWSTemplateFormatVersion") || contains(head, "Resources:")) {
    return InputFormat::kCloudFormationYaml;
  }
  return InputFormat::kUnknown;
}

bool looks_like_json(std::string_view data) {
  auto i = data.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && (data[i] == '{' || data[i] == '[');
}

}  // namespace ecsguard
