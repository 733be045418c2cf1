// The bounds ecsguard puts on what one input or one policy file may cost. Inputs come from pull
// requests and policies from anyone with write access to a policy directory, so every reader
// stops at these limits; exceeding one gives an error Diagnostic with code "limit.NAME" (NAME as
// in `ecsguard scan --limit NAME=VALUE`) for that input or policy, and the others go on.
// docs/security.md explains each limit and its default.
#ifndef ECSGUARD_LIMITS_H_
#define ECSGUARD_LIMITS_H_

#include <cstdint>

namespace ecsguard {
namespace v1 {

struct Limits {
  uint64_t input_size = uint64_t{4} << 30;        // bytes of one input file or buffer
  uint64_t depth = 256;                           // nesting of a JSON or YAML document
  uint64_t nodes = 20000000;                      // values materialised from one document
  uint64_t string_length = uint64_t{16} << 20;    // bytes of one string or YAML scalar
  uint64_t alias_expansion = 100000;              // YAML nodes reached again through aliases
  uint64_t intrinsic_steps = 1000000;             // intrinsic function evaluations per template
  uint64_t intrinsic_depth = 64;                  // nesting of intrinsic functions
  uint64_t condition_depth = 64;                  // nesting of CloudFormation Conditions
  uint64_t regex_program_size = 2000;             // RE2 program size of one policy pattern
  uint64_t regex_memory = uint64_t{1} << 20;      // RE2 memory for one pattern, bytes
  uint64_t policy_file_size = uint64_t{1} << 20;  // bytes of one policy file
  uint64_t time_ms = 120000;                      // time to read one input, ms (0: no limit)
};

}  // namespace v1
}  // namespace ecsguard

#endif  // ECSGUARD_LIMITS_H_
