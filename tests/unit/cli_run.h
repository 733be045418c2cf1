// Runs the scanner's commands in-process and captures what they print.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace ecsguard::test {

struct Run {
  int code;
  std::string out;
  std::string err;
};

inline Run run(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace ecsguard::test
