// An immutable string whose copies share one buffer.
//
// Copying a SharedText costs a reference-count increment, never an allocation (core/counted.h),
// and it is 8 bytes wide where a std::string is 32. It is meant for texts copied far more often
// than they are made: the map keys values intern, the evidence paths and rendered values that
// results share.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <new>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "core/counted.h"

namespace ecsguard {

namespace detail {
struct TextRep {
  std::atomic<uint32_t> refs;
  uint32_t size;
  char data[1];  // size bytes and a terminating NUL
};
}  // namespace detail

class SharedText : public Counted<detail::TextRep> {
 public:
  SharedText() = default;
  SharedText(std::string_view s) : Counted(make(s)) {}  // NOLINT: implicit, like std::string
  SharedText(const std::string& s) : SharedText(std::string_view(s)) {}  // NOLINT
  SharedText(const char* s) : SharedText(std::string_view(s)) {}         // NOLINT

  std::string_view view() const {
    return rep_ ? std::string_view(rep_->data, rep_->size) : std::string_view();
  }
  operator std::string_view() const { return view(); }  // NOLINT: reads like a string
  std::string str() const { return std::string(view()); }
  const char* data() const { return rep_ ? rep_->data : ""; }
  std::size_t size() const { return rep_ ? rep_->size : 0; }
  bool empty() const { return size() == 0; }

  friend bool operator==(const SharedText& a, const SharedText& b) {
    return a.rep_ == b.rep_ || a.view() == b.view();
  }
  friend bool operator!=(const SharedText& a, const SharedText& b) { return !(a == b); }
  friend bool operator<(const SharedText& a, const SharedText& b) { return a.view() < b.view(); }
  friend bool operator==(const SharedText& a, std::string_view b) { return a.view() == b; }
  friend bool operator!=(const SharedText& a, std::string_view b) { return a.view() != b; }
  friend bool operator==(const SharedText& a, const std::string& b) { return a.view() == b; }
  friend bool operator!=(const SharedText& a, const std::string& b) { return a.view() != b; }
  friend bool operator==(const SharedText& a, const char* b) { return a.view() == b; }
  friend bool operator!=(const SharedText& a, const char* b) { return a.view() != b; }
  friend std::string operator+(const SharedText& a, std::string_view b) {
    std::string out(a.view());
    out += b;
    return out;
  }
  friend std::string operator+(std::string a, const SharedText& b) {
    a += b.view();
    return a;
  }
  friend std::ostream& operator<<(std::ostream& os, const SharedText& t) { return os << t.view(); }

 private:
  static detail::TextRep* make(std::string_view s) {
    if (s.empty()) return nullptr;
    void* mem = ::operator new(offsetof(detail::TextRep, data) + s.size() + 1);
    auto* rep = new (mem) detail::TextRep;
    rep->refs.store(1, std::memory_order_relaxed);
    rep->size = static_cast<uint32_t>(s.size());
    std::memcpy(rep->data, s.data(), s.size());
    rep->data[s.size()] = '\0';
    return rep;
  }
};

struct SharedTextHash {
  std::size_t operator()(const SharedText& t) const {
    return std::hash<std::string_view>()(t.view());
  }
};

}  // namespace ecsguard
