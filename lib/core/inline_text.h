// A string of up to 15 bytes kept inside itself; a longer one in one exactly sized heap block,
// or in an arena (core/arena.h) that outlives it.
//
// 16 bytes wide where std::string is 32: a graph holds millions of texts (string values, the
// spelling of every number, unknown reasons), most of them short. Immutable once made; copies
// of a long text copy it to the heap, as std::string does, wherever the original is kept.
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
    if (!outside()) {
      return std::string_view(reinterpret_cast<const char*>(raw_), kInline - raw_[15]);
    }
    const char* p;
    uint32_t n;
    std::memcpy(&p, raw_, sizeof p);
    std::memcpy(&n, raw_ + sizeof p, sizeof n);
    return std::string_view(p, n);
  }
  bool empty() const { return view().empty(); }

  // Moves a text kept on the heap into `arena`, which must outlive this text and every text
  // moved from it.
  void move_to(Arena& arena) {
    if (!on_heap()) return;
    std::string_view s = view();
    auto* p = static_cast<char*>(arena.allocate(s.size()));
    std::memcpy(p, s.data(), s.size());
    release();
    std::memcpy(raw_, &p, sizeof p);
    auto n = static_cast<uint32_t>(s.size());
    std::memcpy(raw_ + sizeof p, &n, sizeof n);
    raw_[15] = kArena;
  }

 private:
  // Byte 15 says which: 15 minus the length for a text kept inside (a 15-byte text ends in the
  // 0 this leaves), kHeap or kArena for one kept outside, whose address and length the first 12
  // bytes hold.
  static constexpr std::size_t kInline = 15;
  static constexpr unsigned char kHeap = 0xff;
  static constexpr unsigned char kArena = 0xfe;

  bool on_heap() const { return raw_[15] == kHeap; }
  bool outside() const { return raw_[15] >= kArena; }
  void clear() {
    raw_[0] = 0;
    raw_[15] = kInline;
  }
  void assign(std::string_view s) {
    if (s.size() <= kInline) {
      if (!s.empty()) std::memcpy(raw_, s.data(), s.size());
      raw_[15] = static_cast<unsigned char>(kInline - s.size());
      return;
    }
    if (s.size() > UINT32_MAX) throw std::length_error("text longer than 4 GiB");
    char* p = static_cast<char*>(::operator new(s.size()));
    std::memcpy(p, s.data(), s.size());
    auto n = static_cast<uint32_t>(s.size());
    std::memcpy(raw_, &p, sizeof p);
    std::memcpy(raw_ + sizeof p, &n, sizeof n);
    raw_[15] = kHeap;
  }
  void release() {
    if (!on_heap()) {
      if (outside()) clear();  // an arena's text: the arena gives it back
      return;
    }
    char* p;
    std::memcpy(&p, raw_, sizeof p);
    ::operator delete(p);
    clear();
  }

  alignas(8) unsigned char raw_[16];
};

}  // namespace ecsguard
