// An RFC 6901 JSON pointer, as values, results and diagnostics carry it.
//
// Eight bytes, and its copies share one buffer, as SharedText's do. A reader makes each pointer
// as one whole text. When a graph moves its values into its arena (Value::freeze), a value's
// pointer that goes on from its parent's is kept as a link: the parent's pointer and the tokens
// after it. A plan's values are nested deep and every pointer repeats its parent's
// ("/resource_changes/12/change/after/container_definitions/0/..."): as links, each keeps only
// its own last tokens. The text is put together when it is asked for (str(), append_to()).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/arena.h"
#include "core/counted.h"

namespace ecsguard {

namespace detail {
struct PointerRep {
  std::atomic<uint32_t> refs;
  uint32_t size;             // of data
  const PointerRep* parent;  // the pointer this one goes on from (an arena's), or null: whole
  char data[1];              // size bytes and a terminating NUL
};
}  // namespace detail

class JsonPointer : public Counted<detail::PointerRep> {
 public:
  JsonPointer() = default;
  JsonPointer(std::string_view s) : Counted(make(s)) {}  // NOLINT: implicit, like std::string
  JsonPointer(const std::string& s) : JsonPointer(std::string_view(s)) {}  // NOLINT
  JsonPointer(const char* s) : JsonPointer(std::string_view(s)) {}         // NOLINT

  bool empty() const { return rep_ == nullptr; }
  std::size_t size() const {
    std::size_t n = 0;
    for (const Rep* r = rep_; r != nullptr; r = r->parent) n += r->size;
    return n;
  }
  // Appends the pointer's text to `out`.
  void append_to(std::string& out) const {
    const std::size_t n = size();
    out.resize(out.size() + n);
    char* end = &out[0] + out.size();
    for (const Rep* r = rep_; r != nullptr; r = r->parent) {
      end -= r->size;
      std::memcpy(end, r->data, r->size);
    }
  }
  std::string str() const {
    std::string out;
    append_to(out);
    return out;
  }
  bool in_arena() const { return kept_in_arena(); }

  friend bool operator==(const JsonPointer& a, const JsonPointer& b) {
    if (a.rep_ == b.rep_) return true;
    if (a.whole() && b.whole()) return a.text() == b.text();
    return a.size() == b.size() && a.str() == b.str();
  }
  friend bool operator!=(const JsonPointer& a, const JsonPointer& b) { return !(a == b); }
  friend bool operator==(const JsonPointer& a, std::string_view b) {
    return a.whole() ? a.text() == b : a.str() == b;
  }
  friend bool operator!=(const JsonPointer& a, std::string_view b) { return !(a == b); }
  friend bool operator==(const JsonPointer& a, const char* b) { return a == std::string_view(b); }
  friend bool operator!=(const JsonPointer& a, const char* b) { return !(a == b); }
  friend bool operator==(const JsonPointer& a, const std::string& b) {
    return a == std::string_view(b);
  }
  friend bool operator!=(const JsonPointer& a, const std::string& b) { return !(a == b); }
  friend std::string operator+(const JsonPointer& a, std::string_view b) {
    std::string out = a.str();
    out += b;
    return out;
  }
  friend std::string operator+(std::string a, const JsonPointer& b) {
    b.append_to(a);
    return a;
  }
  // The hash of the text (a link's and a whole text's alike).
  std::size_t hash() const {
    if (whole()) return std::hash<std::string_view>()(text());
    return std::hash<std::string>()(str());
  }
  friend std::ostream& operator<<(std::ostream& os, const JsonPointer& p) { return os << p.str(); }

 private:
  friend class ArenaPointers;

  using Rep = detail::PointerRep;

  // A whole text's characters (a link's are not in one place).
  bool whole() const { return rep_ == nullptr || rep_->parent == nullptr; }
  std::string_view text() const {
    return rep_ ? std::string_view(rep_->data, rep_->size) : std::string_view();
  }

  static Rep* init(void* mem, std::string_view s, uint32_t refs, const Rep* parent) {
    Rep* rep = new (mem) Rep;
    rep->refs.store(refs, std::memory_order_relaxed);
    rep->size = static_cast<uint32_t>(s.size());
    rep->parent = parent;
    std::memcpy(rep->data, s.data(), s.size());
    rep->data[s.size()] = '\0';
    return rep;
  }
  static Rep* make(std::string_view s) {
    if (s.empty()) return nullptr;
    return init(::operator new(offsetof(Rep, data) + s.size() + 1), s, 1, nullptr);
  }
  // `s` kept in `arena`, after `parent` (an arena's, or null). Never counted: it goes with the
  // arena, which must outlive every copy.
  static JsonPointer in_arena(std::string_view s, const Rep* parent, Arena& arena) {
    if (s.empty() && parent == nullptr) return JsonPointer();
    return JsonPointer(
        init(arena.allocate(offsetof(Rep, data) + s.size() + 1), s, kInArena, parent));
  }
  explicit JsonPointer(Rep* rep) : Counted(rep) {}
};

// Moves pointers into an arena once each (the copies of one pointer, as the values parsed from
// one JSON string share it, become copies of one arena pointer), as links from their parents'
// where they go on from them.
class ArenaPointers {
 public:
  explicit ArenaPointers(Arena& arena) : arena_(arena) {}

  // The text of `p` while it is one whole text (before it is moved, or moved whole), else empty.
  static std::string_view whole_text(const JsonPointer& p) {
    return p.whole() ? p.text() : std::string_view();
  }

  // `p` becomes the arena's copy of itself: a link from `parent` when `p` goes on from
  // `parent_text` ("/a/b" from "/a"), where `parent` is the arena's pointer whose text is
  // `parent_text`; else a link from the arena's copy of its text up to its last token, which
  // the pointers moved until clear() share ("/resource_changes/3/change/after" for a
  // resource's attributes).
  void move(JsonPointer& p, const JsonPointer& parent, std::string_view parent_text) {
    if (p.empty() || p.in_arena()) return;
    auto [it, added] = moved_.try_emplace(p.rep_);
    if (added) {
      // The original is kept until clear(), so no other pointer can take its address meanwhile,
      // and the prefixes' keys, which are its characters, stay valid.
      it->second.first = p;
      it->second.second = kept(p.text(), parent, parent_text);
    }
    p = it->second.second;
  }
  void clear() {
    moved_.clear();
    prefixes_.clear();
  }

 private:
  JsonPointer kept(std::string_view s, const JsonPointer& parent, std::string_view parent_text) {
    if (parent.in_arena() && !parent_text.empty() && s.size() > parent_text.size() &&
        s[parent_text.size()] == '/' && s.compare(0, parent_text.size(), parent_text) == 0) {
      return JsonPointer::in_arena(s.substr(parent_text.size()), parent.rep_, arena_);
    }
    const std::size_t last = s.rfind('/');
    if (last == 0 || last == std::string_view::npos) {
      return JsonPointer::in_arena(s, nullptr, arena_);
    }
    JsonPointer& prefix = prefixes_[s.substr(0, last)];
    if (prefix.empty()) prefix = JsonPointer::in_arena(s.substr(0, last), nullptr, arena_);
    return JsonPointer::in_arena(s.substr(last), prefix.rep_, arena_);
  }

  Arena& arena_;
  std::unordered_map<const void*, std::pair<JsonPointer, JsonPointer>> moved_;
  std::unordered_map<std::string_view, JsonPointer> prefixes_;
};

struct JsonPointerHash {
  std::size_t operator()(const JsonPointer& p) const { return p.hash(); }
};

}  // namespace ecsguard
