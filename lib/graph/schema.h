// The canonical attribute schema: for every node kind, the attribute paths policies may use, and
// the AWS default that applies when the author leaves one out.
//
// Paths are dotted; "[]" steps into every element of a list ("volumes[].name").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"
#include "graph/kinds.h"

namespace ecsguard {

struct AttributeSpec {
  std::string_view path;
  Value default_value;  // a known value, or absent() when AWS applies no default
  std::string_view doc;
  bool open = false;  // free-form below this path (tags, policy documents, driver options)
};

const std::vector<AttributeSpec>& schema_for(NodeKind kind);

// The spec for a path, or nullptr when the kind has no such attribute. A prefix of a declared
// path (e.g. "log_configuration") is also accepted and has no default.
const AttributeSpec* find_attribute(NodeKind kind, std::string_view path);
bool is_attribute_prefix(NodeKind kind, std::string_view path);
// Whether a policy may name `path` on `kind`: a declared path, a prefix of one, or a path below
// an open attribute. "[]" steps into list elements ("environment[].name").
bool is_valid_path(NodeKind kind, std::string_view path);

// Puts set-valued attributes (subnets, security groups, capabilities, rule and volume blocks, ...)
// into one order, whatever order the input wrote them in: Terraform plans sort sets and order
// set blocks by hash, templates keep the author's order. A set of scalars with an unknown member
// is unknown as a whole, as Terraform plans it. Both readers get this from GraphBuilder::build().
void canonicalise_sets(NodeKind kind, Value& attributes);

// A declared attribute whose value has a shape the schema rules out: a list or mapping where a
// scalar belongs, a scalar where a block belongs, a word where a boolean or number belongs.
struct TypeMismatch {
  std::string path;      // the attribute path, e.g. "network_configuration.assign_public_ip"
  std::string expected;  // "a boolean", "a list", "a mapping", "a number", "a scalar"
  std::string found;
  SourcePos pos;
  std::size_t spec = 0;  // the index in schema_for(kind) of the path's declaration
};

// Replaces every known value of the wrong shape with an unknown value (so no policy passes on
// it) and reports each, in the order of the schema's declarations. Lenient where inputs
// legitimately differ: numbers and booleans are fine where a string belongs, numeric strings
// where a number does, "true"/"false" where a boolean does. With `declarations`, checks only
// the declarations i for which declarations[i] == `checked` (a graph builder checks the attributes
// it drops, KeptAttributes::kept_declarations, apart from those it keeps).
void check_types(NodeKind kind, Value& attributes, std::vector<TypeMismatch>& out,
                 const std::vector<bool>* declarations = nullptr, bool checked = true);

// Makes every declared attribute the input set to null absent, with its default. With
// `add_missing`, also adds every declared attribute the input did not set at all, the same way
// (stopping at the first missing or non-known step of a path: a missing block is absent as a
// whole). Graphs keep only the nulls replaced, so a node holds what its input sets; lookups
// (policy/evaluator.cc) give a missing attribute the same absent value, and dumps add them to
// show every attribute.
void apply_schema(NodeKind kind, Value& attributes, bool add_missing);

}  // namespace ecsguard
