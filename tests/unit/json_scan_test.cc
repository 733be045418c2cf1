// The fast JSON reader (read/json_scan.h) against nlohmann's parser: for every document the two
// must deliver the same events at the same read positions, or the fast reader must hand the
// document back (kRetry) — never accept what nlohmann refuses. Checked on hand-written edge cases
// and on every JSON file under testdata/, for the raw events, the located trees and the Terraform
// plan index.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "read/json.h"
#include "read/json_scan.h"
#include "terraform/normalise.h"
#include "terraform/plan_index.h"
#include "test_files.h"

using namespace ecsguard;
namespace fs = std::filesystem;

namespace {

// Writes every event with the read position at which it was delivered.
class Recorder : public nlohmann::json_sax<nlohmann::json> {
 public:
  Recorder(const char* base, const char** cursor) : base_(base), cursor_(cursor) {}

  bool null() override { return add("null"); }
  bool boolean(bool b) override { return add(b ? "true" : "false"); }
  bool number_integer(number_integer_t v) override { return add("int " + std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return add("uint " + std::to_string(v)); }
  bool number_float(number_float_t v, const string_t& raw) override {
    std::ostringstream s;
    s.precision(17);
    s << "float " << v << " " << raw;
    return add(s.str());
  }
  bool string(string_t& v) override { return add("string " + v); }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return add("{"); }
  bool key(string_t& v) override { return add("key " + v); }
  bool end_object() override { return add("}"); }
  bool start_array(std::size_t) override { return add("["); }
  bool end_array() override { return add("]"); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    failed = true;
    return false;
  }

  std::string log;
  bool failed = false;

 private:
  bool add(const std::string& event) {
    log += std::to_string(*cursor_ - base_) + " " + event + "\n";
    return true;
  }
  const char* base_;
  const char** cursor_;
};

struct Outcome {
  bool accepted = false;
  std::string log;
};

Outcome with_nlohmann(std::string_view text) {
  const char* cursor = text.data();
  Recorder r(text.data(), &cursor);
  TrackingIterator first(text.data(), &cursor);
  TrackingIterator last(text.data() + text.size(), &cursor);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(first, last, &r);
  } catch (const std::exception&) {
    ok = false;
  }
  return {ok && !r.failed, r.log};
}

Outcome with_fast_reader(std::string_view text, json_scan::Status* status = nullptr) {
  const char* cursor = text.data();
  Recorder r(text.data(), &cursor);
  auto s = json_scan::scan_json(
      text.data(), text.data() + text.size(), r, [] { return false; },
      [](const char*) { return true; }, &cursor, 1u << 20);
  if (status != nullptr) *status = s;
  return {s == json_scan::Status::kOk, r.log};
}

// Same events at the same positions; when the fast reader declines the document, what it
// delivered before declining is what nlohmann delivers first.
void check_same_events(std::string_view text) {
  INFO("document: " << std::string(text.substr(0, 200)));
  json_scan::Status status;
  Outcome fast = with_fast_reader(text, &status);
  Outcome reference = with_nlohmann(text);
  if (status == json_scan::Status::kRetry) {
    CHECK(reference.log.compare(0, fast.log.size(), fast.log) == 0);
    return;
  }
  CHECK(fast.accepted == reference.accepted);
  CHECK(fast.log == reference.log);
}

void check_same_tree(const JNode& a, const JNode& b) {
  REQUIRE(a.type == b.type);
  CHECK(a.boolean == b.boolean);
  CHECK((a.number == b.number || (a.number != a.number && b.number != b.number)));
  CHECK(a.text == b.text);
  CHECK(a.keys == b.keys);
  CHECK(a.offset == b.offset);
  CHECK(a.line == b.line);
  CHECK(a.column == b.column);
  REQUIRE(a.items.size() == b.items.size());
  for (std::size_t i = 0; i < a.items.size(); ++i) check_same_tree(a.items[i], b.items[i]);
}

void check_same_parse(std::string_view text, const Limits& limits = Limits{}) {
  INFO("document: " << std::string(text.substr(0, 200)));
  JNode fast, reference;
  JsonError fast_error, reference_error;
  LineCounter fast_lines(text), reference_lines(text);
  bool a = parse_json_range(text, 0, text.size(), fast_lines, limits, fast, fast_error);
  bool b = parse_json_range_reference(text, 0, text.size(), reference_lines, limits, reference,
                                      reference_error);
  REQUIRE(a == b);
  if (a) {
    check_same_tree(fast, reference);
  } else {
    CHECK(fast_error.offset == reference_error.offset);
    CHECK(fast_error.message == reference_error.message);
    CHECK(fast_error.limit == reference_error.limit);
  }
}

std::string describe(const terraform::Range& r) {
  return std::to_string(r.begin) + "-" + std::to_string(r.end) + "@" + std::to_string(r.line) +
         "/" + std::to_string(r.line_start) + " " + r.pointer.str();
}

std::string describe(const terraform::PlanIndex& x) {
  std::ostringstream s;
  s << x.format_version << "|" << x.terraform_version << "|" << x.has_resource_changes
    << x.has_planned_values << x.has_state_values << x.has_configuration << x.top_is_object
    << "|" << x.managed_resources << "|" << x.changes_managed << x.planned_managed
    << x.state_managed << "\n";
  for (const auto& k : x.top_keys) s << "top " << k << "\n";
  for (const auto* list : {&x.changes, &x.planned, &x.state}) {
    for (const auto& e : *list) {
      s << "entry " << e.address << " " << e.type << " " << e.mode << " " << e.deposed << " "
        << describe(e.range) << "\n";
    }
    s << "--\n";
  }
  for (const auto& [path, m] : x.config) {
    s << "module " << path << " " << m.has_outputs << " " << describe(m.outputs) << "\n";
    for (const auto& [a, r] : m.resources) s << "  resource " << a << " " << describe(r) << "\n";
    for (const auto& [a, r] : m.call_expressions) s << "  call " << a << " " << describe(r) << "\n";
  }
  for (const auto& [path, src] : x.module_sources) s << "source " << path << " " << src << "\n";
  for (const auto& e : x.type_errors) s << "type error " << e.offset << " " << e.message << "\n";
  return s.str();
}

std::vector<fs::path> json_files() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator("testdata")) {
    if (entry.is_regular_file() && entry.path().extension() == ".json" &&
        entry.file_size() < (4u << 20)) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

const std::vector<std::string> kCases = {
    // accepted
    "{}", "[]", "0", "-0", "1", "-1", "12345678901234567", "123456789012345678",
    "1234567890123456789", "18446744073709551615", "18446744073709551616",
    "-9223372036854775808", "-9223372036854775809", "1.5", "-1.5e3", "1E5", "1e+5", "1e-5",
    "0.5e-300", "true", "false", "null", "\"\"", "\"a\"", "  {\"a\" : [ 1 , 2 ] }  ",
    "{\"a\":{\"b\":{\"c\":[[],{}]}}}", "[1,\"x\",true,null,{\"k\":1.25}]", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
    "\"\\u0041\\u00e9\\u20ac\\ud83d\\ude00\"", "\"\\u0000\"", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
    "\"\x7f\"", "\"12345678\\\"12345678\"", "[1]\n", "\r\n\t[1]",
    "{\"a\":1,\"a\":2}", "[1.0, 2.50, 1e2, 100]",
    // refused
    "", " ", "{", "}", "[", "]", "[1,]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{a:1}", "[01]",
    "[-]", "[1.]", "[.5]", "[1e]", "[1e+]", "[+1]", "1 2", "[1] x", "tru", "nul", "falsey",
    "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\ud83d\"", "\"\\ud83d\\u0041\"", "\"\\ude00\"",
    "\"a\x01\"", "\"\xc3\"", "\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
    "\"\xff\"", "\"\x80\"", "[1e400]", "[-1e400]", "\xef\xbb\xbf[1]", std::string("[1,\0]", 5),
    std::string("\"a\0b\"", 5), "[1,2", "{\"a\":[1,2}", "[\"a\"]]", "/* c */ [1]",
};

}  // namespace

TEST_CASE("the fast reader delivers nlohmann's events at nlohmann's positions", "[json]") {
  for (const auto& text : kCases) check_same_events(text);
  for (const auto& path : json_files()) {
    INFO(path.string());
    check_same_events(test::slurp(path));
  }
}

TEST_CASE("the fast reader finds a string's special byte wherever it is", "[json]") {
  // The reader steps through strings sixteen and eight bytes at a time: an escape, a quote, a
  // control character, a multi-byte or a malformed UTF-8 sequence at every offset of those steps,
  // and strings that end just before, at and after a step.
  for (const std::string special :
       {"\\n", "\\u00e9", "\"", "\x01", "\xc3\xa9", "\xff", "\xe2\x82"}) {
    for (std::size_t at = 0; at <= 40; ++at) {
      const std::string text =
          "[\"" + std::string(at, 'a') + special + std::string(40 - at, 'b') + "\"]";
      INFO(at << " " << special);
      check_same_events(text);
    }
  }
  for (std::size_t length = 0; length <= 40; ++length) {
    const std::string key(length, 'k'), value(length, 'v');
    check_same_events("{\"" + key + "\":\"" + value + "\"}");
  }
}

TEST_CASE("the fast reader accepts well-formed documents itself", "[json]") {
  // Guards the equivalence test above against a reader that hands every document back.
  for (const char* text : {"{\"a\":[1,-2.5e3,\"x\\u00e9\",true,null]}", "18446744073709551616"}) {
    json_scan::Status status;
    with_fast_reader(text, &status);
    CHECK(status == json_scan::Status::kOk);
  }
  std::size_t accepted = 0, total = 0;
  for (const auto& path : json_files()) {
    json_scan::Status status;
    with_fast_reader(test::slurp(path), &status);
    if (with_nlohmann(test::slurp(path)).accepted) {
      ++total;
      if (status == json_scan::Status::kOk) ++accepted;
    }
  }
  CHECK(total > 50);
  CHECK(accepted == total);
}

TEST_CASE("located trees are the same from either reader", "[json]") {
  for (const auto& text : kCases) check_same_parse(text);
  Limits tight;
  tight.depth = 3;
  tight.nodes = 5;
  tight.string_length = 4;
  for (const char* text : {"[[[[1]]]]", "[1,2,3,4,5,6]", "{\"abcdef\":1}", "[\"abcdef\"]"}) {
    check_same_parse(text, tight);
  }
  for (const auto& path : json_files()) {
    INFO(path.string());
    check_same_parse(test::slurp(path));
  }
}

TEST_CASE("the plan index is the same from either reader", "[json][terraform]") {
  Limits limits;
  Deadline never;
  for (const auto& path : json_files()) {
    INFO(path.string());
    std::string text = test::slurp(path);
    terraform::PlanIndex fast, reference;
    terraform::IndexError fast_error, reference_error;
    bool a = terraform::index_plan(text, terraform::is_modelled_type, limits, never, fast,
                                   fast_error);
    bool b = terraform::index_plan_reference(text, terraform::is_modelled_type, limits, never,
                                             reference, reference_error);
    REQUIRE(a == b);
    if (a) {
      CHECK(describe(fast) == describe(reference));
    } else {
      CHECK(fast_error.offset == reference_error.offset);
      CHECK(fast_error.message == reference_error.message);
      CHECK(fast_error.limit == reference_error.limit);
    }
  }
}
