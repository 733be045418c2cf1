#include "read/input.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ecsguard {

std::unique_ptr<InputBuffer> InputBuffer::open_file(const std::string& path, Diagnostics& diags) {
  auto fail = [&](const std::string& why) {
    Diagnostic d;
    d.code = "input.unreadable";
    d.message = "cannot read input: " + why;
    d.location.file = path;
    diags.push_back(std::move(d));
    return nullptr;
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return fail(std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail("not a regular file");
  }
  std::unique_ptr<InputBuffer> buf(new InputBuffer());
  buf->name_ = path;
  auto size = static_cast<std::size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    buf->set_data({});
    return buf;
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  int err = errno;
  ::close(fd);
  if (map == MAP_FAILED) return fail(std::strerror(err));
  ::madvise(map, size, MADV_SEQUENTIAL);
  buf->map_ = map;
  buf->map_size_ = size;
  buf->set_data(std::string_view(static_cast<const char*>(map), size));
  return buf;
}

std::unique_ptr<InputBuffer> InputBuffer::from_string(std::string name, std::string data) {
  std::unique_ptr<InputBuffer> buf(new InputBuffer());
  buf->name_ = std::move(name);
  buf->owned_ = std::move(data);
  buf->set_data(buf->owned_);
  return buf;
}

InputBuffer::~InputBuffer() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
}

void InputBuffer::release(std::size_t begin, std::size_t end, bool partial_pages) const {
  if (map_ == nullptr || begin >= end) return;
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  auto* base = static_cast<char*>(map_);
  auto skipped = static_cast<std::size_t>(data_.data() - base);  // a byte-order mark
  // Touching one page of a mapped file maps its neighbours too (Linux maps up to 64 KiB around
  // a fault, aligned): given back with the pages that hold the bytes.
  constexpr std::size_t kFaultAround = std::size_t{64} << 10;
  std::size_t unit = partial_pages ? std::max(page, kFaultAround) : page;
  std::size_t round_up = partial_pages ? 0 : page - 1;
  std::size_t first = (begin + skipped + round_up) / unit * unit;
  std::size_t last =
      std::min((end + skipped + (partial_pages ? unit - 1 : 0)) / unit * unit, map_size_);
  if (first < last) ::madvise(base + first, last - first, MADV_DONTNEED);
}

void ReleaseBatch::add(std::size_t begin, std::size_t end) {
  if (pages_ == nullptr || begin >= end) return;
  pieces_.emplace_back(begin, end);
  if (pieces_.size() >= kPieces) flush();
}

void ReleaseBatch::flush() {
  if (pieces_.empty()) return;
  std::sort(pieces_.begin(), pieces_.end());
  auto [begin, end] = pieces_.front();
  for (const auto& [b, e] : pieces_) {
    if (b > end + kGap) {
      pages_->release(begin, end, /*partial_pages=*/true);
      begin = b;
    }
    end = std::max(end, e);
  }
  pages_->release(begin, end, /*partial_pages=*/true);
  pieces_.clear();
}

void InputBuffer::set_data(std::string_view all) {
  if (all.size() >= 3 && all.substr(0, 3) == "\xEF\xBB\xBF") {
    had_bom_ = true;
    all.remove_prefix(3);
  }
  data_ = all;
}

void LineCounter::at(std::size_t offset, uint32_t& line, uint32_t& column) {
  offset = std::min(offset, data_.size());
  if (offset < offset_) {
    if (offset >= origin_offset_) {
      offset_ = origin_offset_;
      line_ = origin_line_;
      line_start_ = origin_line_start_;
    } else {
      offset_ = 0;
      line_ = 1;
      line_start_ = 0;
    }
  }
  const char* base = data_.data();
  const char* p = base + offset_;
  const char* end = base + offset;
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    ++line_;
    line_start_ = static_cast<std::size_t>(p - base);
  }
  offset_ = offset;
  line = line_;
  column = static_cast<uint32_t>(offset - line_start_ + 1);
}

}  // namespace ecsguard
