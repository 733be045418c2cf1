// The handle SharedText and JsonPointer share: it points at an immutable buffer (a `Rep`, whose
// first member is `std::atomic<uint32_t> refs`) that all its copies share.
//
// Copying a handle counts one more reference and never allocates; the last copy to go frees a
// buffer made on the heap. A buffer kept in an arena is never counted (its count stays
// kInArena) and goes with the arena, which must outlive every copy. Copies may be made and
// dropped from many threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <new>

namespace ecsguard {

template <class Rep>
class Counted {
 public:
  Counted() = default;
  Counted(const Counted& o) noexcept : rep_(o.rep_) { retain(); }
  Counted(Counted&& o) noexcept : rep_(o.rep_) { o.rep_ = nullptr; }
  Counted& operator=(const Counted& o) noexcept {
    if (rep_ != o.rep_) {
      release();
      rep_ = o.rep_;
      retain();
    }
    return *this;
  }
  Counted& operator=(Counted&& o) noexcept {
    if (this != &o) {
      release();
      rep_ = o.rep_;
      o.rep_ = nullptr;
    }
    return *this;
  }
  ~Counted() { release(); }

 protected:
  // A heap buffer's count is never kInArena: it would have needed four billion copies.
  static constexpr uint32_t kInArena = UINT32_MAX;

  // Takes `rep`, made with ::operator new and a count of 1, or kept in an arena.
  explicit Counted(Rep* rep) noexcept : rep_(rep) {}
  bool kept_in_arena() const {
    return rep_ != nullptr && rep_->refs.load(std::memory_order_relaxed) == kInArena;
  }

  Rep* rep_ = nullptr;

 private:
  void retain() const {
    if (rep_ != nullptr && !kept_in_arena()) rep_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void release() {
    if (rep_ != nullptr && !kept_in_arena() &&
        rep_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      rep_->~Rep();
      ::operator delete(rep_);
    }
    rep_ = nullptr;
  }
};

}  // namespace ecsguard
