// Golden reports: `ecsguard scan testdata/examples` in every format, with the pinned policies and
// suppressions of testdata/golden/reports/, compared byte for byte with
// testdata/golden/reports/examples.*. The examples shown in docs/ci.md are these files, copied
// verbatim into fenced blocks after a `<!-- golden: PATH -->` marker; a second test checks that
// they are equal. UPDATE_GOLDEN=1 rewrites both.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"

namespace fs = std::filesystem;
using namespace ecsguard;

namespace {

const char* const kGoldenDir = "testdata/golden/reports";

struct GoldenFormat {
  const char* format;
  const char* file;
};

const GoldenFormat kFormats[] = {
    {"text", "examples.txt"},        {"json", "examples.json"},   {"sarif", "examples.sarif"},
    {"junit", "examples.junit.xml"}, {"markdown", "examples.md"}, {"github", "examples.github.txt"},
    {"rdjsonl", "examples.rdjsonl"},
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool updating() { return std::getenv("UPDATE_GOLDEN") != nullptr; }

}  // namespace

TEST_CASE("every report format matches its golden file", "[golden][report]") {
  for (const auto& f : kFormats) {
    INFO("format: " << f.format);
    std::ostringstream out, err;
    int code = cli::run({"scan", "testdata/examples", "--no-bundled-policies", "--policies",
                         "testdata/golden/reports/policies", "--suppressions",
                         "testdata/golden/reports/suppressions.yaml", "--link-base",
                         "https://github.com/acme/shop-infra/blob/main", "--format", f.format},
                        out, err);
    CHECK(code == cli::kExitFindings);
    fs::path golden = fs::path(kGoldenDir) / f.file;
    if (updating()) {
      std::ofstream(golden, std::ios::binary) << out.str();
      continue;
    }
    REQUIRE(fs::exists(golden));
    CHECK(out.str() == slurp(golden));
  }
}

TEST_CASE("docs/ci.md shows the golden reports verbatim", "[golden][docs]") {
  const fs::path doc = "docs/ci.md";
  std::string text = slurp(doc);
  REQUIRE(!text.empty());
  const std::string marker = "<!-- golden: ";
  std::string rewritten;
  std::size_t pos = 0, blocks = 0;
  while (true) {
    std::size_t m = text.find(marker, pos);
    if (m == std::string::npos) break;
    std::size_t name_end = text.find(" -->", m);
    REQUIRE(name_end != std::string::npos);
    std::string path = text.substr(m + marker.size(), name_end - m - marker.size());
    INFO("golden block: " << path);
    // The fence opens on the next line and closes with the same run of backticks.
    std::size_t fence = text.find('\n', name_end) + 1;
    std::size_t fence_end = text.find_first_not_of('`', fence);
    std::string ticks = text.substr(fence, fence_end - fence);
    REQUIRE(ticks.size() >= 3);
    std::size_t body = text.find('\n', fence) + 1;
    std::size_t close = text.find("\n" + ticks + "\n", body - 1);
    REQUIRE(close != std::string::npos);
    std::string shown = text.substr(body, close + 1 - body);
    std::string golden = slurp(path);
    REQUIRE(!golden.empty());
    rewritten += text.substr(pos, body - pos) + golden;
    pos = close + 1;
    ++blocks;
    if (!updating()) CHECK(shown == golden);
  }
  rewritten += text.substr(pos);
  CHECK(blocks >= 5);
  if (updating()) std::ofstream(doc, std::ios::binary) << rewritten;
}
