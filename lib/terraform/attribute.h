// One attribute of a planned resource, seen through everything the plan says about it at once:
// the planned value (`after` / `values`), the unknown mirror (`after_unknown`), the sensitivity
// mirror (`after_sensitive`) and the configuration expression. value() decides the state:
//   - a planned value              → known (sensitive when the mirror says so);
//   - unknown or missing, and the configuration sets it (an expression exists) → unknown;
//   - unknown or missing, and the configuration does not set it → absent: the author left an
//     Optional+Computed attribute out, and the AWS default applies (DESIGN.md §2).
// Without a configuration section (states, bare plans) a value marked unknown stays unknown.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"
#include "read/json.h"

namespace ecsguard::terraform {

struct AttributeContext {
  bool config_available = false;  // the plan has a configuration section
  bool resource_configured = false;  // ... and it describes this resource
  bool unknown_mirror = false;    // the source has after_unknown (resource_changes)
  // Blocks written as a single object where Terraform always writes a list of blocks (byte
  // offsets into the plan). They are read as that one block; the reader reports each.
  mutable std::vector<std::size_t> blocks_not_in_list;
};

// How value() turns nested blocks into canonical shape.
struct Conversion {
  // Blocks with at most one element (Terraform lists them): flattened to the element.
  std::vector<std::string_view> single_blocks;
  // Member renames (Terraform name → canonical name), applied at every level.
  std::vector<std::pair<std::string_view, std::string_view>> renames;
  // Set blocks fill unset strings with "" and unset numbers with 0: drop those.
  bool drop_zero_values = false;
};

class Attribute {
 public:
  Attribute(const JNode* value, const JNode* unknown, const JNode* sensitive, const JNode* expr,
            std::string pointer, const AttributeContext* context, std::string expr_pointer = {});

  Attribute child(std::string_view key) const;
  Attribute item(std::size_t i) const;
  // Dotted path; numeric steps index lists: "network_configuration.0.subnets".
  Attribute path(std::string_view dotted) const;

  // The planned JSON (nullptr when missing).
  const JNode* json() const { return value_; }
  // The configuration expression of this attribute (a {"references"/"constant_value"} leaf, or
  // the block map), or nullptr when the configuration does not set it.
  const JNode* expression() const { return expr_; }
  bool marked_unknown() const;
  const std::string& pointer() const { return pointer_; }

  Value value(const Conversion& conversion = {}) const;

 private:
  Value leaf(const JNode& j) const;

  const JNode* value_;
  const JNode* unknown_;
  const JNode* sensitive_;
  const JNode* expr_;
  std::string pointer_;
  const AttributeContext* context_;
  std::string expr_pointer_;  // JSON pointer of expr_ in the configuration
};

// "known after apply (aws_iam_role.exec.arn)" from an expression's references.
std::string unknown_reason(const JNode* expression);

}  // namespace ecsguard::terraform
