// A view of contiguous elements someone else owns (C++17 has no std::span): what Value hands
// out for a list's items or a map's keys, which live in one block with the value's entries.
#pragma once

#include <algorithm>
#include <cstddef>
#include <type_traits>

namespace ecsguard {

template <typename T>
class Span {
 public:
  using value_type = std::remove_const_t<T>;
  using iterator = T*;
  using const_iterator = T*;

  Span() = default;
  Span(T* data, std::size_t size) : data_(data), size_(size) {}
  // A view of mutable elements is also a view of constant ones.
  template <typename U, typename = std::enable_if_t<std::is_same_v<const U, T>>>
  Span(Span<U> o) : data_(o.data()), size_(o.size()) {}  // NOLINT: implicit, like a pointer

  T* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* begin() const { return data_; }
  T* end() const { return data_ + size_; }
  T& operator[](std::size_t i) const { return data_[i]; }
  T& front() const { return data_[0]; }
  T& back() const { return data_[size_ - 1]; }

  friend bool operator==(Span a, Span b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }
  friend bool operator!=(Span a, Span b) { return !(a == b); }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace ecsguard
