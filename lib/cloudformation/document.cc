#include "cloudformation/document.h"

#include <unordered_set>

namespace ecsguard::cloudformation {

namespace {

constexpr std::array<const char*, kSectionCount> kSectionNames = {
    "Parameters", "Mappings", "Conditions", "Resources", "Outputs"};

// Short form → long form. `!Transform` is tolerated: its value is only known at deployment.
struct TagName {
  std::string_view tag;
  const char* name;
};
constexpr TagName kTags[] = {
    {"!Ref", "Ref"},
    {"!Sub", "Fn::Sub"},
    {"!GetAtt", "Fn::GetAtt"},
    {"!Join", "Fn::Join"},
    {"!Select", "Fn::Select"},
    {"!Split", "Fn::Split"},
    {"!If", "Fn::If"},
    {"!Equals", "Fn::Equals"},
    {"!And", "Fn::And"},
    {"!Or", "Fn::Or"},
    {"!Not", "Fn::Not"},
    {"!Condition", "Condition"},
    {"!FindInMap", "Fn::FindInMap"},
    {"!ImportValue", "Fn::ImportValue"},
    {"!Base64", "Fn::Base64"},
    {"!Cidr", "Fn::Cidr"},
    {"!GetAZs", "Fn::GetAZs"},
    {"!Transform", "Fn::Transform"},
    {"!Length", "Fn::Length"},
    {"!ToJsonString", "Fn::ToJsonString"},
};

std::string yaml_code(const YamlProblem& p) {
  switch (p.kind) {
    case YamlProblem::Kind::kSyntax:
      return "cfn.yaml.syntax";
    case YamlProblem::Kind::kDuplicateKey:
      return "cfn.yaml.duplicate_key";
    case YamlProblem::Kind::kUnknownTag:
      return "cfn.yaml.unknown_tag";
    case YamlProblem::Kind::kBadKey:
      return "cfn.yaml.bad_key";
    case YamlProblem::Kind::kMergeKey:
      return "cfn.yaml.merge_key";
    case YamlProblem::Kind::kLimit:
      return limit_code(p.limit);
  }
  return "cfn.yaml.syntax";
}

// JSON objects may repeat a key too; CloudFormation rejects that as it does in YAML.
void find_duplicates(const JNode& j, const std::string& pointer, const std::string& file,
                     Diagnostics& diags) {
  if (j.is_object()) {
    std::unordered_set<std::string_view> seen;
    for (std::size_t i = 0; i < j.keys.size(); ++i) {
      std::string p = pointer_append(pointer, j.keys[i]);
      if (!seen.insert(j.keys[i]).second && diags.size() < 20) {
        diags.push_back(make_diagnostic(
            "cfn.json.duplicate_key", Severity::kError,
            "duplicate object key \"" + j.keys[i] + "\"; each key may appear once in an object",
            file, j.items[i].pos(p)));
      }
      find_duplicates(j.items[i], p, file, diags);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.items.size(); ++i) {
      find_duplicates(j.items[i], pointer_append(pointer, i), file, diags);
    }
  }
}

}  // namespace

const char* to_string(Section s) { return kSectionNames[static_cast<std::size_t>(s)]; }

std::string long_form_of_tag(std::string_view tag) {
  for (const auto& t : kTags) {
    if (t.tag == tag) return t.name;
  }
  return {};
}

Diagnostic make_diagnostic(const std::string& code, Severity severity, std::string message,
                           const std::string& file, const SourcePos& pos) {
  Diagnostic d;
  d.code = code;
  d.severity = severity;
  d.message = std::move(message);
  d.location = Location(file, pos);
  return d;
}

Document::~Document() = default;

std::unique_ptr<Document> Document::load(const InputBuffer& input, bool yaml, const Limits& limits,
                                         const Deadline& deadline, Diagnostics& diags) {
  std::unique_ptr<Document> doc(new Document());
  doc->file_ = input.name();
  if (input.data().find_first_not_of(" \t\r\n") == std::string_view::npos) {
    diags.push_back(make_diagnostic("cfn.template.not_a_template", Severity::kError,
                                    "the file is empty; expected a CloudFormation template",
                                    doc->file_, SourcePos{}));
    return nullptr;
  }
  if (yaml) {
    std::vector<YamlProblem> problems;
    doc->yaml_ = YamlDocument::load(input.data(), limits, deadline, long_form_of_tag, problems);
    for (const auto& p : problems) {
      diags.push_back(make_diagnostic(yaml_code(p), Severity::kError, p.message, doc->file_,
                                      SourcePos{p.line, p.column, p.pointer}));
    }
    if (!doc->yaml_) return nullptr;
    if (!doc->index(nullptr, diags)) return nullptr;
    return doc;
  }
  JsonError error;
  if (!parse_json_text(input.data(), limits, doc->json_, error)) {
    bool limit = !error.limit.empty();
    diags.push_back(make_diagnostic(json_error_code(error, "cfn.json.syntax"), Severity::kError,
                                    limit ? error.message : "invalid JSON: " + error.message,
                                    doc->file_, SourcePos{error.line, error.column, {}}));
    return nullptr;
  }
  std::size_t before = diags.size();
  find_duplicates(doc->json_, "", doc->file_, diags);
  if (diags.size() != before) return nullptr;
  if (!doc->index(&doc->json_, diags)) return nullptr;
  return doc;
}

bool Document::index(const JNode* root_json, Diagnostics& diags) {
  auto not_a_template = [&](const SourcePos& pos) {
    diags.push_back(
        make_diagnostic("cfn.template.not_a_template", Severity::kError,
                        std::string("this ") + (yaml() ? "YAML" : "JSON") +
                            " document is not a CloudFormation template: expected a mapping with a "
                            "\"Resources\" section of logical IDs and resources",
                        file_, pos));
    return false;
  };
  // Top-level members, whichever the format.
  struct Top {
    std::string key;
    SourcePos pos;
    const JNode* json;
    YamlDocument::Handle handle;
  };
  std::vector<Top> top;
  if (root_json != nullptr) {
    if (!root_json->is_object()) return not_a_template(root_json->pos(""));
    for (std::size_t i = 0; i < root_json->keys.size(); ++i) {
      const JNode& v = root_json->items[i];
      top.push_back({root_json->keys[i], v.pos(pointer_append("", root_json->keys[i])), &v, 0});
    }
  } else {
    if (yaml_->kind(yaml_->root()) != YamlDocument::Kind::kMap) {
      return not_a_template(SourcePos{1, 1, ""});
    }
    for (auto& e : yaml_->entries(yaml_->root())) {
      top.push_back(
          {e.key, SourcePos{e.line, e.column, pointer_append("", e.key)}, nullptr, e.value});
    }
  }
  bool has_resources = false;
  for (const auto& t : top) {
    if (t.key == "AWSTemplateFormatVersion" || t.key == "Transform") {
      JNode converted;
      const JNode* v = t.json;
      if (v == nullptr) {
        YamlProblem problem;
        if (!yaml_->to_json(t.handle, converted, problem)) continue;
        v = &converted;
      }
      if (t.key == "AWSTemplateFormatVersion" && v->is_string()) format_version_ = v->text;
      if (t.key == "Transform") {
        if (v->is_string()) transforms_.push_back(v->text);
        for (const auto& item : v->items) {
          if (item.is_string()) transforms_.push_back(item.text);
        }
      }
      continue;
    }
    std::size_t s = 0;
    while (s < kSectionCount && t.key != kSectionNames[s]) ++s;
    if (s == kSectionCount) continue;
    if (s == static_cast<std::size_t>(Section::kResources)) has_resources = true;
    bool is_map =
        t.json != nullptr ? t.json->is_object() : yaml_->kind(t.handle) == YamlDocument::Kind::kMap;
    bool is_null =
        t.json != nullptr ? t.json->is_null() : yaml_->kind(t.handle) == YamlDocument::Kind::kNull;
    if (!is_map) {
      if (is_null && s != static_cast<std::size_t>(Section::kResources)) continue;
      if (s == static_cast<std::size_t>(Section::kResources)) return not_a_template(t.pos);
      diags.push_back(make_diagnostic("cfn.template.bad_section", Severity::kError,
                                      std::string("the ") + kSectionNames[s] +
                                          " section must be a mapping of names to definitions",
                                      file_, t.pos));
      continue;
    }
    auto& members = members_[s];
    const std::string base = t.pos.pointer.str();
    if (t.json != nullptr) {
      for (std::size_t i = 0; i < t.json->keys.size(); ++i) {
        Slot slot;
        slot.json = &t.json->items[i];
        std::string pointer = pointer_append(base, t.json->keys[i]);
        members.push_back({t.json->keys[i], slot.json->pos(pointer), slots_.size()});
        slots_.push_back(std::move(slot));
      }
    } else {
      for (auto& e : yaml_->entries(t.handle)) {
        Slot slot;
        slot.handle = e.value;
        members.push_back(
            {e.key, SourcePos{e.line, e.column, pointer_append(base, e.key)}, slots_.size()});
        slots_.push_back(std::move(slot));
      }
    }
    for (std::size_t i = 0; i < members.size(); ++i) by_name_[s].emplace(members[i].name, i);
  }
  if (!has_resources) return not_a_template(SourcePos{1, 1, ""});
  return true;
}

const std::vector<Member>& Document::members(Section s) const {
  return members_[static_cast<std::size_t>(s)];
}

const Member* Document::find(Section s, std::string_view name) const {
  const auto& names = by_name_[static_cast<std::size_t>(s)];
  auto it = names.find(std::string(name));
  return it == names.end() ? nullptr : &members_[static_cast<std::size_t>(s)][it->second];
}

const JNode* Document::value(const Member& m) {
  Slot& slot = slots_[m.slot];
  if (slot.json != nullptr) return slot.json;
  if (!slot.converted) {
    auto j = std::make_unique<JNode>();
    YamlProblem problem;
    if (!yaml_->to_json(slot.handle, *j, problem)) {
      late_.push_back(
          make_diagnostic(yaml_code(problem), Severity::kError, problem.message, file_, m.pos));
      return nullptr;
    }
    slot.converted = std::move(j);
  }
  return slot.converted.get();
}

void Document::release(const Member& m) { slots_[m.slot].converted.reset(); }

}  // namespace ecsguard::cloudformation
