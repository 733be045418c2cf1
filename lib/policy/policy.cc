#include "policy/policy.h"

#include <algorithm>

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

void sort_results(std::vector<Result>& results) {
  std::stable_sort(results.begin(), results.end(), [](const Result& a, const Result& b) {
    return std::tie(a.file, a.address, a.element, a.policy->id) <
           std::tie(b.file, b.address, b.element, b.policy->id);
  });
}

Summary summarise(const std::vector<Result>& results) {
  Summary s;
  for (const auto& r : results) {
    switch (r.status) {
      case Status::kPass:
        ++s.pass;
        break;
      case Status::kFail:
        ++s.fail;
        break;
      case Status::kUnknown:
        ++s.unknown;
        break;
      case Status::kSkip:
        ++s.skip;
        break;
      case Status::kSuppressed:
        ++s.suppressed;
        break;
    }
  }
  return s;
}

}  // namespace ecsguard::policy
