#include <catch2/catch.hpp>

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

TEST_CASE("format_number gives the shortest canonical spelling", "[strings]") {
  CHECK(format_number(512) == "512");
  CHECK(format_number(-3) == "-3");
  CHECK(format_number(0.5) == "0.5");
  CHECK(format_number(0.1) == "0.1");
}
