// Input bytes: a memory-mapped file or an owned in-memory buffer. A UTF-8 byte-order mark is
// skipped, so offsets and columns count from the first character of the document.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.h"

namespace ecsguard {

class InputBuffer {
 public:
  // Maps `path` read-only. On failure returns nullptr and appends an "input.unreadable"
  // diagnostic naming the file and the system error.
  static std::unique_ptr<InputBuffer> open_file(const std::string& path, Diagnostics& diags);
  static std::unique_ptr<InputBuffer> from_string(std::string name, std::string data);

  ~InputBuffer();
  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;

  const std::string& name() const { return name_; }
  std::string_view data() const { return data_; }
  bool had_bom() const { return had_bom_; }

  // Says the bytes [begin, end) of data() are not needed for now: a mapped file gives the pages
  // wholly inside them back to the system (reading them again maps them again), which keeps a
  // plan much larger than memory from staying resident. A no-op for in-memory buffers. With
  // `partial_pages`, also the pages they share with bytes around them (for a small piece read
  // once, whose neighbours are not about to be read either).
  void release(std::size_t begin, std::size_t end, bool partial_pages = false) const;

 private:
  InputBuffer() = default;
  void set_data(std::string_view all);

  std::string name_;
  std::string owned_;
  void* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::string_view data_;
  bool had_bom_ = false;
};

// Small pieces of a buffer read once in no particular order (a plan's configuration blocks),
// given back together: each give-back is a system call that, while another thread of the
// process runs, interrupts its core to flush its mappings, and neighbouring pieces share pages.
// The pieces are given back, with the pages they share and the gaps between close ones, once
// kPieces have been read, and when the batch is flushed or destroyed.
class ReleaseBatch {
 public:
  explicit ReleaseBatch(const InputBuffer* pages) : pages_(pages) {}
  ~ReleaseBatch() { flush(); }
  ReleaseBatch(const ReleaseBatch&) = delete;
  ReleaseBatch& operator=(const ReleaseBatch&) = delete;

  void add(std::size_t begin, std::size_t end);
  void flush();

 private:
  static constexpr std::size_t kPieces = 64;
  static constexpr std::size_t kGap = std::size_t{1} << 20;  // closer pieces go back as one

  const InputBuffer* pages_;
  std::vector<std::pair<std::size_t, std::size_t>> pieces_;
};

// Turns byte offsets into 1-based line:column. Lookups are cheapest in increasing offset order;
// a lookup behind the previous one restarts from the nearest checkpoint.
class LineCounter {
 public:
  LineCounter() = default;
  explicit LineCounter(std::string_view data) : data_(data) {}
  // Starts counting at `offset`, known to be on `line` whose first byte is at `line_start`.
  LineCounter(std::string_view data, std::size_t offset, uint32_t line, std::size_t line_start)
      : data_(data), offset_(offset), line_(line), line_start_(line_start),
        origin_offset_(offset), origin_line_(line), origin_line_start_(line_start) {}

  void at(std::size_t offset, uint32_t& line, uint32_t& column);
  std::size_t line_start() const { return line_start_; }

 private:
  std::string_view data_;
  std::size_t offset_ = 0;
  uint32_t line_ = 1;
  std::size_t line_start_ = 0;
  std::size_t origin_offset_ = 0;
  uint32_t origin_line_ = 1;
  std::size_t origin_line_start_ = 0;
};

}  // namespace ecsguard
