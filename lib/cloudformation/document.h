// A CloudFormation template as the rest of the reader sees it: the members of its sections
// (Parameters, Mappings, Conditions, Resources, Outputs), each one's location, and each one's
// value as located JSON in long form.
//
// JSON templates are parsed once into a located tree. YAML templates stay yaml-cpp trees
// (checked as a whole when loaded, see read/yaml.h); a member's value is converted when first
// asked for and dropped again by release(), so the reader holds one resource at a time. YAML
// short forms arrive in their long form: `!Ref X` as {"Ref": "X"}, `!GetAtt A.B` as
// {"Fn::GetAtt": "A.B"}, `!Condition C` as {"Condition": "C"}.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.h"
#include "read/input.h"
#include "read/json.h"
#include "read/yaml.h"

namespace ecsguard::cloudformation {

enum class Section { kParameters, kMappings, kConditions, kResources, kOutputs };
inline constexpr std::size_t kSectionCount = 5;
const char* to_string(Section s);

struct Member {
  std::string name;
  SourcePos pos;  // the member (its key in YAML, its value in JSON), pointer "/Section/Name"
  std::size_t slot = 0;
};

class Document {
 public:
  // Loads a template. Returns nullptr and appends diagnostics (cfn.yaml.*, cfn.json.*,
  // limit.*, cfn.template.not_a_template) when the input cannot be read as one.
  static std::unique_ptr<Document> load(const InputBuffer& input, bool yaml, const Limits& limits,
                                        const Deadline& deadline, Diagnostics& diags);
  ~Document();

  bool yaml() const { return yaml_ != nullptr; }
  const std::string& file() const { return file_; }
  // AWSTemplateFormatVersion, when given as a string.
  const std::string& format_version() const { return format_version_; }
  // The names of the Transform section ("AWS::Serverless-2016-10-31", ...).
  const std::vector<std::string>& transforms() const { return transforms_; }

  const std::vector<Member>& members(Section s) const;
  const Member* find(Section s, std::string_view name) const;
  // The member's value in long form (nullptr only when a YAML conversion fails, with a
  // diagnostic). YAML values are converted on first use and kept until release().
  const JNode* value(const Member& m);
  void release(const Member& m);

  // "limit.nodes" etc. from conversions made after loading.
  Diagnostics take_diagnostics() { return std::move(late_); }

 private:
  Document() = default;
  bool index(const JNode* root_json, Diagnostics& diags);

  std::string file_;
  std::string format_version_;
  std::vector<std::string> transforms_;
  JNode json_;                          // JSON templates
  std::unique_ptr<YamlDocument> yaml_;  // YAML templates
  struct Slot {
    const JNode* json = nullptr;       // JSON: into json_
    YamlDocument::Handle handle = 0;   // YAML
    std::unique_ptr<JNode> converted;  // YAML, while in use
  };
  std::vector<Slot> slots_;
  std::array<std::vector<Member>, kSectionCount> members_;
  std::array<std::unordered_map<std::string, std::size_t>, kSectionCount> by_name_;
  Diagnostics late_;
};

// The local tags CloudFormation accepts and the long-form names they stand for ("!Ref" → "Ref",
// "!GetAtt" → "Fn::GetAtt"); "" for any other tag.
std::string long_form_of_tag(std::string_view tag);

Diagnostic make_diagnostic(const std::string& code, Severity severity, std::string message,
                           const std::string& file, const SourcePos& pos);

}  // namespace ecsguard::cloudformation
