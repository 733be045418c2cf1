#include "graph/kept_attributes.h"

#include <algorithm>

#include "graph/schema.h"

namespace ecsguard {

namespace {

// "a.b" of "a.b[].c": a path up to its first list step.
std::string_view before_lists(std::string_view path) { return path.substr(0, path.find('[')); }

// Whether `path` is `prefix` or goes on from it ("a.b" from "a").
bool goes_on_from(std::string_view path, std::string_view prefix) {
  return path.size() >= prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
         (path.size() == prefix.size() || path[prefix.size()] == '.');
}

void insert_sorted(std::vector<std::string>& v, std::string_view s) {
  auto at = std::lower_bound(v.begin(), v.end(), s);
  if (at == v.end() || *at != s) v.emplace(at, s);
}

// Whether a declaration at or below `path` has its shape checked (is not open).
bool checked_at_or_below(NodeKind kind, std::string_view path) {
  for (const auto& spec : schema_for(kind)) {
    if (!spec.open && goes_on_from(before_lists(spec.path), path)) return true;
  }
  return false;
}

// What stands for a value of which only its being set is kept: the same kind of value, empty.
Value presence_of(Value& v) {
  if (!v.is_map() && !v.is_list()) return std::move(v);
  Value out = v.is_map() ? Value::map() : Value::list();
  out.set_pos(v.pos());
  out.set_sensitive(v.sensitive());
  return out;
}

}  // namespace

std::string_view top_attribute(std::string_view path) {
  return path.substr(0, path.find_first_of(".["));
}

KeptAttributes::KeptAttributes() {
  for (int k = 0; k < kNodeKindCount; ++k) update_declarations(static_cast<NodeKind>(k));
}

void KeptAttributes::keep(NodeKind kind, std::string_view path) {
  if (all_[index(kind)]) return;
  path = before_lists(path);
  auto& whole = whole_[index(kind)];
  for (const std::string& w : whole) {
    if (goes_on_from(path, w)) return;  // already kept whole
  }
  // Paths that go on from this one are kept with it.
  whole.erase(std::remove_if(whole.begin(), whole.end(),
                             [&](const std::string& w) { return goes_on_from(w, path); }),
              whole.end());
  insert_sorted(whole, path);
  insert_sorted(names_[index(kind)], top_attribute(path));
  update_declarations(kind);
}

void KeptAttributes::keep_presence(NodeKind kind, std::string_view path) {
  if (all_[index(kind)]) return;
  path = before_lists(path);
  if (checked_at_or_below(kind, path)) {
    keep(kind, path);
    return;
  }
  insert_sorted(presence_[index(kind)], path);
  insert_sorted(names_[index(kind)], top_attribute(path));
}

void KeptAttributes::keep_all(NodeKind kind) {
  all_[index(kind)] = true;
  names_[index(kind)].clear();
  whole_[index(kind)].clear();
  presence_[index(kind)].clear();
  update_declarations(kind);
}

const std::vector<bool>& KeptAttributes::kept_declarations(NodeKind kind) const {
  return declarations_[index(kind)];
}

void KeptAttributes::update_declarations(NodeKind kind) {
  const auto& specs = schema_for(kind);
  auto& kept = declarations_[index(kind)];
  kept.resize(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    kept[i] = keeps_whole(kind, top_attribute(specs[i].path));
  }
}

bool KeptAttributes::keeps(NodeKind kind, std::string_view name) const {
  if (all_[index(kind)]) return true;
  const auto& names = names_[index(kind)];
  return std::binary_search(names.begin(), names.end(), top_attribute(name));
}

bool KeptAttributes::keeps_whole(NodeKind kind, std::string_view path) const {
  if (all_[index(kind)]) return true;
  path = before_lists(path);
  if (path.empty()) return false;
  const auto& whole = whole_[index(kind)];
  // The kept path `path` goes on from sorts at or before it: look back from there.
  auto it = std::upper_bound(whole.begin(), whole.end(), path);
  while (it != whole.begin()) {
    --it;
    if (goes_on_from(path, *it)) return true;
    if (it->empty() || (*it)[0] != path[0]) break;  // no shorter prefix before this one
  }
  return false;
}

bool KeptAttributes::on_the_way(NodeKind kind, std::string_view path) const {
  auto goes_below = [path](const std::vector<std::string>& kept) {
    auto it = std::lower_bound(kept.begin(), kept.end(), path);
    for (; it != kept.end() && it->compare(0, path.size(), path) == 0; ++it) {
      if (it->size() > path.size() && (*it)[path.size()] == '.') return true;
    }
    return false;
  };
  return goes_below(whole_[index(kind)]) || goes_below(presence_[index(kind)]);
}

bool KeptAttributes::keeps_presence(NodeKind kind, std::string_view path) const {
  if (all_[index(kind)]) return false;
  path = before_lists(path);
  const auto& presence = presence_[index(kind)];
  return std::binary_search(presence.begin(), presence.end(), path) && !keeps_whole(kind, path) &&
         !on_the_way(kind, path);
}

void KeptAttributes::prune_below(NodeKind kind, std::string& path, Value& value) const {
  if (keeps_whole(kind, path)) return;
  if (keeps_presence(kind, path)) {
    value = presence_of(value);
    return;
  }
  if (!value.is_map()) return;  // a list, scalar or unknown value on the way: kept as it is
  const std::size_t length = path.size();
  value.retain([&](const SharedText& key, Value& item) {
    path.resize(length);
    path += '.';
    path += key.view();
    if (keeps_whole(kind, path)) return true;
    if (!keeps_presence(kind, path) && !on_the_way(kind, path)) return false;
    prune_below(kind, path, item);
    return true;
  });
  path.resize(length);
}

void KeptAttributes::prune_attribute(NodeKind kind, std::string_view name, Value& value) const {
  if (all_[index(kind)] || !keeps(kind, name)) return;
  std::string path(name);
  prune_below(kind, path, value);
}

void KeptAttributes::prune(NodeKind kind, Value& attributes) const {
  if (all_[index(kind)]) return;
  std::string path;
  attributes.retain([&](const SharedText& key, Value& item) {
    if (!keeps(kind, key.view())) return false;
    path.assign(key.view());
    prune_below(kind, path, item);
    return true;
  });
}

void keep_folded_attributes(KeptAttributes& kept) {
  // What the readers' fold targets write (lib/terraform and lib/cloudformation, normalise_*.cc).
  auto keep = [&kept](NodeKind kind, const char* name) {
    if (!kept.keeps_presence(kind, name)) kept.keep(kind, name);
  };
  for (const char* name : {"lifecycle_policy", "repository_policy"}) {
    keep(NodeKind::kEcrRepository, name);
  }
  kept.keep_all(NodeKind::kEcrRegistry);  // one node, configured by several resources
  for (const char* name : {"capacity_providers", "default_capacity_provider_strategy"}) {
    keep(NodeKind::kCluster, name);
  }
  for (const char* name : {"inline_policies", "managed_policy_arns"}) {
    keep(NodeKind::kIamRole, name);
  }
  for (const char* name : {"ingress", "egress"}) keep(NodeKind::kSecurityGroup, name);
  for (const char* name : {"policy_document", "subnet_ids", "security_group_ids"}) {
    keep(NodeKind::kVpcEndpoint, name);
  }
  keep(NodeKind::kTaskDefinition, "containers");
}

}  // namespace ecsguard
