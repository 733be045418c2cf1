#include "cloudformation/parameters.h"

#include "core/strings.h"

namespace ecsguard::cloudformation {

namespace {

constexpr std::string_view kPseudo[] = {"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
                                        "AWS::Partition", "AWS::Region",           "AWS::StackId",
                                        "AWS::StackName", "AWS::URLSuffix"};

bool is_list_type(std::string_view type) {
  return type == "CommaDelimitedList" || starts_with(type, "List<");
}

// The text of a scalar default (`Default: 512` is the string "512" once referenced).
bool scalar_text(const JNode& j, std::string& out) {
  switch (j.type) {
    case JNode::Type::kString:
    case JNode::Type::kNumber:
      out = j.text;
      return true;
    case JNode::Type::kBool:
      out = j.boolean ? "true" : "false";
      return true;
    default:
      return false;
  }
}

Value typed(std::string_view type, const std::string& text) {
  if (!is_list_type(type)) return Value::string(text);
  Value list = Value::list();
  for (auto& part : split(text, ',')) list.push_back(Value::string(part));
  return list;
}

}  // namespace

bool Parameters::is_pseudo(std::string_view name) {
  for (auto p : kPseudo) {
    if (p == name) return true;
  }
  return false;
}

Parameters::Parameters(Document& doc, const ParameterValues& given) : given_(given) {
  for (const Member& m : doc.members(Section::kParameters)) {
    const JNode* def = doc.value(m);
    std::string type = "String";
    const JNode* deflt = nullptr;
    bool no_echo = false;
    if (def != nullptr && def->is_object()) {
      if (const JNode* t = def->get("Type"); t != nullptr && t->is_string()) type = t->text;
      deflt = def->get("Default");
      if (const JNode* ne = def->get("NoEcho")) {
        no_echo = (ne->is_bool() && ne->boolean) || (ne->is_string() && ne->text == "true");
      }
    }
    Info info;
    auto it = given.find(m.name);
    std::string text;
    if (starts_with(type, "AWS::SSM::Parameter::Value<")) {
      info.value = Value::unknown("parameter " + m.name +
                                  " is resolved from SSM Parameter Store at deployment");
    } else if (it != given.end()) {
      info.value = typed(type, it->second);
    } else if (deflt != nullptr && scalar_text(*deflt, text)) {
      info.value = typed(type, text);
    } else if (deflt != nullptr && deflt->is_array() && is_list_type(type)) {
      info.value = Value::list();
      for (const auto& item : deflt->items) {
        if (scalar_text(item, text)) info.value.push_back(Value::string(text));
      }
    } else {
      info.value = Value::unknown("parameter " + m.name + " has no default and no value was given");
    }
    if (no_echo && info.value.is_known()) info.value.mark_sensitive_deep();
    declared_.emplace(m.name, std::move(info));
    doc.release(m);
  }
}

bool Parameters::defines(std::string_view name) const {
  return is_pseudo(name) || declared_.count(std::string(name)) != 0;
}

Value Parameters::ref(std::string_view name, const SourcePos& at) const {
  Value v;
  if (name == "AWS::NoValue") return Value::absent();
  auto d = declared_.find(std::string(name));
  if (d != declared_.end()) {
    v = d->second.value;
  } else if (auto g = given_.find(std::string(name)); g != given_.end() && is_pseudo(name)) {
    v = name == "AWS::NotificationARNs" ? typed("CommaDelimitedList", g->second)
                                        : Value::string(g->second);
  } else {
    v = Value::unknown(std::string(name) + " is only known at deployment");
  }
  v.set_pos(at);
  for (auto& item : v.items()) item.set_pos(at);
  return v;
}

}  // namespace ecsguard::cloudformation
