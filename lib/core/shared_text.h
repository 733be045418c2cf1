// An immutable string whose copies share one buffer.
//
// Copying a SharedText costs a reference-count increment, never an allocation, and it is 8 bytes
// wide where a std::string is 32. It is meant for texts copied far more often than they are made:
// the JSON pointer every value and every result carries (a container definition's hundred values
// all point at the one string they were parsed from; every result copies its evidence's
// position). Copies may be made and dropped from many threads at once.
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
#include <unordered_map>
#include <utility>

#include "core/arena.h"

namespace ecsguard {

class SharedText {
 public:
  SharedText() = default;
  SharedText(std::string_view s) : rep_(make(s)) {}  // NOLINT: implicit, like std::string
  SharedText(const std::string& s) : SharedText(std::string_view(s)) {}  // NOLINT
  SharedText(const char* s) : SharedText(std::string_view(s)) {}  // NOLINT

  SharedText(const SharedText& o) noexcept : rep_(o.rep_) { retain(); }
  SharedText(SharedText&& o) noexcept : rep_(o.rep_) { o.rep_ = nullptr; }
  SharedText& operator=(const SharedText& o) noexcept {
    if (rep_ != o.rep_) {
      release();
      rep_ = o.rep_;
      retain();
    }
    return *this;
  }
  SharedText& operator=(SharedText&& o) noexcept {
    if (this != &o) {
      release();
      rep_ = o.rep_;
      o.rep_ = nullptr;
    }
    return *this;
  }
  ~SharedText() { release(); }

  std::string_view view() const {
    return rep_ ? std::string_view(rep_->data, rep_->size) : std::string_view();
  }
  operator std::string_view() const { return view(); }  // NOLINT: reads like a string
  std::string str() const { return std::string(view()); }
  const char* data() const { return rep_ ? rep_->data : ""; }
  std::size_t size() const { return rep_ ? rep_->size : 0; }
  bool empty() const { return size() == 0; }

  // The same text kept in `arena`: its copies share it without counting, and it is given back
  // with the arena, which must outlive every copy (a graph's texts: see Graph::texts()).
  static SharedText in_arena(std::string_view s, Arena& arena) {
    SharedText t;
    if (s.empty()) return t;
    void* mem = arena.allocate(offsetof(Rep, data) + s.size() + 1);
    t.rep_ = new (mem) Rep;
    t.rep_->refs.store(kInArena, std::memory_order_relaxed);
    t.rep_->size = static_cast<uint32_t>(s.size());
    std::memcpy(t.rep_->data, s.data(), s.size());
    t.rep_->data[s.size()] = '\0';
    return t;
  }
  bool in_arena() const { return rep_ != nullptr && !counted(); }

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
  friend std::ostream& operator<<(std::ostream& os, const SharedText& t) { return os << t.view(); }

 private:
  struct Rep {
    std::atomic<uint32_t> refs;
    uint32_t size;
    char data[1];  // size bytes and a terminating NUL
  };

  static Rep* make(std::string_view s) {
    if (s.empty()) return nullptr;
    void* mem = ::operator new(offsetof(Rep, data) + s.size() + 1);
    Rep* rep = new (mem) Rep;
    rep->refs.store(1, std::memory_order_relaxed);
    rep->size = static_cast<uint32_t>(s.size());
    std::memcpy(rep->data, s.data(), s.size());
    rep->data[s.size()] = '\0';
    return rep;
  }
  // An arena's text is never counted (its count stays kInArena): a heap text reaching that many
  // copies would have needed four billion of them.
  static constexpr uint32_t kInArena = UINT32_MAX;
  bool counted() const { return rep_->refs.load(std::memory_order_relaxed) != kInArena; }

  void retain() const {
    if (rep_ && counted()) rep_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void release() {
    if (rep_ && counted() && rep_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      rep_->~Rep();
      ::operator delete(rep_);
    }
    rep_ = nullptr;
  }

  Rep* rep_ = nullptr;
};

// Moves texts into an arena once each: the copies of one text (the many values that point at one
// JSON string) become copies of one arena text.
class ArenaTexts {
 public:
  explicit ArenaTexts(Arena& arena) : arena_(arena) {}
  // `t` becomes the arena's copy of its text.
  void move(SharedText& t) {
    if (t.empty() || t.in_arena()) return;
    auto [it, added] = moved_.try_emplace(t.data());
    // The original is kept until clear(), so no other text can take its address meanwhile.
    if (added) it->second = {t, SharedText::in_arena(t.view(), arena_)};
    t = it->second.second;
  }
  void clear() { moved_.clear(); }

 private:
  Arena& arena_;
  std::unordered_map<const char*, std::pair<SharedText, SharedText>> moved_;
};

struct SharedTextHash {
  std::size_t operator()(const SharedText& t) const {
    return std::hash<std::string_view>()(t.view());
  }
};

}  // namespace ecsguard
