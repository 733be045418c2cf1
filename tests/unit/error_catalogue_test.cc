// docs/errors.md is the catalogue of diagnostic codes: every code the library can emit must have
// its entry. Codes are found three ways — string literals in the sources, the limit table (whose
// codes are built as "limit.NAME"), and the diagnostics actually produced by reading every bad
// input and example — so neither a new literal nor a computed code can slip past the docs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "core/limits.h"
#include "inputs/inputs.h"

namespace ecsguard {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The "## code / code (warning)" headings of docs/errors.md, as a set of codes.
std::set<std::string> documented_codes() {
  std::set<std::string> out;
  std::istringstream in(slurp("docs/errors.md"));
  std::string line;
  const std::regex code(R"([a-z_]+(\.[a-z_]+)+)");
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) != 0) continue;
    for (std::sregex_iterator it(line.begin(), line.end(), code), end; it != end; ++it) {
      out.insert(it->str());
    }
  }
  return out;
}

const std::regex& code_literal() {
  static const std::regex re(
      R"re("((input|tf|cfn|cdk|policy|suppression|baseline|tf_source|scan|limit|report)(\.[a-z_]+)+)")re");
  return re;
}

}  // namespace

TEST_CASE("every diagnostic code in the sources is documented in docs/errors.md", "[docs]") {
  std::set<std::string> documented = documented_codes();
  REQUIRE(documented.size() > 50);
  std::set<std::string> found;
  for (const char* dir : {"lib", "bindings"}) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.path().extension() != ".cc" && e.path().extension() != ".h") continue;
      std::string text = slurp(e.path());
      for (std::sregex_iterator it(text.begin(), text.end(), code_literal()), end; it != end;
           ++it) {
        found.insert((*it)[1].str());
      }
    }
  }
  for (const LimitInfo& l : limit_table()) found.insert(limit_code(l.name));
  REQUIRE(found.size() > 50);
  for (const auto& code : found) {
    INFO(code);
    CHECK(documented.count(code) == 1);
  }
}

TEST_CASE("every diagnostic the bad inputs and examples produce is documented", "[docs]") {
  std::set<std::string> documented = documented_codes();
  Diagnostics walk;
  std::vector<InputFile> files =
      expand_paths({"testdata/bad", "testdata/examples", "testdata/terraform"}, walk);
  REQUIRE(files.size() > 40);
  std::set<std::string> emitted;
  for (const auto& d : walk) emitted.insert(d.code);
  for (auto& f : files) {
    f.named = true;  // report even what a directory walk would skip quietly
    Graph g;
    if (!read_input(f, InputOptions{}, g)) continue;
    for (const auto& d : g.info().diagnostics) emitted.insert(d.code);
  }
  REQUIRE(emitted.size() > 15);
  for (const auto& code : emitted) {
    INFO(code);
    CHECK(documented.count(code) == 1);
  }
}

}  // namespace ecsguard
