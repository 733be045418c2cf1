#include "cloudformation/dependencies.h"

#include <algorithm>
#include <unordered_map>

namespace ecsguard::cloudformation {

namespace {

void add(std::vector<std::string>& names, std::string name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
}

void scan(const JNode& j, std::vector<std::string>& names) {
  if (j.is_array()) {
    for (const auto& item : j.items) scan(item, names);
    return;
  }
  if (!j.is_object()) return;
  if (j.keys.size() == 1) {
    const std::string& fn = j.keys[0];
    const JNode& arg = j.items[0];
    if (fn == "Ref" && arg.is_string()) {
      add(names, arg.text);
      return;
    }
    if (fn == "Fn::GetAtt") {
      if (arg.is_string()) {
        add(names, arg.text.substr(0, arg.text.find('.')));
      } else if (arg.is_array() && !arg.items.empty() && arg.items[0].is_string()) {
        add(names, arg.items[0].text);
        scan(arg, names);
      }
      return;
    }
    if (fn == "Fn::Sub") {
      const JNode* text = arg.is_string() ? &arg : (arg.is_array() ? arg.at(0) : nullptr);
      const JNode* vars = arg.is_array() ? arg.at(1) : nullptr;
      std::vector<std::string> placeholders;
      if (text != nullptr && text->is_string()) sub_placeholders(text->text, placeholders);
      for (auto& p : placeholders) {
        if (vars != nullptr && vars->get(p) != nullptr) continue;
        add(names, p.substr(0, p.find('.')));
      }
      if (vars != nullptr) scan(*vars, names);
      return;
    }
  }
  for (const auto& item : j.items) scan(item, names);
}

}  // namespace

bool sub_placeholders(std::string_view s, std::vector<std::string>& names) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '$' || s[i + 1] != '{') continue;
    if (i + 2 < s.size() && s[i + 2] == '!') {
      i += 2;
      continue;
    }
    auto close = s.find('}', i + 2);
    if (close == std::string_view::npos) return false;
    std::string_view inner = s.substr(i + 2, close - i - 2);
    auto b = inner.find_first_not_of(" \t");
    auto e = inner.find_last_not_of(" \t");
    if (b != std::string_view::npos) names.emplace_back(inner.substr(b, e - b + 1));
    i = close;
  }
  return true;
}

std::vector<std::string> referenced_names(const JNode& resource) {
  std::vector<std::string> names;
  if (const JNode* d = resource.get("DependsOn")) {
    if (d->is_string()) add(names, d->text);
    for (const auto& item : d->items) {
      if (item.is_string()) add(names, item.text);
    }
  }
  for (std::size_t i = 0; i < resource.keys.size(); ++i) {
    if (resource.keys[i] != "DependsOn") scan(resource.items[i], names);
  }
  return names;
}

void check_cycles(const ResourceIndex& resources, const std::vector<std::string>& order,
                  const std::string& file, Diagnostics& diags) {
  // Iterative depth-first search: templates may hold thousands of resources.
  enum class Mark { kNew, kActive, kDone };
  std::unordered_map<std::string, Mark> marks;
  std::unordered_map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  struct Frame {
    const ResourceInfo* info;
    std::size_t next = 0;
  };
  for (const auto& start : order) {
    if (marks[start] != Mark::kNew) continue;
    std::vector<Frame> stack;
    stack.push_back({&resources.at(start)});
    marks[start] = Mark::kActive;
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next == f.info->depends_on.size()) {
        marks[f.info->id] = Mark::kDone;
        stack.pop_back();
        continue;
      }
      const std::string& dep = f.info->depends_on[f.next++];
      auto it = resources.find(dep);
      if (it == resources.end()) continue;
      Mark& m = marks[dep];
      if (m == Mark::kNew) {
        m = Mark::kActive;
        stack.push_back({&it->second});
      } else if (m == Mark::kActive) {
        // The cycle is the stack from `dep` upwards.
        std::size_t from = 0;
        while (stack[from].info->id != dep) ++from;
        std::vector<std::string> cycle;
        for (std::size_t k = from; k < stack.size(); ++k) cycle.push_back(stack[k].info->id);
        auto first = std::min_element(
            cycle.begin(), cycle.end(),
            [&](const auto& a, const auto& b) { return position[a] < position[b]; });
        std::rotate(cycle.begin(), first, cycle.end());
        std::string chain;
        for (const auto& c : cycle) chain += c + " → ";
        chain += cycle.front();
        const ResourceInfo& at = resources.at(cycle.front());
        diags.push_back(make_diagnostic("cfn.ref.circular", Severity::kWarning,
                                        cycle.size() == 1
                                            ? at.id + " refers to itself"
                                            : "circular dependency between resources: " + chain,
                                        file, at.pos));
      }
    }
  }
}

}  // namespace ecsguard::cloudformation
