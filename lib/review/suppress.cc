// Applying suppressions to results (see suppressions.h).
#include <ctime>
#include <map>
#include <utility>

#include "review/suppressions.h"

namespace ecsguard::review {

namespace {

bool valid_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2)),
      day = std::stoi(s.substr(8, 2));
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

std::string describe(const Suppression& s) {
  std::string what =
      s.catalogue.empty() ? "suppression of " + s.id : s.catalogue + " suppression of " + s.id;
  if (!s.resource.empty()) what += " for '" + s.resource + "'";
  return what;
}

// One suppression, checked once, wherever it is used.
struct Candidate {
  const Suppression* s;
  bool usable = false;
  bool used = false;
};

class Applier {
 public:
  Applier(const SuppressionOptions& options, Diagnostics& diags)
      : options_(options),
        today_(options.today.empty() ? today_utc() : options.today),
        diags_(diags) {}

  // Validates `s` and remembers it. Diagnostics are emitted here, once per suppression.
  Candidate check(const Suppression& s) {
    Candidate c{&s};
    if (s.reason.empty()) {
      report("suppression.missing_reason", Severity::kError, s,
             describe(s) + " has no reason; every suppression must say why (`reason:`" +
                 (s.catalogue == "checkov" ? ", or Checkov's `comment:`" : "") +
                 "), so it is not applied");
      return c;
    }
    if (!s.expires.empty() && !valid_date(s.expires)) {
      report("suppression.bad_expires", Severity::kError, s,
             describe(s) + ": expires '" + s.expires +
                 "' is not a date; expected YYYY-MM-DD, so it is not applied");
      return c;
    }
    if (!s.expires.empty() && s.expires < today_) {
      report("suppression.expired", Severity::kWarning, s,
             describe(s) + " expired on " + s.expires +
                 "; it no longer applies (reason was: " + s.reason + ")");
      return c;
    }
    if (s.catalogue.empty() && options_.policies != nullptr &&
        options_.policies->find(s.id) == nullptr) {
      report("suppression.unknown_policy", Severity::kWarning, s,
             describe(s) + ": no loaded policy has this id (see `ecsguard policies`)");
    }
    c.usable = true;
    return c;
  }

  void report(const char* code, Severity severity, const Suppression& s, std::string message) {
    Diagnostic d;
    d.code = code;
    d.severity = severity;
    d.message = std::move(message);
    d.location = s.location;
    diags_.push_back(std::move(d));
  }

 private:
  const SuppressionOptions& options_;
  std::string today_;
  Diagnostics& diags_;
};

bool covers_policy(const Suppression& s, const policy::Policy& p) {
  if (s.catalogue.empty()) return s.id == p.id;
  auto it = p.controls.find(s.catalogue);
  if (it == p.controls.end()) return false;
  for (const auto& id : it->second) {
    if (id == s.id) return true;
  }
  return false;
}

bool suppressible(policy::Status s) {
  return s == policy::Status::kFail || s == policy::Status::kUnknown;
}

void suppress(policy::Result& r, const Suppression& s) {
  r.suppressed_status = r.status;
  r.status = policy::Status::kSuppressed;
  r.set_suppression(std::make_shared<const Suppression>(s));
}

}  // namespace

void apply_suppressions(std::vector<policy::Result>& results, const std::vector<Graph>& graphs,
                        const std::vector<Suppression>& rules, const SuppressionOptions& options,
                        Diagnostics& diags) {
  Applier applier(options, diags);
  // Node suppressions by (input file, address); a resource's nodes (the task definition and its
  // containers) share an address, and a suppression on any of them covers the resource.
  std::map<std::pair<std::string, std::string>, std::vector<Candidate>> by_resource;
  for (const auto& g : graphs) {
    for (const auto& n : g.nodes()) {
      if (n.suppressions().empty()) continue;  // most nodes: no entry, so no lookup below
      auto& list = by_resource[{g.info().file, n.address.str()}];
      for (const auto& s : n.suppressions()) {
        bool seen = false;
        for (const auto& c : list) seen = seen || *c.s == s;
        if (!seen) list.push_back(applier.check(s));
      }
    }
  }
  std::vector<Candidate> file_rules;
  for (const auto& s : rules) file_rules.push_back(applier.check(s));

  if (by_resource.empty() && file_rules.empty()) return;
  for (auto& r : results) {
    if (!suppressible(r.status)) continue;
    bool done = false;
    // (The key is two string copies: not made when no node has a suppression.)
    auto it = by_resource.empty() ? by_resource.end() : by_resource.find({r.file().str(), r.address().str()});
    if (it != by_resource.end()) {
      for (auto& c : it->second) {
        if (c.usable && covers_policy(*c.s, *r.policy)) {
          suppress(r, *c.s);
          c.used = done = true;
          break;
        }
      }
    }
    for (auto& c : file_rules) {
      if (done) break;
      if (c.usable && covers_policy(*c.s, *r.policy) && glob_match(c.s->resource, r.address())) {
        suppress(r, *c.s);
        c.used = done = true;
      }
    }
  }
  // A file rule that matches nothing is usually stale (the resource was renamed or fixed).
  for (const auto& c : file_rules) {
    if (c.usable && !c.used) {
      applier.report("suppression.unused", Severity::kNote, *c.s,
                     describe(*c.s) +
                         " matched no failing or unknown result; remove it if the "
                         "finding is gone");
    }
  }
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matching with one backtrack point: linear in practice, never exponential.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string today_utc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace ecsguard::review
