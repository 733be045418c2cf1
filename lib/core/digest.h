// 128-bit digests of texts, for tables that must tell millions of keys apart without keeping
// the keys (the graph builder's link keys). Two 64-bit lanes, each seeded once per process from
// the system's random source: two different texts share a digest with a chance of one in 2^128,
// and no input can be written to make them collide without knowing the seeds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ecsguard {

struct Digest {
  uint64_t a = 0;
  uint64_t b = 0;
  friend bool operator==(const Digest& x, const Digest& y) { return x.a == y.a && x.b == y.b; }
  friend bool operator!=(const Digest& x, const Digest& y) { return !(x == y); }
};

// The digest of `text` under `domain` (texts of different domains are different keys).
Digest digest(uint64_t domain, std::string_view text);

// For unordered containers of digests: either lane is already a good hash.
struct DigestHash {
  std::size_t operator()(const Digest& d) const { return static_cast<std::size_t>(d.a); }
};

}  // namespace ecsguard
