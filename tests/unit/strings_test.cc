#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/strings.h"

using namespace ecsguard;

TEST_CASE("snake_case converts API and CloudFormation spellings", "[strings]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"readonlyRootFilesystem", "readonly_root_filesystem"},
      {"ReadonlyRootFilesystem", "readonly_root_filesystem"},
      {"valueFrom", "value_from"},
      {"EFSVolumeConfiguration", "efs_volume_configuration"},
      {"SizeInGiB", "size_in_gib"},
      {"IAM", "iam"},
      {"dnsServers", "dns_servers"},
      {"name", "name"},
      {"already_snake", "already_snake"},
      {"Ipv6CidrBlock", "ipv6_cidr_block"},
  }));
  CHECK(snake_case(in) == out);
}

TEST_CASE("json_quote escapes and repairs", "[strings]") {
  CHECK(json_quote("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"");
  CHECK(json_quote(std::string("x\x01y")) == "\"x\\u0001y\"");
  CHECK(json_quote("caf\xC3\xA9") == "\"caf\xC3\xA9\"");
  CHECK(json_quote("bad\xFF") == "\"bad\xEF\xBF\xBD\"");
}

TEST_CASE("json_quote copies runs of plain text as a character-by-character escape would",
          "[strings]") {
  // The reference: one character at a time, invalid UTF-8 bytes replaced one by one.
  auto reference = [](const std::string& s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        std::string_view rest(s.data() + i, s.size() - i);
        std::size_t n = (c & 0xE0) == 0xC0   ? 2
                        : (c & 0xF0) == 0xE0 ? 3
                        : (c & 0xF8) == 0xF0 ? 4
                                             : 0;
        if (n == 0 || n > rest.size() ||
            first_invalid_utf8(rest.substr(0, n)) != std::string_view::npos) {
          out += "\xEF\xBF\xBD";
          ++i;
        } else {
          out.append(rest.substr(0, n));
          i += n;
        }
        continue;
      }
      const char* named[] = {"\\b", "\\t", "\\n", nullptr, "\\f", "\\r"};
      if (c >= 8 && c <= 13 && named[c - 8] != nullptr) {
        out += named[c - 8];
      } else if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20 || c == 0x7F) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
      ++i;
    }
    return out + "\"";
  };
  const std::vector<std::string> pieces = {"a", "plain text ", "\"", "\\", "\n", "\t", "\x01",
                                           "\x1f", "\x7f", "\xC3\xA9", "\xE2\x82\xAC",
                                           "\xF0\x9F\x98\x80", "\xFF", "\xC3", "\xE2\x82",
                                           "\xED\xA0\x80", "\xC0\xAF", std::string(1, '\0')};
  std::uint32_t seed = 12345;
  for (int n = 0; n < 2000; ++n) {
    std::string s;
    for (int k = static_cast<int>(seed % 9); k > 0; --k) {
      seed = seed * 1103515245u + 12345u;
      s += pieces[(seed >> 8) % pieces.size()];
    }
    seed = seed * 1103515245u + 12345u;
    INFO(s);
    CHECK(json_quote(s) == reference(s));
  }
}

TEST_CASE("format_number gives the shortest canonical spelling", "[strings]") {
  CHECK(format_number(512) == "512");
  CHECK(format_number(-3) == "-3");
  CHECK(format_number(0.5) == "0.5");
  CHECK(format_number(0.1) == "0.1");
}
