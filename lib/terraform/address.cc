#include "terraform/address.h"

namespace ecsguard::terraform {

std::string Address::module_instance() const {
  std::string out;
  for (const auto& m : modules) out += "module." + m.name + m.key + ".";
  return out;
}

std::string Address::module_path() const {
  std::string out;
  for (const auto& m : modules) {
    if (!out.empty()) out += '.';
    out += "module." + m.name;
  }
  return out;
}

std::vector<std::string> split_reference(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      cur += c;
      if (c == '\\' && i + 1 < s.size()) {
        cur += s[++i];
      } else if (c == '"') {
        quoted = false;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']') {
      --depth;
    } else if (c == '.' && depth == 0) {
      out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(std::move(cur));
  return out;
}

void split_key(const std::string& step, std::string& name, std::string& key) {
  auto bracket = step.find('[');
  if (bracket == std::string::npos) {
    name = step;
    key.clear();
  } else {
    name = step.substr(0, bracket);
    key = step.substr(bracket);
  }
}

bool parse_address(std::string_view s, Address& out) {
  std::vector<std::string> steps = split_reference(s);
  std::size_t i = 0;
  out = Address{};
  while (i + 1 < steps.size() && steps[i] == "module") {
    ModuleStep m;
    split_key(steps[i + 1], m.name, m.key);
    if (m.name.empty()) return false;
    out.modules.push_back(std::move(m));
    i += 2;
  }
  if (i + 2 != steps.size() || steps[i] == "data") return false;
  out.type = steps[i];
  split_key(steps[i + 1], out.name, out.key);
  return !out.type.empty() && !out.name.empty();
}

}  // namespace ecsguard::terraform
