// Input bytes: a memory-mapped file or an owned in-memory buffer. A UTF-8 byte-order mark is
// skipped, so offsets and columns count from the first character of the document.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

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
