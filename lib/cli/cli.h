// The scanner's commands. main.cc only calls run(); everything else is here so tests can drive
// the commands in-process.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace ecsguard::cli {

// Exit codes (docs/cli.md): 0 success / nothing failing, 1 failing results, 2 usage error,
// unreadable input or invalid policy.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ecsguard::cli
