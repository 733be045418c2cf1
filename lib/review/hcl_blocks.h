// The top-level blocks of a Terraform (.tf) file, found by a small lexer rather than an HCL parser.
//
// Mapping findings back to source only needs to know where each `resource "TYPE" "NAME" {` block
// starts. The lexer knows just enough HCL native syntax not to be fooled by text that looks like
// a block but is not: `#`, `//` and `/* */` comments, quoted strings with escapes and nested
// `${ ... }` / `%{ ... }` templates (which may hold strings and braces of their own), and
// heredocs (`<<EOF`, `<<-EOF`). Everything else is tracked only as bracket nesting, so any file
// Terraform accepts is scanned correctly, and a malformed one gives a best-effort answer rather
// than an error: `terraform plan` already rejected broken files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ecsguard::review {

struct HclBlock {
  std::string type;                 // "resource", "module", "data", ...
  std::vector<std::string> labels;  // unquoted: {"aws_ecs_service", "web"}
  uint32_t line = 0;                // of the block type keyword, 1-based
  uint32_t column = 0;              // 1-based, in bytes
};

// Blocks at nesting depth 0, in file order. Labels may be quoted strings or bare identifiers.
std::vector<HclBlock> top_level_blocks(std::string_view text);

}  // namespace ecsguard::review
