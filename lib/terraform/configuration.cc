#include "terraform/configuration.h"

#include <algorithm>

namespace ecsguard::terraform {

namespace {
constexpr int kMaxReferenceDepth = 32;
constexpr uint64_t kInstanceDigests = 1;  // the domain of Resolver's table keys
}  // namespace

std::string module_instance_of(const std::vector<ModuleStep>& scope) {
  Address a;
  a.modules = scope;
  return a.module_instance();
}

std::string module_path_of(const std::vector<ModuleStep>& scope) {
  Address a;
  a.modules = scope;
  return a.module_path();
}

Configuration::Configuration(std::string_view data, const PlanIndex& index,
                             const Limits& limits, const InputBuffer* pages)
    : data_(data), parsed_(pages), index_(index), limits_(limits) {}

std::unique_ptr<JNode> Configuration::parse_range(const Range& range) {
  if (failed_.count(range.begin) != 0) return nullptr;
  auto node = std::make_unique<JNode>();
  LineCounter lines(data_, range.begin, range.line, range.line_start);
  JsonError error;
  bool parsed = parse_json_range(data_, range.begin, range.end, lines, limits_, *node, error);
  parsed_.add(range.begin, range.end);
  if (!parsed) {
    // Pass 1 validated the whole document; only limits can fail here. Reported once.
    failed_.insert(range.begin);
    failures_.push_back(std::move(error));
    return nullptr;
  }
  return node;
}

const JNode* Configuration::parse(const Range& range) {
  auto it = cache_.find(range.begin);
  if (it != cache_.end()) return it->second.get();
  return cache_.emplace(range.begin, parse_range(range)).first->second.get();
}

const JNode* Configuration::resource(const std::string& path, const std::string& local,
                                     std::string* pointer) {
  auto m = index_.config.find(path);
  if (m == index_.config.end()) return nullptr;
  auto r = m->second.resources.find(local);
  if (r == m->second.resources.end()) return nullptr;
  if (pointer != nullptr) *pointer = r->second.pointer.str();
  const Range& range = r->second;
  // Most recently used first: the instances of one block are read close together.
  for (std::size_t i = 0; i < recent_.size(); ++i) {
    if (recent_[i].first == range.begin) {
      std::rotate(recent_.begin(), recent_.begin() + static_cast<std::ptrdiff_t>(i),
                  recent_.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      return recent_.front().second.get();
    }
  }
  std::unique_ptr<JNode> tree = parse_range(range);
  if (tree == nullptr) return nullptr;
  if (recent_.size() == kRecentResources) recent_.pop_back();
  recent_.emplace(recent_.begin(), range.begin, std::move(tree));
  return recent_.front().second.get();
}

const JNode* Configuration::call_expressions(const std::string& path, const std::string& call) {
  auto m = index_.config.find(path);
  if (m == index_.config.end()) return nullptr;
  auto c = m->second.call_expressions.find(call);
  if (c == m->second.call_expressions.end()) return nullptr;
  return parse(c->second);
}

const JNode* Configuration::output(const std::string& path, const std::string& name) {
  auto m = index_.config.find(path);
  if (m == index_.config.end() || !m->second.has_outputs) return nullptr;
  const JNode* outputs = parse(m->second.outputs);
  return outputs == nullptr ? nullptr : outputs->get(name);
}

Resolver::Resolver(Configuration& config, const std::vector<Address>& instances)
    : config_(config) {
  auto table = std::make_shared<Instances>();
  table->reserve(instances.size());
  for (const auto& a : instances) {
    (*table)[digest(kInstanceDigests, a.module_instance() + a.local())].push_back(a.key);
  }
  instances_ = std::move(table);
}

Resolver::Resolver(Configuration& config, const Resolver& like)
    : config_(config), instances_(like.instances_) {}

std::vector<std::string> Resolver::resolve(const JNode* expression, const Address& from) {
  std::vector<std::string> out;
  resolve_expression(expression, from.modules, from.key, 0, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void Resolver::resolve_expression(const JNode* expression, const std::vector<ModuleStep>& scope,
                                  const std::string& self_key, int depth,
                                  std::vector<std::string>& out) {
  if (expression == nullptr || depth > kMaxReferenceDepth) return;
  const JNode* refs = expression->get("references");
  if (refs == nullptr || !refs->is_array()) return;
  for (const JNode& r : refs->items) {
    if (r.is_string()) resolve_reference(r.text, scope, self_key, depth, out);
  }
}

void Resolver::resolve_reference(const std::string& ref, const std::vector<ModuleStep>& scope,
                                 const std::string& self_key, int depth,
                                 std::vector<std::string>& out) {
  std::vector<std::string> steps = split_reference(ref);
  if (steps.size() < 2) return;
  const std::string& head = steps[0];
  if (head == "var") {
    if (scope.empty()) return;
    std::vector<ModuleStep> parent(scope.begin(), scope.end() - 1);
    const JNode* exprs = config_.call_expressions(module_path_of(parent), scope.back().name);
    if (exprs == nullptr) return;
    resolve_expression(exprs->get(steps[1]), parent, scope.back().key, depth + 1, out);
    return;
  }
  if (head == "module") {
    if (steps.size() < 3) return;
    ModuleStep call;
    split_key(steps[1], call.name, call.key);
    std::vector<ModuleStep> inner = scope;
    inner.push_back(call);
    const JNode* output = config_.output(module_path_of(inner), steps[2]);
    if (output == nullptr) return;
    resolve_expression(output->get("expression"), inner, "", depth + 1, out);
    return;
  }
  if (head == "data" || head == "local" || head == "each" || head == "count" ||
      head == "path" || head == "terraform" || head == "self") {
    return;
  }
  std::string name, key;
  split_key(steps[1], name, key);
  std::string prefix = module_instance_of(scope) + head + "." + name;
  auto it = instances_->find(digest(kInstanceDigests, prefix));
  if (it == instances_->end()) return;
  const auto& keys = it->second;
  auto has = [&](const std::string& k) { return std::find(keys.begin(), keys.end(), k) != keys.end(); };
  if (!key.empty()) {
    if (has(key)) out.push_back(prefix + key);
  } else if (has("")) {
    out.push_back(prefix);
  } else if (!self_key.empty() && has(self_key)) {
    out.push_back(prefix + self_key);
  } else if (keys.size() == 1) {
    out.push_back(prefix + keys[0]);
  }
}

}  // namespace ecsguard::terraform
