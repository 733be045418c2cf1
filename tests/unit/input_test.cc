// InputBuffer: mapped files, byte-order marks, and pages given back while reading.
#include <catch2/catch.hpp>

#include "read/input.h"
#include "test_files.h"

using namespace ecsguard;

namespace {

std::string pattern(std::size_t size) {
  std::string text(size, ' ');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + (i * 7919) % 26);
  return text;
}

}  // namespace

TEST_CASE("released pages of a mapped file read back unchanged", "[input]") {
  test::TempDir dir;
  for (const std::string prefix : {"", "\xEF\xBB\xBF"}) {
    INFO("with a byte-order mark: " << !prefix.empty());
    const std::string body = pattern((3u << 20) + 123);
    test::spit(dir.path / "big.json", prefix + body);
    Diagnostics diags;
    auto input = InputBuffer::open_file((dir.path / "big.json").string(), diags);
    REQUIRE(input != nullptr);
    CHECK(input->had_bom() == !prefix.empty());
    REQUIRE(input->data() == body);
    // Everything, a middle range, ranges smaller than a page, empty and inverted ranges, and
    // ranges past the end: all only hints.
    input->release(0, body.size());
    input->release(5000, 2u << 20);
    input->release(10, 20);
    input->release(100, 100);
    input->release(200, 100);
    input->release(body.size() - 10, body.size() + 5000);
    CHECK(input->data() == body);
  }
}

TEST_CASE("release is a no-op for in-memory buffers", "[input]") {
  auto input = InputBuffer::from_string("mem.json", pattern(1u << 20));
  const std::string copy(input->data());
  input->release(0, copy.size());
  CHECK(input->data() == copy);
}
