// InputBuffer: mapped files, byte-order marks, and pages given back while reading.
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>

#include "read/input.h"
#include "test_files.h"

using namespace ecsguard;

namespace {

std::string pattern(std::size_t size) {
  std::string text(size, ' ');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + (i * 7919) % 26);
  return text;
}

// The resident size, in KiB, of the mapping that holds `address` (/proc/self/smaps).
long resident_kib(const void* address) {
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= at && at < end;
    } else if (inside && line.rfind("Rss:", 0) == 0) {
      return std::stol(line.substr(4));
    }
  }
  return -1;
}

long touch_all(std::string_view data) {
  long sum = 0;
  for (std::size_t i = 0; i < data.size(); i += 512) sum += data[i];
  return sum;
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

TEST_CASE("a release batch gives pieces back together, once it is full or flushed", "[input]") {
  test::TempDir dir;
  const std::string body = pattern(4u << 20);
  test::spit(dir.path / "config.json", body);
  Diagnostics diags;
  auto input = InputBuffer::open_file((dir.path / "config.json").string(), diags);
  REQUIRE(input != nullptr);
  const char* data = input->data().data();
  // 64 pieces of 100 bytes, 40 KiB apart, over the first 2.5 MiB; the batch is full at the 64th.
  auto fill = [&](ReleaseBatch& batch, std::size_t pieces) {
    for (std::size_t i = 0; i < pieces; ++i) batch.add(i * 40960, i * 40960 + 100);
  };
  {
    CHECK(touch_all(input->data()) != 0);
    const long all = resident_kib(data);
    REQUIRE(all >= 4000);
    ReleaseBatch batch(input.get());
    fill(batch, 63);
    CHECK(resident_kib(data) == all);  // not yet
    fill(batch, 1);  // the 64th piece: the batch goes back as one range
    CHECK(resident_kib(data) <= all - 2048);
  }
  {
    CHECK(touch_all(input->data()) != 0);
    const long all = resident_kib(data);
    {
      ReleaseBatch batch(input.get());
      batch.add(3u << 20, (3u << 20) + 10);
      batch.add(5000, 6000);  // out of order, far apart: two ranges of 64 KiB
      CHECK(resident_kib(data) == all);
    }  // flushed when destroyed
    CHECK(resident_kib(data) <= all - 128);
  }
  CHECK(input->data() == body);  // what was given back reads back unchanged
  ReleaseBatch none(nullptr);  // no buffer: nothing to give back
  none.add(0, 100);
  none.flush();
}
