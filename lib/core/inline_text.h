// A string of up to 11 bytes kept inside itself; a longer one outside, in a buffer of its own
// on the heap, or in an arena (core/arena.h) that outlives it, which starts with its length.
//
// 12 bytes wide and aligned to 1 where std::string is 32 bytes: a graph holds millions of texts
// (string values, the spelling of every number, unknown reasons), most of them short, and a
// Value keeps one beside its state in 16 bytes, 4 bytes past a multiple of 8: the address of a
// text kept outside is in the last 8 bytes, aligned there (where leak checkers and debuggers
// look for pointers). Immutable once made; copies of a long text copy it to the heap, as
// std::string does, wherever the original is kept.
#pragma once

#include <cstdint>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string_view>

#include "core/arena.h"

namespace ecsguard {

class InlineText {
 public:
  InlineText() noexcept { clear(); }
  explicit InlineText(std::string_view s) { assign(s); }
  InlineText(const InlineText& o) {
    if (o.outside()) {
      assign(o.view());
    } else {
      std::memcpy(raw_, o.raw_, sizeof raw_);
    }
  }
  InlineText(InlineText&& o) noexcept {
    std::memcpy(raw_, o.raw_, sizeof raw_);
    o.clear();
  }
  InlineText& operator=(const InlineText& o) {
    if (this != &o) *this = InlineText(o);
    return *this;
  }
  InlineText& operator=(InlineText&& o) noexcept {
    if (this != &o) {
      release();
      std::memcpy(raw_, o.raw_, sizeof raw_);
      o.clear();
    }
    return *this;
  }
  ~InlineText() { release(); }

  std::string_view view() const {
    if (!outside()) return std::string_view(reinterpret_cast<const char*>(raw_ + 1), raw_[0]);
    const char* p = buffer();
    uint32_t n;
    std::memcpy(&n, p, sizeof n);
    return std::string_view(p + sizeof n, n);
  }
  bool empty() const { return view().empty(); }

  // Moves a text kept on the heap into `arena`, which must outlive this text and every text
  // moved from it.
  void move_to(Arena& arena) {
    if (!on_heap()) return;
    std::string_view s = view();
    char* p = fill(arena.allocate(sizeof(uint32_t) + s.size()), s);
    release();
    point_at(p, kArena);
  }

 private:
  // The first byte says which: the length of a text kept inside, in the bytes after it; kHeap
  // or kArena for one kept outside, whose buffer's address the last 8 bytes hold.
  static constexpr std::size_t kInline = 11;
  static constexpr std::size_t kAddress = 4;  // where the address is
  static constexpr unsigned char kHeap = 0xff;
  static constexpr unsigned char kArena = 0xfe;

  bool on_heap() const { return raw_[0] == kHeap; }
  bool outside() const { return raw_[0] >= kArena; }
  void clear() { raw_[0] = 0; }
  const char* buffer() const {
    const char* p;
    std::memcpy(&p, raw_ + kAddress, sizeof p);
    return p;
  }
  void point_at(char* p, unsigned char where) {
    std::memcpy(raw_ + kAddress, &p, sizeof p);
    raw_[0] = where;
  }
  // Writes the length and the characters of `s` into `mem`; returns it.
  static char* fill(void* mem, std::string_view s) {
    auto* p = static_cast<char*>(mem);
    auto n = static_cast<uint32_t>(s.size());
    std::memcpy(p, &n, sizeof n);
    std::memcpy(p + sizeof n, s.data(), s.size());
    return p;
  }
  void assign(std::string_view s) {
    if (s.size() <= kInline) {
      if (!s.empty()) std::memcpy(raw_ + 1, s.data(), s.size());
      raw_[0] = static_cast<unsigned char>(s.size());
      return;
    }
    if (s.size() > UINT32_MAX) throw std::length_error("text longer than 4 GiB");
    point_at(fill(::operator new(sizeof(uint32_t) + s.size()), s), kHeap);
  }
  void release() {
    if (!on_heap()) {
      if (outside()) clear();  // an arena's text: the arena gives it back
      return;
    }
    ::operator delete(const_cast<char*>(buffer()));
    clear();
  }

  unsigned char raw_[1 + kInline];
};

}  // namespace ecsguard
