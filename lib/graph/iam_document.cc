#include "graph/iam_document.h"

#include <string>

namespace ecsguard {

namespace {

Value as_list(const Value& v) {
  if (!v.is_known() || v.is_list()) return v;
  Value l = Value::list({v});
  l.set_pos(v.pos());
  return l;
}

Value principals(const Value& v) {
  if (!v.is_known()) return v;
  Value out = Value::list();
  out.set_pos(v.pos());
  if (v.is_string()) {
    out.push_back(v);
    return out;
  }
  if (!v.is_map()) return v;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string type = v.keys()[i].str();
    Value ids = as_list(v.items()[i]);
    if (!ids.is_list()) {
      out.push_back(ids);
      continue;
    }
    for (const Value& id : ids.items()) {
      if (!id.is_string()) {
        out.push_back(id);
      } else if (type == "AWS" && id.text() == "*") {
        Value star = Value::string("*");
        star.set_pos(id.pos());
        star.set_sensitive(id.sensitive());
        out.push_back(star);
      } else {
        Value p = Value::string(type + ":" + std::string(id.text()));
        p.set_pos(id.pos());
        p.set_sensitive(id.sensitive());
        out.push_back(p);
      }
    }
  }
  return out;
}

Value statement(const Value& raw) {
  if (!raw.is_map()) return raw;
  Value st = Value::map();
  st.set_pos(raw.pos());
  struct Field {
    const char* from;
    const char* to;
    bool list;
  };
  static const Field kFields[] = {
      {"Sid", "sid", false},          {"Effect", "effect", false},
      {"Action", "actions", true},    {"NotAction", "not_actions", true},
      {"Resource", "resources", true}, {"NotResource", "not_resources", true},
      {"Condition", "conditions", false},
  };
  for (const auto& f : kFields) {
    if (const Value* v = raw.find(f.from)) st.set(f.to, f.list ? as_list(*v) : *v);
  }
  if (const Value* p = raw.find("Principal")) st.set("principals", principals(*p));
  if (const Value* p = raw.find("NotPrincipal")) st.set("not_principals", principals(*p));
  return st;
}

}  // namespace

Value normalise_policy_document(const Value& raw) {
  if (!raw.is_map()) return raw;
  Value doc = Value::map();
  doc.set_pos(raw.pos());
  if (const Value* v = raw.find("Version")) doc.set("version", *v);
  if (const Value* v = raw.find("Id")) doc.set("id", *v);
  Value statements = Value::list();
  if (const Value* s = raw.find("Statement")) {
    statements.set_pos(s->pos());
    if (!s->is_known()) {
      statements = *s;
    } else if (s->is_list()) {
      for (const Value& item : s->items()) statements.push_back(statement(item));
    } else {
      statements.push_back(statement(*s));
    }
  }
  doc.set("statements", std::move(statements));
  return doc;
}

}  // namespace ecsguard
