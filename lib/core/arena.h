// Memory handed out from large chunks and given back all at once, when the arena goes.
//
// A graph's values are made while its input is read, among the reader's short-lived parse trees;
// from the heap, what a graph keeps would be scattered between the holes those trees leave, and
// the holes would stay. The graph builder moves each node's values into its arena once the node
// is made (Value::freeze), so they lie together, in blocks of exactly their size. Not thread safe:
// one arena per builder, and so per thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace ecsguard {

class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // `bytes` aligned to 8, valid until the arena is destroyed.
  void* allocate(std::size_t bytes) {
    bytes = (bytes + 7) & ~std::size_t{7};
    if (bytes > static_cast<std::size_t>(end_ - next_)) grow(bytes);
    void* p = next_;
    next_ += bytes;
    return p;
  }

  // Bytes taken from the system so far.
  std::size_t reserved() const { return reserved_; }

 private:
  static constexpr std::size_t kFirstChunk = std::size_t{64} << 10;
  static constexpr std::size_t kLargestChunk = std::size_t{4} << 20;

  void grow(std::size_t bytes) {
    // Chunks double up to 4 MiB, so a small input's arena stays small and a large one's chunks
    // are few; a request larger than that gets a chunk of its own size.
    std::size_t size = chunks_.empty() ? kFirstChunk : std::min(2 * last_, kLargestChunk);
    last_ = size;
    size = std::max(size, bytes);
    chunks_.emplace_back(new char[size]);  // NOLINT: raw storage, left uninitialised
    next_ = chunks_.back().get();
    end_ = next_ + size;
    reserved_ += size;
  }

  std::vector<std::unique_ptr<char[]>> chunks_;  // NOLINT: raw storage
  char* next_ = nullptr;
  char* end_ = nullptr;
  std::size_t last_ = 0;
  std::size_t reserved_ = 0;
};

}  // namespace ecsguard
