// --param and --param-file: template parameters given by the caller.
#include "inputs/inputs.h"
#include "read/input.h"
#include "read/json.h"

namespace ecsguard {

namespace {

bool text_of(const JNode& j, std::string& out) {
  switch (j.type) {
    case JNode::Type::kString:
    case JNode::Type::kNumber:
      out = j.text;
      return true;
    case JNode::Type::kBool:
      out = j.boolean ? "true" : "false";
      return true;
    case JNode::Type::kArray:
      out.clear();
      for (std::size_t i = 0; i < j.items.size(); ++i) {
        std::string item;
        if (!text_of(j.items[i], item) || j.items[i].is_array()) return false;
        out += (i ? "," : "") + item;
      }
      return true;
    default:
      return false;
  }
}

std::string at(const std::string& path, const JNode& j) {
  return path + ":" + std::to_string(j.line) + ":" + std::to_string(j.column) + ": ";
}

}  // namespace

bool add_parameter(InputOptions& options, std::string_view assignment, std::string& error) {
  auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    error = "--param expects Name=Value, found '" + std::string(assignment) + "'";
    return false;
  }
  options.parameters[std::string(assignment.substr(0, eq))] =
      std::string(assignment.substr(eq + 1));
  return true;
}

bool load_parameter_file(InputOptions& options, const std::string& path, std::string& error) {
  Diagnostics diags;
  auto buffer = InputBuffer::open_file(path, diags);
  if (!buffer) {
    error = diags.front().to_string();
    return false;
  }
  JNode root;
  JsonError err;
  if (!parse_json_text(buffer->data(), Limits{}, root, err)) {
    error = path + ":" + std::to_string(err.line) + ":" + std::to_string(err.column) +
            ": invalid JSON: " + err.message;
    return false;
  }
  const char* shape =
      "expected a list of {\"ParameterKey\", \"ParameterValue\"} objects or an object "
      "{\"Parameters\": {\"Name\": \"value\"}}";
  std::map<std::string, std::string> found;
  if (root.is_array()) {
    for (const auto& entry : root.items) {
      const JNode* key = entry.get("ParameterKey");
      const JNode* value = entry.get("ParameterValue");
      const JNode* previous = entry.get("UsePreviousValue");
      if (key == nullptr || !key->is_string()) {
        error = at(path, entry) + shape;
        return false;
      }
      if (previous != nullptr && previous->is_bool() && previous->boolean && value == nullptr) {
        continue;
      }
      std::string text;
      if (value == nullptr || !text_of(*value, text)) {
        error = at(path, entry) + "parameter " + key->text + " has no string ParameterValue";
        return false;
      }
      found[key->text] = text;
    }
  } else if (const JNode* params = root.get("Parameters");
             params != nullptr && params->is_object()) {
    for (std::size_t i = 0; i < params->keys.size(); ++i) {
      std::string text;
      if (!text_of(params->items[i], text)) {
        error = at(path, params->items[i]) + "parameter " + params->keys[i] +
                " must be a string, number, boolean or list of them";
        return false;
      }
      found[params->keys[i]] = text;
    }
  } else {
    error = at(path, root) + shape;
    return false;
  }
  for (auto& [k, v] : found) options.parameters[k] = v;
  return true;
}

}  // namespace ecsguard
