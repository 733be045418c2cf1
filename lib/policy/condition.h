// Compiled conditions: the small, declarative language of `where` and `check` (see
// docs/policy-language.md). Compiled once when a policy is loaded — every regular expression
// included — and immutable afterwards.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/location.h"
#include "core/value.h"
#include "graph/kinds.h"

namespace re2 {
class RE2;
}

namespace ecsguard::policy {

// Kleene three-valued logic.
enum class Tri : uint8_t { kFalse, kTrue, kUnknown };
Tri tri_and(Tri a, Tri b);
Tri tri_or(Tri a, Tri b);
Tri tri_not(Tri a);
inline Tri tri(bool b) { return b ? Tri::kTrue : Tri::kFalse; }

enum class Op : uint8_t {
  kEquals,
  kNotEquals,
  kIn,
  kNotIn,
  kExists,
  kAbsent,
  kEmpty,
  kContains,
  kStartsWith,
  kEndsWith,
  kMatches,
  kGt,
  kGte,
  kLt,
  kLte,
};
const char* to_string(Op op);

// A literal, a reference to one of the policy's params ({param: name}), or another attribute of
// the same context ({attribute: path}).
struct Operand {
  Value literal;
  std::string param;
  std::string attribute;
};

enum class Quantifier : uint8_t { kAll, kAny, kNone };

struct Condition {
  enum class Type : uint8_t { kAll, kAny, kNot, kCompare, kQuantify, kCount };
  Type type = Type::kAll;
  SourcePos pos;  // in the policy file

  std::vector<Condition> children;  // all / any / not (one) / quantify and count (`where`)

  // kCompare: `path` relative to the context ("" = the context value itself).
  std::string path;
  Op op = Op::kEquals;
  Operand operand;
  bool flag = true;  // exists / absent / empty: the expected truth
  std::shared_ptr<const re2::RE2> regex;

  // kQuantify / kCount: over a list attribute (`of`) or graph steps (`related`).
  Quantifier quantifier = Quantifier::kAll;
  std::string of;                  // list attribute path
  std::vector<std::string> related;  // step names
  std::vector<Step> steps;           // resolved when compiled
  NodeKind element_kind = NodeKind::kCluster;  // for related: the kind reached
  Op count_op = Op::kGte;
  double count_value = 0;
};

}  // namespace ecsguard::policy
