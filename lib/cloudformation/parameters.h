// Template parameters and pseudo parameters: what `Ref` gives for them.
//
// A declared parameter has the value the caller gave (--param, --param-file), else its Default,
// else it is unknown. `Ref` always yields a string (CloudFormation turns Number parameters into
// strings), or a list of strings for CommaDelimitedList and List<...> types. SSM parameter types
// are resolved at deployment and stay unknown. NoEcho parameters are sensitive.
//
// Pseudo parameters (AWS::Region, AWS::AccountId, AWS::Partition, AWS::StackName, AWS::StackId,
// AWS::URLSuffix, AWS::NotificationARNs) are unknown unless the caller gives them; AWS::NoValue is
// absent, which removes the property or list item that holds it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cloudformation/document.h"
#include "core/value.h"

namespace ecsguard::cloudformation {

using ParameterValues = std::map<std::string, std::string>;

class Parameters {
 public:
  Parameters(Document& doc, const ParameterValues& given);

  // A declared parameter or a pseudo parameter.
  bool defines(std::string_view name) const;
  static bool is_pseudo(std::string_view name);
  // The value of `Ref name`, located at `at` (the Ref).
  Value ref(std::string_view name, const SourcePos& at) const;

 private:
  struct Info {
    Value value;  // known, or unknown with the reason
  };
  std::unordered_map<std::string, Info> declared_;
  const ParameterValues& given_;
};

}  // namespace ecsguard::cloudformation
