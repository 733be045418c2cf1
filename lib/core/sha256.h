// SHA-256 (FIPS 180-4), for identifiers that must not change between runs or machines, such as
// finding fingerprints. Not used for anything secret.
#pragma once

#include <string>
#include <string_view>

namespace ecsguard {

// The digest of `data` as 64 lowercase hexadecimal digits.
std::string sha256_hex(std::string_view data);

}  // namespace ecsguard
