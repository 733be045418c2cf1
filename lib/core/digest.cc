#include "core/digest.h"

#include <cstring>
#include <random>

namespace ecsguard {
namespace {

// A bijective 64-bit mixer (multiply and xor-shift rounds): every input bit changes about half of
// the output bits.
uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

struct Seeds {
  uint64_t a, b;
};

const Seeds& seeds() {
  static const Seeds s = [] {
    std::random_device random;
    auto draw = [&] { return (uint64_t{random()} << 32) ^ random(); };
    return Seeds{draw(), draw()};
  }();
  return s;
}

}  // namespace

Digest digest(uint64_t domain, std::string_view text) {
  const Seeds& s = seeds();
  // The length and the domain go in first, so texts that differ only in either differ at once.
  uint64_t a = mix(s.a ^ mix(domain + (uint64_t{text.size()} << 8)));
  uint64_t b = mix(s.b ^ mix(~domain + (uint64_t{text.size()} << 8)));
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    uint64_t word = 0;
    std::size_t n = left < 8 ? left : 8;
    std::memcpy(&word, p, n);
    a = mix(a ^ word);
    b = mix(b ^ word);
    p += n;
    left -= n;
  }
  return Digest{a, b};
}

}  // namespace ecsguard
