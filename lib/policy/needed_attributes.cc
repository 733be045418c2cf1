// What evaluating a policy set reads of the nodes: the attribute paths its conditions name, per
// node kind. Everything below a path read is kept, so a condition inside `of` (which reads an
// item of a kept list) adds nothing, and evidence renders what it always did.
#include "policy/policy.h"

namespace ecsguard::policy {
namespace {

class Needs {
 public:
  explicit Needs(KeptAttributes& kept) : kept_(kept) {}

  // `top`: the condition reads the node's own attributes, not an item of one of them.
  void condition(const Condition& c, NodeKind kind, bool top) {
    switch (c.type) {
      case Condition::Type::kAll:
      case Condition::Type::kAny:
      case Condition::Type::kNot:
        for (const auto& child : c.children) condition(child, kind, top);
        return;
      case Condition::Type::kCompare:
        if (top) {
          attribute(kind, c.path);
          if (!c.operand.attribute.empty()) attribute(kind, c.operand.attribute);
        }
        return;
      case Condition::Type::kQuantify:
      case Condition::Type::kCount:
        if (!c.of.empty()) {
          if (top) attribute(kind, c.of);
          for (const auto& child : c.children) condition(child, kind, false);
          return;
        }
        // Graph steps start at the node whatever the context; a forward step that finds no edge
        // reads the attribute that names its target (to tell "not in this input" from "none").
        for (const Step& step : c.steps) {
          if (!step.attribute.empty()) attribute(kind, step.attribute);
          kind = step.target;
        }
        for (const auto& child : c.children) condition(child, c.element_kind, true);
        return;
    }
  }

 private:
  // An empty path is the whole context: evidence then shows every attribute.
  void attribute(NodeKind kind, std::string_view path) {
    if (path.empty()) {
      kept_.keep_all(kind);
    } else {
      kept_.keep(kind, path);
    }
  }

  KeptAttributes& kept_;
};

// Whether the check only tests that the value at its path is set, and fails only when it is not:
// its failures show an unset value, so only passes would show what the value holds.
bool tests_presence(const Condition& check) {
  return check.type == Condition::Type::kCompare && !check.path.empty() &&
         check.operand.attribute.empty() &&
         ((check.op == Op::kExists && check.flag) || (check.op == Op::kAbsent && !check.flag));
}

}  // namespace

KeptAttributes needed_attributes(const PolicySet& policies, bool passes_kept) {
  KeptAttributes kept;
  // A task definition whose container definitions are unknown has no container nodes: its
  // container policies are undecided on it (evaluator.cc, unknown_containers_of).
  kept.keep(NodeKind::kTaskDefinition, "containers");
  Needs needs(kept);
  for (const Policy& p : policies.policies()) {
    if (p.has_where) needs.condition(p.where, p.kind, true);
    if (!passes_kept && tests_presence(p.check)) {
      kept.keep_presence(p.kind, p.check.path);
    } else {
      needs.condition(p.check, p.kind, true);
    }
  }
  keep_folded_attributes(kept);  // after the conditions: what is only tested for presence
  return kept;
}

}  // namespace ecsguard::policy
