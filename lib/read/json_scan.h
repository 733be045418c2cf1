// A fast JSON event reader for well-formed input.
//
// nlohmann's SAX parser reads one byte at a time through an iterator adapter and builds every
// string, number and key it meets; reading a 1 GB plan through it costs as much as the rest of a
// scan. scan_json() delivers the same events to the same handlers (the json_sax callbacks) from a
// loop that finds string ends eight bytes at a time, and it can validate a container without
// reporting its contents: the Terraform index asks for that for everything it does not model,
// which is most of a plan.
//
// It accepts exactly the documents nlohmann accepts or fewer: anything it does not handle — a
// syntax error, a number that overflows, nesting at the depth limit — ends the scan with kRetry,
// and the caller reruns nlohmann's parser on the same bytes, which produces the diagnostic with
// its message and position. The cursor conventions are nlohmann's (see
// TrackingIterator): just past a string's closing quote, a literal, a '{' or '[' when it opens, a
// '}' or ']' when it closes, and one byte past the end of a number (its look-ahead), so handlers
// recover token positions the same way under either parser.
#pragma once

#include <cassert>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ecsguard::json_scan {

enum class Status {
  kOk,       // the whole input is one well-formed document, every event delivered
  kStopped,  // a handler callback returned false (its own error or limit)
  kRetry,    // not handled here: rerun nlohmann's parser for the verdict and its message
  kTimeout,  // the deadline passed
};

namespace detail {

inline bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// True when one of the eight bytes needs a closer look inside a string: '"', '\\', a control
// character or a byte of a multi-byte UTF-8 sequence.
inline bool special8(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  auto zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  uint64_t quote = zero(x ^ (kOnes * '"'));
  uint64_t slash = zero(x ^ (kOnes * '\\'));
  uint64_t control = (x - kOnes * 0x20) & ~x & kHigh;  // a byte below 0x20 (or any high byte)
  return (quote | slash | control | (x & kHigh)) != 0;
}

#if defined(__SSE2__)
// Where the first of the sixteen bytes at p that needs a closer look (as special8) is: 0 to 15,
// or 16 when none does. Most keys and values of a plan end within one such step.
inline unsigned special16(const char* p) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i s =
      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
  // A signed comparison: a control character, or any byte from 0x80 (negative).
  s = _mm_or_si128(s, _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
  const auto mask = static_cast<unsigned>(_mm_movemask_epi8(s));
  return mask == 0 ? 16 : static_cast<unsigned>(__builtin_ctz(mask));
}
#endif

// Length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, surrogates or values above
// U+10FFFF), or 0.
inline int utf8_length(const unsigned char* p, const unsigned char* end) {
  auto cont = [&](int i, unsigned lo, unsigned hi) {
    return p + i < end && p[i] >= lo && p[i] <= hi;
  };
  unsigned c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) {
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  }
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

inline int hex4(const char* p) {
  int v = 0;
  for (int i = 0; i < 4; ++i) {
    char c = p[i];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

inline void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Reads the string whose opening quote is at p[-1]. Returns a pointer just past the closing
// quote, or nullptr when the string is malformed. Decodes into `out` when it is not null.
inline const char* read_string(const char* p, const char* end, std::string* out) {
  for (;;) {
    const char* run = p;
#if defined(__SSE2__)
    while (end - p >= 16) {
      unsigned clean = special16(p);
      p += clean;
      if (clean < 16) break;
    }
#endif
    while (end - p >= 8 && !special8(p)) p += 8;
    while (p < end && static_cast<unsigned char>(*p) >= 0x20 && *p != '"' && *p != '\\' &&
           static_cast<unsigned char>(*p) < 0x80) {
      ++p;
    }
    if (out != nullptr) out->append(run, p);
    if (p >= end) return nullptr;
    unsigned char c = static_cast<unsigned char>(*p);
    if (c == '"') return p + 1;
    if (c < 0x20) return nullptr;
    if (c >= 0x80) {
      int n = utf8_length(reinterpret_cast<const unsigned char*>(p),
                          reinterpret_cast<const unsigned char*>(end));
      if (n == 0) return nullptr;
      if (out != nullptr) out->append(p, p + n);
      p += n;
      continue;
    }
    // An escape.
    if (end - p < 2) return nullptr;
    char e = p[1];
    p += 2;
    char plain = e == '"'  ? '"'
                 : e == '\\' ? '\\'
                 : e == '/'  ? '/'
                 : e == 'b'  ? '\b'
                 : e == 'f'  ? '\f'
                 : e == 'n'  ? '\n'
                 : e == 'r'  ? '\r'
                 : e == 't'  ? '\t'
                             : 0;
    if (plain != 0) {
      if (out != nullptr) *out += plain;
      continue;
    }
    if (e != 'u' || end - p < 4) return nullptr;
    int unit = hex4(p);
    if (unit < 0) return nullptr;
    p += 4;
    uint32_t cp = static_cast<uint32_t>(unit);
    if (cp >= 0xDC00 && cp <= 0xDFFF) return nullptr;  // a low surrogate alone
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (end - p < 6 || p[0] != '\\' || p[1] != 'u') return nullptr;
      int low = hex4(p + 2);
      if (low < 0xDC00 || low > 0xDFFF) return nullptr;
      p += 6;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
    }
    if (out != nullptr) append_utf8(*out, cp);
  }
}

// Reads a number starting at p. Returns a pointer past it, or nullptr when malformed.
// `integer`: no fraction and no exponent; `exponent`: an exponent part.
inline const char* read_number(const char* p, const char* end, bool& integer, bool& exponent) {
  auto digit = [&](const char* q) { return q < end && *q >= '0' && *q <= '9'; };
  integer = true;
  exponent = false;
  if (p < end && *p == '-') ++p;
  if (!digit(p)) return nullptr;
  if (*p == '0') {
    ++p;
  } else {
    while (digit(p)) ++p;
  }
  if (p < end && *p == '.') {
    integer = false;
    ++p;
    if (!digit(p)) return nullptr;
    while (digit(p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    integer = false;
    exponent = true;
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (!digit(p)) return nullptr;
    while (digit(p)) ++p;
  }
  return p;
}

}  // namespace detail

// Reads one JSON document from [begin, end) and delivers its events to `handler` (an object
// with nlohmann's json_sax callbacks). After a container is opened, `skip()` is asked whether its
// contents matter; when it returns true they are validated but not delivered, and the next
// event is the container's end. Nesting deeper than `max_depth` ends the scan with kRetry (so the
// caller's parser reports the limit), `cursor` receives the read position before every event.
// `progress(p)` is called after each MiB read, with the read position; returning false ends
// the scan with kTimeout.
//
// `resume_in` resumes a scan inside a document: the containers already open at `begin`,
// outermost first ('o' an object, 'a' an array), with `begin` at the start of an item of the
// innermost, which must be an array. Their ends are delivered as events, their starts are not;
// the scan ends with the outermost.
template <class Handler, class Skip, class Progress>
Status scan_json(const char* begin, const char* end, Handler& handler, Skip skip,
                 Progress progress, const char** cursor, uint64_t max_depth,
                 std::string_view resume_in = {}) {
  using detail::is_ws;
  const char* p = begin;
  if (resume_in.empty() && end - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
    p += 3;  // a byte-order mark
  }
  // Open containers, 'o' or 'a'. Events inside the container at depth quiet_from and deeper
  // are not delivered (that container asked to be skipped).
  assert(resume_in.empty() || resume_in.back() == 'a');
  std::vector<char> stack(resume_in.begin(), resume_in.end());
  std::size_t quiet_from = SIZE_MAX;
  std::string text;
  constexpr std::size_t kProgressStep = std::size_t{1} << 20;
  std::size_t next_progress = kProgressStep;  // an offset from `begin`
  Status status = Status::kRetry;  // why a step below returned false
  auto quiet = [&] { return stack.size() >= quiet_from; };
  auto ws = [&] {
    while (p < end && is_ws(*p)) ++p;
  };
  auto stopped = [&] {
    status = Status::kStopped;
    return false;
  };
  // A string whose opening quote is at p; delivered as a key or a value.
  auto string = [&](bool key) {
    ++p;
    if (quiet()) {
      p = detail::read_string(p, end, nullptr);
      return p != nullptr;
    }
    text.clear();
    p = detail::read_string(p, end, &text);
    if (p == nullptr) return false;
    *cursor = p;
    return (key ? handler.key(text) : handler.string(text)) || stopped();
  };
  // `"name":` at p, after optional whitespace.
  auto member_name = [&] {
    ws();
    if (p >= end || *p != '"' || !string(true)) return false;
    ws();
    if (p >= end || *p != ':') return false;
    ++p;
    return true;
  };
  // nlohmann's number rules: an integer that fits 64 bits is one (signed when negative), any
  // other number is a double, and a double that overflows is an error. Only an exponent or more
  // than 300 digits can overflow a double, so other numbers are not converted when they are not
  // delivered.
  auto number = [&] {
    bool integer = true, exponent = false;
    const char* start = p;
    p = detail::read_number(p, end, integer, exponent);
    if (p == nullptr) return false;
    std::size_t len = static_cast<std::size_t>(p - start);
    if (quiet() && !exponent && len <= 300) return true;
    *cursor = p < end ? p + 1 : p;  // nlohmann's look-ahead
    std::string token(start, len);
    bool negative = start[0] == '-';
    if (integer) {
      errno = 0;
      if (negative) {
        long long v = std::strtoll(token.c_str(), nullptr, 10);
        if (errno == 0) return quiet() || handler.number_integer(v) || stopped();
      } else {
        unsigned long long v = std::strtoull(token.c_str(), nullptr, 10);
        if (errno == 0) return quiet() || handler.number_unsigned(v) || stopped();
      }
    }
    double d = std::strtod(token.c_str(), nullptr);
    if (!std::isfinite(d)) return false;
    return quiet() || handler.number_float(d, token) || stopped();
  };
  auto literal = [&] {
    char c = *p;
    const char* word = c == 't' ? "true" : c == 'f' ? "false" : "null";
    std::size_t n = std::strlen(word);
    if (static_cast<std::size_t>(end - p) < n || std::memcmp(p, word, n) != 0) return false;
    p += n;
    if (quiet()) return true;
    *cursor = p;
    return (c == 'n' ? handler.null() : handler.boolean(c == 't')) || stopped();
  };
  auto open = [&](char c) {
    if (stack.size() >= max_depth) return false;
    ++p;
    stack.push_back(c == '{' ? 'o' : 'a');
    if (quiet()) return true;
    *cursor = p;
    if (!(c == '{' ? handler.start_object(std::size_t(-1)) : handler.start_array(std::size_t(-1)))) {
      return stopped();
    }
    if (skip()) quiet_from = stack.size();
    return true;
  };
  auto close = [&] {
    char top = stack.back();
    ++p;
    bool was_quiet = quiet();
    stack.pop_back();
    if (quiet()) return true;
    if (was_quiet) quiet_from = SIZE_MAX;  // the skipped container itself ends
    *cursor = p;
    return (top == 'o' ? handler.end_object() : handler.end_array()) || stopped();
  };

  for (;;) {
    // A value starts here.
    ws();
    if (p >= end) return Status::kRetry;
    if (static_cast<std::size_t>(p - begin) >= next_progress) {
      if (!progress(p)) return Status::kTimeout;
      next_progress = static_cast<std::size_t>(p - begin) + kProgressStep;
    }
    char c = *p;
    bool ok = false;
    if (c == '{' || c == '[') {
      if (!open(c)) return status;
      ws();
      char closer = c == '{' ? '}' : ']';
      if (p < end && *p == closer) {
        if (!close()) return status;
      } else {
        if (c == '{' && !member_name()) return status;
        continue;  // the first member's value, or the first item
      }
      ok = true;
    } else if (c == '"') {
      ok = string(false);
    } else if (c == 't' || c == 'f' || c == 'n') {
      ok = literal();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      ok = number();
    }
    if (!ok) return status;

    // After a value: a separator and the next member or item, or the end of containers.
    for (;;) {
      ws();
      if (stack.empty()) return p == end ? Status::kOk : Status::kRetry;
      if (p >= end) return Status::kRetry;
      if (*p == ',') {
        ++p;
        if (stack.back() == 'o' && !member_name()) return status;
        break;
      }
      if (*p != (stack.back() == 'o' ? '}' : ']')) return Status::kRetry;
      if (!close()) return status;
    }
  }
}

}  // namespace ecsguard::json_scan
