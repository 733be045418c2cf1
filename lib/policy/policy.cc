#include "policy/policy.h"

#include <algorithm>
#include <numeric>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "core/permute.h"
#include "core/strings.h"
#include "policy/result.h"

namespace ecsguard::policy {

Tri tri_and(Tri a, Tri b) {
  if (a == Tri::kFalse || b == Tri::kFalse) return Tri::kFalse;
  if (a == Tri::kTrue && b == Tri::kTrue) return Tri::kTrue;
  return Tri::kUnknown;
}

Tri tri_or(Tri a, Tri b) {
  if (a == Tri::kTrue || b == Tri::kTrue) return Tri::kTrue;
  if (a == Tri::kFalse && b == Tri::kFalse) return Tri::kFalse;
  return Tri::kUnknown;
}

Tri tri_not(Tri a) {
  if (a == Tri::kUnknown) return a;
  return a == Tri::kTrue ? Tri::kFalse : Tri::kTrue;
}

const char* to_string(Op op) {
  static const char* const kNames[] = {"equals",   "not_equals", "in",          "not_in",
                                       "exists",   "absent",     "empty",       "contains",
                                       "starts_with", "ends_with", "matches",   "gt",
                                       "gte",      "lt",         "lte"};
  return kNames[static_cast<int>(op)];
}

const char* to_string(Severity s) {
  static const char* const kNames[] = {"info", "low", "medium", "high", "critical"};
  return kNames[static_cast<int>(s)];
}

bool parse_severity(std::string_view s, Severity& out) {
  for (int i = 0; i <= static_cast<int>(Severity::kCritical); ++i) {
    if (s == to_string(static_cast<Severity>(i))) {
      out = static_cast<Severity>(i);
      return true;
    }
  }
  return false;
}

std::string controls_json(const std::map<std::string, std::vector<std::string>>& controls) {
  std::string out = "{";
  for (const auto& [catalogue, ids] : controls) {
    if (out.size() > 1) out += ',';
    out += json_quote(catalogue) + ":[";
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + json_quote(ids[i]);
    out += ']';
  }
  return out + "}";
}

const char* to_string(Status s) {
  static const char* const kNames[] = {"pass", "fail", "unknown", "skip", "suppressed"};
  return kNames[static_cast<int>(s)];
}

bool parse_status(std::string_view s, Status& out) {
  for (int i = 0; i <= static_cast<int>(Status::kSuppressed); ++i) {
    if (s == to_string(static_cast<Status>(i))) {
      out = static_cast<Status>(i);
      return true;
    }
  }
  return false;
}

PolicySet::PolicySet(std::vector<Policy> policies) : policies_(std::move(policies)) {
  std::sort(policies_.begin(), policies_.end(),
            [](const Policy& a, const Policy& b) { return a.id < b.id; });
  for (const auto& p : policies_) by_kind_[static_cast<std::size_t>(p.kind)].push_back(&p);
}

const Policy* PolicySet::find(std::string_view id) const {
  for (const auto& p : policies_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

namespace {

// Ranks the distinct values of key(i), i < n, in their natural order: equal keys share a rank.
template <typename Key, typename Hash, typename KeyFn>
std::vector<uint32_t> rank_by(std::size_t n, KeyFn key) {
  std::unordered_map<Key, uint32_t, Hash> index;
  std::vector<Key> distinct;
  std::vector<uint32_t> slot(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto [it, fresh] = index.emplace(key(i), static_cast<uint32_t>(distinct.size()));
    if (fresh) distinct.push_back(it->first);
    slot[i] = it->second;
  }
  std::vector<uint32_t> order(distinct.size()), rank(distinct.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return distinct[a] < distinct[b]; });
  for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  for (auto& s : slot) s = rank[s];
  return slot;
}

using Place = std::tuple<std::string_view, std::string_view, std::string_view>;

struct PlaceHash {
  std::size_t operator()(const Place& p) const {
    std::hash<std::string_view> h;
    return h(std::get<0>(p)) ^ (h(std::get<1>(p)) * 31) ^ (h(std::get<2>(p)) * 131);
  }
};

}  // namespace

Fingerprint Fingerprint::from_hex(std::string_view hex) {
  Fingerprint f;
  if (hex.size() != 2 * f.bytes_.size()) return f;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < f.bytes_.size(); ++i) {
    int hi = digit(hex[2 * i]), lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Fingerprint{};
    f.bytes_[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  f.set_ = true;
  return f;
}

std::string Fingerprint::hex() const {
  if (!set_) return {};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes_.size());
  for (uint8_t b : bytes_) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

void sort_results(std::vector<Result>& results) {
  // Comparing whole results would compare long, mostly equal strings O(n log n) times and move
  // large structs around. Instead every distinct (file, address, element) and policy id is ranked
  // once, the ranks are sorted, and each result moves once.
  const std::size_t n = results.size();
  std::vector<uint32_t> place = rank_by<Place, PlaceHash>(n, [&](std::size_t i) {
    const Result& r = results[i];
    return Place{r.file(), r.address(), r.element()};
  });
  std::vector<uint32_t> policy = rank_by<std::string_view, std::hash<std::string_view>>(
      n, [&](std::size_t i) { return std::string_view(results[i].policy->id); });
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(place[a], policy[a]) < std::tie(place[b], policy[b]);
  });
  apply_order(results, order);
}

void apply_order(std::vector<Result>& results, const std::vector<uint32_t>& order) {
  apply_permutation(results, order);
}

void Summary::count(Status status) {
  switch (status) {
    case Status::kPass:
      ++pass;
      break;
    case Status::kFail:
      ++fail;
      break;
    case Status::kUnknown:
      ++unknown;
      break;
    case Status::kSkip:
      ++skip;
      break;
    case Status::kSuppressed:
      ++suppressed;
      break;
  }
}

Summary summarise(const std::vector<Result>& results) {
  Summary s;
  for (const auto& r : results) s.count(r.status);
  return s;
}

}  // namespace ecsguard::policy
