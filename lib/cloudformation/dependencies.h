// Dependencies between resources, as CloudFormation orders creation: a resource depends on the
// resources its Ref, Fn::GetAtt and Fn::Sub name, and on its DependsOn. A cycle makes the
// template undeployable; it is reported as cfn.ref.circular.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cloudformation/evaluator.h"

namespace ecsguard::cloudformation {

// The names ${...} placeholders of an Fn::Sub template refer to ("Repo", "Repo.Arn",
// "AWS::Region"), without the ${!literal} escapes. Returns false on an unclosed "${".
bool sub_placeholders(std::string_view text, std::vector<std::string>& names);

// Every name a resource definition refers to through Ref, Fn::GetAtt, Fn::Sub or DependsOn
// (resources, parameters, pseudo parameters alike; the caller keeps the resources).
std::vector<std::string> referenced_names(const JNode& resource);

// Reports each dependency cycle once, at the first resource of the cycle in document order.
void check_cycles(const ResourceIndex& resources, const std::vector<std::string>& order,
                  const std::string& file, Diagnostics& diags);

}  // namespace ecsguard::cloudformation
