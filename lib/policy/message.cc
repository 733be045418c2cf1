// Result messages, rendered when a report asks for them (Result::message).
#include <string>

#include "core/strings.h"
#include "policy/result.h"

namespace ecsguard::policy {

std::string render_message(const Result& r, const std::map<std::string, Value>* overrides) {
  if (r.policy == nullptr) return {};
  const Policy& p = *r.policy;
  const Status status = r.status == Status::kSuppressed ? r.suppressed_status : r.status;
  if (status == Status::kUnknown) return p.title + ": undecided, " + r.reason.str();
  if (status != Status::kFail) return p.title;
  const std::string& m = p.message;
  std::string out;
  std::size_t i = 0;
  while (i < m.size()) {
    auto open = m.find("{{", i);
    if (open == std::string::npos) {
      out.append(m, i);
      break;
    }
    out.append(m, i, open - i);
    auto close = m.find("}}", open);
    if (close == std::string::npos) {  // the loader accepts no such template
      out.append(m, open);
      break;
    }
    std::string_view name = std::string_view(m).substr(open + 2, close - open - 2);
    if (name == "address") {
      out += r.address();
    } else if (name == "element") {
      out += r.element();
    } else if (name == "resource") {
      out += r.address();
      if (!r.element().empty()) out += " " + r.element();
    } else if (name == "kind") {
      out += r.kind();
    } else if (name == "source_type") {
      out += r.source_type();
    } else if (name == "path") {
      if (!r.evidence.empty()) out += r.evidence.front().path;
    } else if (name == "value") {
      if (!r.evidence.empty()) out += r.evidence.front().display;
    } else if (starts_with(name, "params.")) {
      std::string param(name.substr(7));
      const Value* v = nullptr;
      if (overrides) {
        auto it = overrides->find(param);
        if (it != overrides->end()) v = &it->second;
      }
      if (v == nullptr) v = &p.params.at(param).default_value;
      out += v->is_string() ? v->text() : v->render();
    }
    i = close + 2;
  }
  return out;
}

std::string Result::message() const {
  if (rare_.get() != nullptr && !rare_.get()->message.empty()) return rare_.get()->message.str();
  return render_message(*this, nullptr);
}

}  // namespace ecsguard::policy
