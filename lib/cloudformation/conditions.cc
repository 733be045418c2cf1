// Conditions: named conditions evaluated on demand and memoised, and the condition functions
// Fn::Equals, Fn::And, Fn::Or, Fn::Not and Condition, in three-valued (Kleene) logic.
#include "cloudformation/evaluator.h"

namespace ecsguard::cloudformation {

namespace {

Truth known(bool b) { return Truth{b ? Truth::State::kTrue : Truth::State::kFalse, {}}; }

// Equality as CloudFormation compares values: scalars by their text ("80" equals 80).
bool same(const Value& a, const Value& b) {
  std::string x, y;
  if (scalar_text(a, x) && scalar_text(b, y)) return x == y;
  if (a.is_list() && b.is_list()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a.items()[i], b.items()[i])) return false;
    }
    return true;
  }
  return a.render() == b.render();
}

bool has_unknown(const Value& v, std::string& reason) {
  if (v.is_unknown()) {
    reason = v.reason();
    return true;
  }
  for (const auto& item : v.items()) {
    if (has_unknown(item, reason)) return true;
  }
  return false;
}

}  // namespace

Truth Evaluator::condition(const std::string& name, const SourcePos& at) {
  auto& state = conditions_[name];
  if (state.done) return state.truth;
  if (state.in_progress) {
    std::string chain;
    bool in_cycle = false;
    for (const auto& c : condition_stack_) {
      in_cycle = in_cycle || c == name;
      if (in_cycle) chain += c + " → ";
    }
    chain += name;
    const Member* m = doc_.find(Section::kConditions, name);
    problem("cfn.condition.circular", "condition " + name + " depends on itself: " + chain,
            m != nullptr ? m->pos : at);
    return Truth{Truth::State::kUnknown, "condition " + name + " is circular"};
  }
  const Member* m = doc_.find(Section::kConditions, name);
  const JNode* def = m != nullptr ? doc_.value(*m) : nullptr;
  if (def == nullptr) {
    problem("cfn.condition.undefined",
            "condition \"" + name + "\" is not defined in the Conditions section", at);
    state.done = true;
    state.truth = Truth{Truth::State::kUnknown, "condition " + name + " is undefined"};
    return state.truth;
  }
  state.in_progress = true;
  condition_stack_.push_back(name);
  Truth t = eval_condition(*def, m->pos.pointer.str(), condition_stack_.size());
  condition_stack_.pop_back();
  auto& done = conditions_[name];  // the map may have grown
  done.in_progress = false;
  done.done = true;
  done.truth = t;
  return t;
}

Truth Evaluator::equals(const JNode& arg, const SourcePos& at, const std::string& p,
                        std::size_t depth) {
  if (!arg.is_array() || arg.items.size() != 2) {
    bad_arguments("Fn::Equals", "[value, value]", arg, at);
    return Truth{Truth::State::kUnknown, "invalid Fn::Equals"};
  }
  Value a = eval(arg.items[0], pointer_append(p, 0), depth).value;
  Value b = eval(arg.items[1], pointer_append(p, 1), depth).value;
  std::string reason;
  if (has_unknown(a, reason) || has_unknown(b, reason)) {
    return Truth{Truth::State::kUnknown, reason};
  }
  return known(same(a, b));
}

Truth Evaluator::eval_condition(const JNode& n, std::string_view pointer, std::size_t depth) {
  SourcePos at = n.pos(pointer);
  if (depth > limits_.condition_depth) {
    problem(limit_code("condition_depth"),
            "conditions nest deeper than " + std::to_string(limits_.condition_depth) +
                " levels (named conditions referring to conditions count too) " +
                limit_note("condition_depth", limits_.condition_depth),
            at, Severity::kError);
    return Truth{Truth::State::kUnknown, "conditions nest too deep"};
  }
  const char* expected = "a condition function: Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition";
  if (!n.is_object() || n.keys.size() != 1) {
    problem("cfn.intrinsic.bad_arguments",
            std::string("a condition must be ") + expected + ", found " + describe(n), at);
    return Truth{Truth::State::kUnknown, "invalid condition"};
  }
  const std::string& fn = n.keys[0];
  const JNode& arg = n.items[0];
  std::string p = pointer_append(pointer, fn);
  if (fn == "Condition") {
    if (!arg.is_string()) {
      bad_arguments("Condition", "the name of a condition", arg, at);
      return Truth{Truth::State::kUnknown, "invalid condition"};
    }
    return condition(arg.text, at);
  }
  if (fn == "Fn::Equals") return equals(arg, at, p, depth + 1);
  if (fn == "Fn::Not") {
    if (!arg.is_array() || arg.items.size() != 1) {
      bad_arguments("Fn::Not", "[condition]", arg, at);
      return Truth{Truth::State::kUnknown, "invalid Fn::Not"};
    }
    Truth t = eval_condition(arg.items[0], pointer_append(p, 0), depth + 1);
    if (t.state == Truth::State::kUnknown) return t;
    return known(t.state == Truth::State::kFalse);
  }
  if (fn == "Fn::And" || fn == "Fn::Or") {
    if (!arg.is_array() || arg.items.size() < 2 || arg.items.size() > 10) {
      bad_arguments(fn.c_str(), "a list of 2 to 10 conditions", arg, at);
      return Truth{Truth::State::kUnknown, "invalid " + fn};
    }
    // Kleene logic: a false operand decides And, a true one decides Or, unknowns aside.
    Truth::State decisive = fn == "Fn::And" ? Truth::State::kFalse : Truth::State::kTrue;
    Truth undecided{Truth::State::kUnknown, {}};
    bool any_unknown = false;
    for (std::size_t i = 0; i < arg.items.size(); ++i) {
      Truth t = eval_condition(arg.items[i], pointer_append(p, i), depth + 1);
      if (t.state == decisive) return t;
      if (t.state == Truth::State::kUnknown && !any_unknown) {
        any_unknown = true;
        undecided = t;
      }
    }
    if (any_unknown) return undecided;
    return known(decisive == Truth::State::kFalse);
  }
  problem("cfn.intrinsic.bad_arguments",
          std::string("a condition must be ") + expected + ", found " + fn, at);
  return Truth{Truth::State::kUnknown, "invalid condition " + fn};
}

}  // namespace ecsguard::cloudformation
