// The JSON report: a documented, versioned contract (docs/report-format.md).
#include <algorithm>
#include <cstdio>
#include <string_view>
#include <unordered_map>

#include "core/both.h"
#include "core/strings.h"
#include "report/report.h"

namespace ecsguard::report {

namespace {

// Appends JSON to a buffer and hands it to the stream a megabyte at a time: a report of a large
// scan is tens of megabytes, which one growing string would copy and fault in several times.
// Without a stream it keeps what it is given (text()) until clear().
class Writer {
 public:
  explicit Writer(std::ostream* os) : os_(os) { buf_.reserve(kChunk + kChunk / 4); }

  Writer& raw(std::string_view s) {
    buf_ += s;
    return *this;
  }
  Writer& raw(char c) {
    buf_ += c;
    return *this;
  }
  Writer& str(std::string_view s) {
    append_json_string(buf_, s);
    return *this;
  }
  Writer& num(std::size_t n) {
    char digits[24];
    int len = std::snprintf(digits, sizeof digits, "%zu", n);
    buf_.append(digits, static_cast<std::size_t>(len));
    return *this;
  }
  // Called between items, where a chunk may end.
  void maybe_flush() {
    if (os_ != nullptr && buf_.size() >= kChunk) flush();
  }
  void flush() {
    os_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  std::string_view text() const { return buf_; }
  void clear() { buf_.clear(); }

 private:
  static constexpr std::size_t kChunk = std::size_t{1} << 20;
  std::ostream* os_;
  std::string buf_;
};

using PolicyCache = std::unordered_map<const policy::Policy*, std::string>;

void location(Writer& w, const Location& l) {
  w.raw("{\"file\":").str(l.file).raw(",\"line\":").num(l.line);
  w.raw(",\"column\":").num(l.column).raw(",\"pointer\":").str(l.pointer.str()).raw('}');
}

void diagnostic(Writer& w, const Diagnostic& d) {
  w.raw("{\"code\":").str(d.code).raw(",\"severity\":\"").raw(to_string(d.severity));
  w.raw("\",\"message\":").str(d.message).raw(",\"location\":");
  location(w, d.location);
  w.raw('}');
}

// Which suppression applied, so an audit can tell a file rule from template metadata.
void suppression(Writer& w, const policy::Result& r) {
  const Suppression& s = *r.suppression();
  w.raw(",\"suppression\":{\"status\":\"").raw(to_string(r.suppressed_status));
  w.raw("\",\"reason\":").str(s.reason).raw(",\"origin\":").str(s.origin);
  if (!s.catalogue.empty()) w.raw(",\"control\":").str(s.catalogue + ":" + s.id);
  if (!s.expires.empty()) w.raw(",\"expires\":").str(s.expires);
  w.raw(",\"location\":");
  location(w, s.location);
  w.raw('}');
}

// `"policy":{...}` of a result: the same for every result of a policy, so rendered once.
const std::string& policy_json(const policy::Policy& p, PolicyCache& cache) {
  auto it = cache.find(&p);
  if (it != cache.end()) return it->second;
  std::string out = "{\"policy\":{\"id\":" + json_quote(p.id) +
                    ",\"title\":" + json_quote(p.title) + ",\"severity\":\"" +
                    to_string(p.severity) + "\",\"controls\":" + policy::controls_json(p.controls) +
                    "}";
  return cache.emplace(&p, std::move(out)).first->second;
}

void result(Writer& w, const policy::Result& r, PolicyCache& policies) {
  w.raw(policy_json(*r.policy, policies));
  w.raw(",\"status\":\"").raw(to_string(r.status)).raw("\",\"resource\":{\"address\":");
  w.str(r.address()).raw(",\"kind\":").str(r.kind());
  w.raw(",\"source_type\":").str(r.source_type()).raw(",\"file\":").str(r.file());
  w.raw(",\"line\":").num(r.line());
  if (!r.construct_path().empty()) w.raw(",\"construct_path\":").str(r.construct_path());
  w.raw('}');
  if (!r.element().empty()) w.raw(",\"element\":").str(r.element());
  w.raw(",\"message\":").str(r.message());
  if (!r.reason.empty()) w.raw(",\"reason\":").str(r.reason);
  w.raw(",\"location\":");
  location(w, r.location());
  if (!r.fingerprint.empty()) w.raw(",\"fingerprint\":").str(r.fingerprint.hex());
  if (r.status == policy::Status::kSuppressed) suppression(w, r);
  w.raw(",\"evidence\":[");
  for (std::size_t i = 0; i < r.evidence.size(); ++i) {
    const auto& e = r.evidence[i];
    if (i) w.raw(',');
    w.raw("{\"path\":").str(e.path).raw(",\"observed\":").str(e.observed);
    if (e.pos.known()) {
      w.raw(",\"line\":").num(e.pos.line).raw(",\"column\":").num(e.pos.column);
      w.raw(",\"pointer\":").str(e.pos.pointer.str());
    }
    w.raw('}');
  }
  w.raw("]}");
}

// The shown results of [first, last), each after a comma once `written`.
void results(Writer& w, const Report& report, std::size_t first, std::size_t last,
             PolicyCache& policies, bool& written) {
  const std::vector<policy::Result>& all = *report.results;
  for (std::size_t i = first; i < last; ++i) {
    if (!shown(report, all[i])) continue;
    if (written) w.raw(',');
    written = true;
    result(w, all[i], policies);
    w.maybe_flush();
  }
}

void results(Writer& w, const Report& report) {
  // With two threads, the results are taken in pairs of blocks: the first block of a pair is
  // rendered into the stream while the helper renders the second into memory, which is then
  // appended. At most one block (of up to kJsonBlock results) is held; the blocks are of one
  // size, so that neither thread waits for the other at the last pair.
  constexpr std::size_t kWorthASecondThread = 256;
  const std::size_t count = report.results->size();
  PolicyCache policies;
  bool written = false;
  if (report.threads < 2 || count < kWorthASecondThread) {
    results(w, report, 0, count, policies, written);
    return;
  }
  const std::size_t pairs = (count + 2 * kJsonBlock - 1) / (2 * kJsonBlock);
  const std::size_t block = (count + 2 * pairs - 1) / (2 * pairs);
  Writer ahead(nullptr);
  PolicyCache ahead_policies;
  for (std::size_t first = 0; first < count; first += 2 * block) {
    std::size_t middle = std::min(first + block, count);
    std::size_t last = std::min(middle + block, count);
    bool comma = true;  // every result of the second block after a comma, dropped when first
    run_both([&] { results(w, report, first, middle, policies, written); },
             [&] { results(ahead, report, middle, last, ahead_policies, comma); });
    std::string_view text = ahead.text();
    if (!written && !text.empty()) text.remove_prefix(1);
    written = written || !text.empty();
    w.raw(text);
    ahead.clear();
    w.maybe_flush();
  }
}

}  // namespace

void write_json(std::ostream& os, const Report& report) {
  Writer w(&os);
  w.raw("{\"schema_version\":1,\"tool\":{\"name\":\"ecsguard\",\"version\":");
  w.str(report.tool_version).raw("},\"inputs\":[");
  bool first = true;
  for (const auto& g : *report.graphs) {
    const InputInfo& info = g.info();
    if (!first) w.raw(',');
    first = false;
    w.raw("{\"file\":").str(info.file).raw(",\"format\":").str(info.format);
    w.raw(",\"resources\":").num(info.resources).raw(",\"nodes\":").num(g.nodes().size());
    w.raw(",\"diagnostics\":[");
    for (std::size_t i = 0; i < info.diagnostics.size(); ++i) {
      if (i) w.raw(',');
      diagnostic(w, info.diagnostics[i]);
    }
    w.raw("]}");
    w.maybe_flush();
  }
  w.raw("],\"diagnostics\":[");
  for (std::size_t i = 0; i < report.diagnostics.size(); ++i) {
    if (i) w.raw(',');
    diagnostic(w, report.diagnostics[i]);
  }
  policy::Summary s = summary(report);
  w.raw("],\"summary\":{\"fail\":").num(s.fail).raw(",\"unknown\":").num(s.unknown);
  w.raw(",\"pass\":").num(s.pass).raw(",\"skip\":").num(s.skip);
  w.raw(",\"suppressed\":").num(s.suppressed).raw(",\"baselined\":").num(report.baselined);
  w.raw("},\"results\":[");
  results(w, report);
  w.raw("]}\n");
  w.flush();
}

}  // namespace ecsguard::report
