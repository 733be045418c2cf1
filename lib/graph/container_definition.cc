#include "graph/container_definition.h"

#include <algorithm>
#include <string>

#include "core/strings.h"

namespace ecsguard {

namespace {

bool free_form(const std::string& key) {
  return key == "options" || key == "docker_labels" || key == "driver_opts" || key == "labels";
}

Value canonical(const Value& v, bool keep_keys) {
  if (!v.is_known()) return v;
  if (v.is_list()) {
    Value out = Value::list();
    out.set_pos(v.pos());
    out.set_sensitive(v.sensitive());
    out.reserve(v.size());
    for (const auto& item : v.items()) out.push_back(canonical(item, false));
    return out;
  }
  if (!v.is_map()) return v;
  Value out = Value::map();
  out.set_pos(v.pos());
  out.set_sensitive(v.sensitive());
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::string key = keep_keys ? v.keys()[i].str() : snake_case(v.keys()[i]);
    out.set(key, canonical(v.items()[i], !keep_keys && free_form(key)));
  }
  return out;
}

std::string name_of(const Value& v) {
  const Value* n = v.find("name");
  return std::string(n != nullptr && n->is_string() ? n->text() : "");
}

void sort_by_name(Value* list) {
  if (list == nullptr || !list->is_list()) return;
  std::stable_sort(list->items().begin(), list->items().end(),
                   [](const Value& a, const Value& b) { return name_of(a) < name_of(b); });
}

}  // namespace

Value canonical_container(const Value& raw) {
  Value c = canonical(raw, false);
  sort_by_name(c.find("environment"));
  sort_by_name(c.find("secrets"));
  if (Value* env = c.find("environment"); env != nullptr && env->is_list()) {
    for (auto& e : env->items()) {
      Value* value = e.find("value");
      // Environment values are where secrets leak into task definitions: policies still see
      // them, but no dump, message or report ever prints them.
      if (value != nullptr) value->mark_sensitive_deep();
      if (value == nullptr || !value->is_known() || value->is_string() || value->is_null()) {
        continue;
      }
      Value s = Value::string(value->is_bool() ? (value->as_bool() ? "true" : "false")
                                               : value->text());
      s.set_pos(value->pos());
      s.set_sensitive(value->sensitive());
      *value = std::move(s);
    }
  }
  return c;
}

}  // namespace ecsguard
