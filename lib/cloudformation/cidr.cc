// Fn::Cidr: consecutive subnets of an IPv4 or IPv6 block, computed on big-endian bytes.
#include <array>
#include <cstdint>
#include <cstdlib>

#include "cloudformation/evaluator.h"

namespace ecsguard::cloudformation {

namespace {

bool as_index(const Value& v, std::size_t& out) {
  std::string text;
  if (!scalar_text(v, text) || v.is_bool() || text.empty() || text.size() > 9) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  out = static_cast<std::size_t>(std::strtoul(text.c_str(), nullptr, 10));
  return true;
}

using Address = std::array<uint8_t, 16>;

bool parse_ipv4(std::string_view s, Address& a) {
  auto parts = std::string(s);
  std::size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    std::size_t end = i < 3 ? parts.find('.', start) : parts.size();
    if (end == std::string::npos || end == start || end - start > 3) return false;
    int v = 0;
    for (std::size_t k = start; k < end; ++k) {
      if (parts[k] < '0' || parts[k] > '9') return false;
      v = v * 10 + (parts[k] - '0');
    }
    if (v > 255) return false;
    a[static_cast<std::size_t>(i)] = static_cast<uint8_t>(v);
    start = end + 1;
  }
  return true;
}

bool parse_ipv6(std::string_view s, Address& a) {
  std::vector<uint16_t> head, tail;
  bool gap = false;
  std::vector<uint16_t>* cur = &head;
  std::size_t i = 0;
  if (s.substr(0, 2) == "::") {
    gap = true;
    cur = &tail;
    i = 2;
  }
  while (i < s.size()) {
    std::size_t end = s.find(':', i);
    if (end == std::string_view::npos) end = s.size();
    std::string_view group = s.substr(i, end - i);
    if (group.empty() || group.size() > 4) return false;
    uint16_t v = 0;
    for (char c : group) {
      int d = (c >= '0' && c <= '9')   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) return false;
      v = static_cast<uint16_t>(v * 16 + d);
    }
    cur->push_back(v);
    i = end;
    if (i < s.size()) {
      if (s.substr(i, 2) == "::") {
        if (gap) return false;
        gap = true;
        cur = &tail;
        i += 2;
      } else {
        ++i;
        if (i == s.size()) return false;
      }
    }
  }
  std::size_t n = head.size() + tail.size();
  if (n > 8 || (!gap && n != 8) || (gap && n == 8)) return false;
  std::vector<uint16_t> groups = head;
  groups.resize(8 - tail.size(), 0);
  groups.insert(groups.end(), tail.begin(), tail.end());
  for (std::size_t g = 0; g < 8; ++g) {
    a[2 * g] = static_cast<uint8_t>(groups[g] >> 8);
    a[2 * g + 1] = static_cast<uint8_t>(groups[g] & 0xff);
  }
  return true;
}

std::string format_address(const Address& a, bool v6) {
  if (!v6) {
    return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." +
           std::to_string(a[3]);
  }
  uint16_t g[8];
  for (std::size_t i = 0; i < 8; ++i) g[i] = static_cast<uint16_t>((a[2 * i] << 8) | a[2 * i + 1]);
  int best = -1, best_len = 1;  // RFC 5952: compress the longest run of two or more zeros
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::string h;
    for (int s = 12; s >= 0; s -= 4) {
      int d = (g[i] >> s) & 15;
      if (!h.empty() || d != 0 || s == 0) h += kHex[d];
    }
    out += h;
  }
  return out;
}

// a += value << shift
void add_shifted(Address& a, std::size_t width_bytes, uint32_t value, std::size_t shift) {
  uint32_t carry = value << (shift % 8);
  for (std::size_t k = width_bytes - 1 - shift / 8 + 1; k-- > 0 && carry != 0;) {
    uint32_t sum = a[k] + (carry & 0xff);
    a[k] = static_cast<uint8_t>(sum & 0xff);
    carry = (carry >> 8) + (sum >> 8);
  }
}

// Fn::Cidr semantics: `count` consecutive subnets of size 2^bits from the start of `block`.
bool cidr_subnets(const std::string& block, std::size_t count, std::size_t bits,
                  std::vector<std::string>& out, std::string& why) {
  auto slash = block.find('/');
  Address a{};
  bool v6 = block.find(':') != std::string::npos;
  std::size_t width = v6 ? 128 : 32;
  std::size_t prefix = 0;
  if (slash == std::string::npos ||
      !(v6 ? parse_ipv6(std::string_view(block).substr(0, slash), a)
           : parse_ipv4(std::string_view(block).substr(0, slash), a)) ||
      !as_index(Value::string(block.substr(slash + 1)), prefix) || prefix > width) {
    why = "\"" + block + "\" is not an IPv4 or IPv6 CIDR block";
    return false;
  }
  if (bits == 0 || bits > width - prefix) {
    why = "cidrBits " + std::to_string(bits) + " does not fit in a /" + std::to_string(prefix);
    return false;
  }
  std::size_t available_bits = width - bits - prefix;
  if (count == 0 || count > 256 ||
      (available_bits < 9 && count > (std::size_t{1} << available_bits))) {
    why = "a /" + std::to_string(prefix) + " holds fewer than " + std::to_string(count) +
          " subnets of /" + std::to_string(width - bits);
    return false;
  }
  std::size_t bytes = v6 ? 16 : 4;
  for (std::size_t bit = prefix; bit < width; ++bit) {
    a[bit / 8] = static_cast<uint8_t>(a[bit / 8] & ~(0x80u >> (bit % 8)));
  }
  for (std::size_t i = 0; i < count; ++i) {
    Address s = a;
    add_shifted(s, bytes, static_cast<uint32_t>(i), bits);
    out.push_back(format_address(s, v6) + "/" + std::to_string(width - bits));
  }
  return true;
}

}  // namespace

Evaluator::Result Evaluator::cidr(const JNode& arg, const SourcePos& at, const std::string& p,
                                  std::size_t depth) {
  const char* expected = "[ipBlock, count, cidrBits]";
  if (!arg.is_array() || arg.items.size() != 3) return bad_arguments("Fn::Cidr", expected, arg, at);
  Result args[3];
  Trace trace;
  for (std::size_t i = 0; i < 3; ++i) {
    args[i] = eval(arg.items[i], pointer_append(p, i), depth);
    merge(trace, args[i].trace);
  }
  for (const auto& a : args) {
    if (a.value.is_unknown()) {
      Result r = unknown(std::string(a.value.reason()), at);
      merge(r.trace, trace);
      return r;
    }
  }
  std::string block;
  std::size_t count = 0, bits = 0;
  if (!scalar_text(args[0].value, block) || !as_index(args[1].value, count) ||
      !as_index(args[2].value, bits)) {
    return bad_arguments("Fn::Cidr", expected, arg, at);
  }
  std::vector<std::string> subnets;
  std::string why;
  if (!cidr_subnets(block, count, bits, subnets, why)) {
    problem("cfn.intrinsic.bad_arguments", "Fn::Cidr: " + why, at);
    return unknown("invalid Fn::Cidr", at);
  }
  Result r{Value::list(), {}};
  for (auto& s : subnets) {
    Value v = Value::string(std::move(s));
    v.set_pos(at);
    r.value.push_back(std::move(v));
  }
  r.value.set_pos(at);
  return r;
}

}  // namespace ecsguard::cloudformation
