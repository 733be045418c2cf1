#include "policy/evaluator.h"

#include <re2/re2.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <future>
#include <numeric>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "core/both.h"
#include "core/strings.h"
#include "graph/schema.h"

namespace ecsguard::policy {

namespace {

// `b` below the prefix `a`: "a.b", or `b` when there is no prefix (`b` may be empty: "a.").
std::string below(std::string_view a, std::string_view b) {
  std::string out;
  out.reserve(a.size() + 1 + b.size());
  out += a;
  if (!a.empty()) out += '.';
  out += b;
  return out;
}

// Where a condition is evaluated: a node, or one element of a list attribute inside it. The
// strings belong to the caller (the evaluation that built the context outlives it).
struct Context {
  NodeId node;
  NodeKind kind;
  const Value* value;  // the element, or nullptr for the node's attributes
  // Schema path of the element ("environment[]"), or "".
  std::string_view schema;
  // Evidence path prefix ("environment[2]", "cluster[aws_ecs_cluster.x]").
  std::string_view evidence;
};

// The values lookups make up rather than find in the graph: absent values that carry a default.
// Built once per evaluate() call and handed out by reference, like the graph's own values, so a
// lookup never copies a value. Node-based maps keep the references stable.
class Synthesised {
 public:
  // An absent value whose default is `v` (a value reached through another absent value's
  // default). `v` is in the graph or in this cache, so its address identifies it.
  const Value& absent_with(const Value& v) {
    auto it = defaulted_.find(&v);
    if (it == defaulted_.end()) it = defaulted_.emplace(&v, Value::absent(v)).first;
    return it->second;
  }

  // The absent value at `path` below `schema` on a node of `kind`, carrying the schema default of
  // that full path when there is one.
  const Value& absent_at(NodeKind kind, std::string_view schema, std::string_view path) {
    key_.assign(1, static_cast<char>(kind));
    key_ += schema;
    if (!schema.empty()) key_ += '.';
    key_ += path;
    auto it = absent_.find(key_);
    if (it == absent_.end()) {
      const AttributeSpec* spec = find_attribute(kind, std::string_view(key_).substr(1));
      Value v = spec != nullptr && !spec->default_value.is_absent()
                    ? Value::absent(spec->default_value)
                    : Value::absent();
      it = absent_.emplace(key_, std::move(v)).first;
    }
    return it->second;
  }

 private:
  std::unordered_map<const Value*, Value> defaulted_;
  std::unordered_map<std::string, Value> absent_;
  std::string key_;
};

// A policy and its param overrides, as evaluated on every node of its kind.
struct Planned {
  const Policy* policy;
  const std::map<std::string, Value>* overrides;  // null: the policy's defaults
  // Its failures' messages show an overridden parameter: they are rendered as they are made,
  // while the overrides are at hand (others are rendered when a report asks: Result::message).
  bool overrides_shown = false;
};

// The texts results keep (observed values, their displays, reasons) recur from node to node: a
// thread's results share one copy of each that recurs close together. A cache of fixed size, by
// hash: a text takes its slot from the one there before (which the results that hold it keep),
// so it costs one hash and one comparison, and nothing to keep up or clear, however many
// different texts a large plan has. Texts longer than `longest` are not looked up.
class TextCache {
 public:
  // `slots`: a power of two, about the number of texts to be looked up, up to kMostSlots (a small
  // evaluation does not make and free room for a large one's).
  TextCache(std::size_t longest, std::size_t slots)
      : longest_(longest), slots_(std::min(slots, kMostSlots)) {}
  std::size_t longest() const { return longest_; }
  SharedText get(std::string_view text) {
    if (text.size() > longest_) return SharedText(text);
    SharedText& slot = slot_of(text);
    if (slot.view() != text) slot = SharedText(text);
    return slot;
  }
  // The cache's copy of `text`, which becomes it when there is none.
  SharedText share(const SharedText& text) {
    if (text.size() > longest_) return text;
    SharedText& slot = slot_of(text.view());
    if (slot.view() != text.view()) slot = text;
    return slot;
  }

 private:
  static constexpr std::size_t kMostSlots = std::size_t{1} << 16;
  SharedText& slot_of(std::string_view text) {
    return slots_[std::hash<std::string_view>()(text) & (slots_.size() - 1)];
  }
  std::size_t longest_;
  std::vector<SharedText> slots_;
};

class Evaluator {
 public:
  // `pairs`: about how many (policy, node) pairs it is to evaluate.
  Evaluator(const Graph& g, Synthesised& synthesised, std::size_t pairs)
      : graph_(g),
        synthesised_(synthesised),
        texts_(64, cache_slots(pairs)),
        kept_texts_(4096, cache_slots(pairs)) {}

  // One copy of `text` for every result that keeps it (TextCache).
  SharedText pooled(std::string_view text) { return kept_texts_.get(text); }
  // The same for the texts of evidence that a kept result takes.
  void share_texts(SmallVector<Evidence, 1>& evidence) {
    for (Evidence& e : evidence) {
      if (e.observed.size() > texts_.longest()) e.observed = kept_texts_.share(e.observed);
      if (!e.display.empty()) e.display = kept_texts_.share(e.display);
    }
  }

  // Starts the evaluation of one (policy, node) pair.
  void reset(const Planned& planned) {
    policy_ = planned.policy;
    overrides_ = planned.overrides;
    evidence_.clear();
    evidence_values_.clear();
    unknown_reason_.clear();
  }

  // Whether compare() and quantify() record evidence. Off while `where` decides applicability:
  // only the check's evidence is reported.
  void set_recording(bool on) { recording_ = on; }

  Tri eval(const Condition& c, const Context& ctx) {
    switch (c.type) {
      case Condition::Type::kAll: {
        Tri r = Tri::kTrue;
        for (const auto& child : c.children) {
          r = tri_and(r, eval(child, ctx));
          if (r == Tri::kFalse) break;
        }
        return r;
      }
      case Condition::Type::kAny: {
        Tri r = Tri::kFalse;
        for (const auto& child : c.children) {
          r = tri_or(r, eval(child, ctx));
          if (r == Tri::kTrue) break;
        }
        return r;
      }
      case Condition::Type::kNot:
        return tri_not(eval(c.children[0], ctx));
      case Condition::Type::kCompare:
        return compare(c, ctx);
      case Condition::Type::kQuantify:
      case Condition::Type::kCount:
        return quantify(c, ctx);
    }
    return Tri::kUnknown;
  }

  const std::string& unknown_reason() const { return unknown_reason_; }

  // Moves the recorded evidence into `out` (kept inline when there is one item). With `displays`,
  // also spells out each observed value for messages (Evidence::display).
  void take_evidence(SmallVector<Evidence, 1>& out, bool displays) {
    if (evidence_.empty()) return;
    out.reserve(evidence_.size());
    for (std::size_t i = 0; i < evidence_.size(); ++i) {
      if (displays && evidence_values_[i] != nullptr) {
        evidence_[i].display = display(*evidence_values_[i]);
      }
      out.push_back(std::move(evidence_[i]));
    }
    evidence_.clear();
    evidence_values_.clear();
  }

 private:
  // The value at `path` in the context. Absent values carry the schema default of their full
  // path; a path through an absent block is absent too. The reference stays valid for the whole
  // evaluate() call: it points into the graph or into synthesised_.
  const Value& lookup(const Context& ctx, std::string_view path) {
    const Value& base = ctx.value ? *ctx.value : graph_.node(ctx.node).attributes;
    if (path.empty()) return base;
    const Value* cur = &base;
    bool defaulted = false;  // the path went through an absent value's default
    std::size_t start = 0;
    for (;;) {
      std::size_t dot = path.find('.', start);
      std::string_view step = path.substr(start, dot == std::string_view::npos ? dot : dot - start);
      if (cur->is_unknown()) return *cur;
      if (cur->is_absent() && cur->default_value() != nullptr) {
        cur = cur->default_value();
        defaulted = true;
      }
      if (!cur->is_map()) return synthesised_.absent_at(ctx.kind, ctx.schema, path);
      const Value* next = cur->find(step);
      if (next == nullptr) {
        // Unset attributes are not stored (schema.h, apply_schema): the schema says what they
        // are. An unset block whose default is a value (an endpoint's policy document) is read
        // through that default, like one the input set to null.
        if (dot == std::string_view::npos || defaulted) {
          return synthesised_.absent_at(ctx.kind, ctx.schema, path);
        }
        next = &synthesised_.absent_at(ctx.kind, ctx.schema, path.substr(0, dot));
        if (next->default_value() == nullptr) {
          return synthesised_.absent_at(ctx.kind, ctx.schema, path);
        }
      }
      cur = next;
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    if (cur->is_absent() && cur->default_value() == nullptr) {
      return synthesised_.absent_at(ctx.kind, ctx.schema, path);
    }
    if (defaulted && cur->is_known()) return synthesised_.absent_with(*cur);
    return *cur;
  }

  const Value& operand(const Condition& c) {
    if (c.operand.param.empty()) return c.operand.literal;
    if (overrides_ != nullptr) {
      auto it = overrides_->find(c.operand.param);
      if (it != overrides_->end()) return it->second;
    }
    return policy_->params.at(c.operand.param).default_value;
  }

  // `v` must outlive the evaluation of the current pair (see lookup()).
  void record(const Context& ctx, const std::string& path, const Value& v) {
    if (!recording_) return;
    path_.assign(ctx.evidence);
    if (!path_.empty() && !path.empty()) path_ += '.';
    path_ += path;
    if (path_.empty()) path_ = ".";
    for (const auto& existing : evidence_) {
      if (existing.path == path_) return;
    }
    Evidence e;
    e.path = interned(path_);
    e.observed = rendered(v);
    e.pos = v.pos();
    evidence_.push_back(std::move(e));
    evidence_values_.push_back(&v);
  }

  // A value as evidence shows it. Results share the text where it recurs: absent values are the
  // ones lookups hand out again and again (cached by address: the graph and synthesised_ keep
  // them in place for the whole call); the others recur across nodes (texts_).
  SharedText rendered(const Value& v) {
    if (v.is_absent()) {
      auto it = absent_renders_.find(&v);
      if (it == absent_renders_.end()) {
        forget_if_full(absent_renders_);
        it = absent_renders_.emplace(&v, v.render()).first;
      }
      return it->second;
    }
    return texts_.get(v.render());
  }

  // The same evidence path recurs on every node a policy evaluates: results share one copy.
  const SharedText& interned(const std::string& path) {
    auto it = paths_.find(path);
    if (it == paths_.end()) {
      forget_if_full(paths_);
      it = paths_.emplace(path, SharedText(path)).first;
    }
    return it->second;
  }

  // The caches above that grow with the nodes (paths name elements, graph values have their own
  // addresses) start again when full: results keep their copies, and what recurs, recurs on
  // neighbouring nodes. Unbounded, they held a tenth of a large plan's results' memory.
  template <class Map>
  static void forget_if_full(Map& cache) {
    constexpr std::size_t kMaxCached = 4096;
    if (cache.size() >= kMaxCached) cache.clear();
  }

  // Evidence that is not a value (graph steps): its display is given.
  void record_steps(const std::string& path, std::string_view observed, std::string_view display) {
    if (!recording_) return;
    evidence_.push_back(Evidence{interned(path), texts_.get(observed), texts_.get(display), {}});
    evidence_values_.push_back(nullptr);
  }

  // How a value reads inside a sentence: strings unquoted, defaults named as such.
  static std::string display(const Value& v) {
    if (v.is_known() && v.sensitive()) return "<sensitive>";
    if (v.is_string()) return std::string(v.text());
    if (v.is_known()) return v.render();
    if (v.is_unknown()) return "unknown";
    if (v.default_value() != nullptr) return display(*v.default_value()) + " (the default)";
    return "unset";
  }

  void unknown(const std::string& path, const Value& v) {
    if (unknown_reason_.empty()) {
      unknown_reason_ = (path.empty() ? std::string("value") : path) + " is " + v.render();
    }
  }

  Tri compare(const Condition& c, const Context& ctx) {
    const Value& v = lookup(ctx, c.path);
    record(ctx, c.path, v);
    switch (c.op) {
      case Op::kExists:
        return tri((v.is_unknown() || (v.is_known() && !v.is_null())) == c.flag);
      case Op::kAbsent:
        return tri((v.is_absent() || v.is_null()) == c.flag);
      default:
        break;
    }
    if (!c.operand.attribute.empty()) return compare_attributes(c, ctx, v);
    if (v.is_unknown()) {
      unknown(below(ctx.evidence, c.path), v);
      return Tri::kUnknown;
    }
    const Value* eff = v.is_absent() ? v.default_value() : &v;
    if (eff != nullptr && eff->is_null()) eff = nullptr;
    const Value& rhs = operand(c);
    switch (c.op) {
      case Op::kEquals:
        return tri(eff ? equal(*eff, rhs) : rhs.is_null());
      case Op::kNotEquals:
        return tri(!(eff ? equal(*eff, rhs) : rhs.is_null()));
      case Op::kIn:
      case Op::kNotIn: {
        bool found = false;
        if (rhs.is_list()) {
          for (const auto& item : rhs.items()) {
            if (eff ? equal(*eff, item) : item.is_null()) found = true;
          }
        } else if (eff) {
          found = equal(*eff, rhs);
        }
        return tri(c.op == Op::kIn ? found : !found);
      }
      case Op::kEmpty: {
        bool empty = eff == nullptr || ((eff->is_list() || eff->is_map()) && eff->size() == 0) ||
                     (eff->is_string() && eff->text().empty());
        return tri(empty == c.flag);
      }
      case Op::kContains: {
        if (eff == nullptr) return Tri::kFalse;
        // A list operand asks whether the value contains any of its items.
        auto contains = [&](const Value& needle) {
          if (eff->is_list()) {
            Tri r = Tri::kFalse;
            for (const auto& item : eff->items()) {
              if (item.is_unknown()) {
                unknown(below(ctx.evidence, c.path), item);
                r = tri_or(r, Tri::kUnknown);
              }
              if (item.is_known() && equal(item, needle)) return Tri::kTrue;
            }
            return r;
          }
          if (eff->is_map()) return tri(needle.is_string() && eff->find(needle.text()) != nullptr);
          if (eff->is_string()) return tri(eff->text().find(text_of(needle)) != std::string::npos);
          return Tri::kFalse;
        };
        if (!rhs.is_list()) return contains(rhs);
        Tri r = Tri::kFalse;
        for (const auto& item : rhs.items()) r = tri_or(r, contains(item));
        return r;
      }
      case Op::kStartsWith:
      case Op::kEndsWith: {
        if (eff == nullptr || !scalar(*eff)) return Tri::kFalse;
        std::string text = text_of(*eff);
        auto test = [&](const Value& affix) {
          return c.op == Op::kStartsWith ? starts_with(text, text_of(affix))
                                         : ends_with(text, text_of(affix));
        };
        if (!rhs.is_list()) return tri(test(rhs));
        for (const auto& item : rhs.items()) {
          if (test(item)) return Tri::kTrue;
        }
        return Tri::kFalse;
      }
      case Op::kMatches:
        if (eff == nullptr || !scalar(*eff)) return Tri::kFalse;
        if (c.regex) return tri(RE2::PartialMatch(text_of(*eff), *c.regex));
        return Tri::kFalse;
      case Op::kGt:
      case Op::kGte:
      case Op::kLt:
      case Op::kLte: {
        double a = 0, b = 0;
        if (eff == nullptr || !number(*eff, a) || !number(rhs, b)) return Tri::kFalse;
        return tri(numeric(c.op, a, b));
      }
      default:
        return Tri::kUnknown;
    }
  }

  // equals / not_equals between two attributes. Attributes that name resources (a task
  // definition's role ARNs, a service's cluster) compare by the resources they name when their
  // values are not known yet: two references to the same role are equal before apply.
  Tri compare_attributes(const Condition& c, const Context& ctx, const Value& a) {
    const Value& b = lookup(ctx, c.operand.attribute);
    record(ctx, c.operand.attribute, b);
    Tri same;
    if (a.is_unknown() || b.is_unknown()) {
      auto ta = named_targets(ctx, c.path);
      auto tb = named_targets(ctx, c.operand.attribute);
      if (ta.empty() || tb.empty()) {
        unknown(c.path, a.is_unknown() ? a : b);
        return Tri::kUnknown;
      }
      same = tri(ta == tb);
    } else {
      const Value& x = effective(a);
      const Value& y = effective(b);
      bool xn = !x.is_known() || x.is_null(), yn = !y.is_known() || y.is_null();
      same = tri(xn || yn ? xn == yn : equal(x, y));
    }
    return c.op == Op::kEquals ? same : tri_not(same);
  }

  // The nodes an attribute names through an edge of the graph (empty when none).
  std::vector<NodeId> named_targets(const Context& ctx, const std::string& path) {
    if (ctx.value != nullptr) return {};
    for (const auto& t : edge_types()) {
      if (t.from == ctx.kind && t.attribute == path) {
        std::vector<NodeId> out = graph_.targets(ctx.node, t.relation);
        std::sort(out.begin(), out.end());
        return out;
      }
    }
    return {};
  }

  // Value::effective() without the copy.
  static const Value& effective(const Value& v) {
    return v.is_absent() && v.default_value() != nullptr ? *v.default_value() : v;
  }

  static bool numeric(Op op, double a, double b) {
    switch (op) {
      case Op::kGt:
        return a > b;
      case Op::kGte:
        return a >= b;
      case Op::kLt:
        return a < b;
      case Op::kLte:
        return a <= b;
      default:
        return a == b;
    }
  }

  static bool scalar(const Value& v) { return v.is_string() || v.is_number() || v.is_bool(); }

  static std::string text_of(const Value& v) {
    if (v.is_bool()) return v.as_bool() ? "true" : "false";
    if (v.is_string() || v.is_number()) return std::string(v.text());
    return v.to_json();
  }

  // Numbers, and strings that are entirely a number ("512").
  static bool number(const Value& v, double& out) {
    if (v.is_number()) {
      out = v.as_number();
      return true;
    }
    if (!v.is_string() || v.text().empty()) return false;
    std::string text(v.text());
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && std::isfinite(out);
  }

  // Equality with string-number and string-boolean coercion; lists and maps structurally.
  static bool equal(const Value& a, const Value& b) {
    if (!a.is_known() || !b.is_known()) return false;
    double x = 0, y = 0;
    if ((a.is_number() || b.is_number()) && number(a, x) && number(b, y)) return x == y;
    if (a.is_bool() && b.is_string()) return text_of(a) == b.text();
    if (b.is_bool() && a.is_string()) return text_of(b) == a.text();
    if (a.type() != b.type()) return false;
    switch (a.type()) {
      case Value::Type::kNull:
        return true;
      case Value::Type::kBool:
        return a.as_bool() == b.as_bool();
      case Value::Type::kString:
        return a.text() == b.text();
      case Value::Type::kNumber:
        return a.as_number() == b.as_number();
      case Value::Type::kList:
      case Value::Type::kMap:
        if (a.size() != b.size() || (a.is_map() && a.keys() != b.keys())) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
          if (!equal(a.items()[i], b.items()[i])) return false;
        }
        return true;
    }
    return false;
  }

  // The nodes reached by graph steps, or unknown when a step leaves the input.
  bool walk(const Condition& c, NodeId start, std::vector<NodeId>& out, std::string& why) {
    std::vector<NodeId> frontier{start};
    for (std::size_t i = 0; i < c.steps.size(); ++i) {
      const Step& step = c.steps[i];
      std::vector<NodeId> next;
      for (NodeId id : frontier) {
        std::vector<NodeId> reached =
            step.reverse ? graph_.sources(id, step.relation) : graph_.targets(id, step.relation);
        if (reached.empty() && !step.reverse && !step.attribute.empty()) {
          const Value* named = graph_.node(id).attributes.find_path(step.attribute);
          bool set = named != nullptr &&
                     (named->is_unknown() || (named->is_known() && !named->is_null() &&
                                              !(named->is_list() && named->size() == 0)));
          if (set) {
            why = graph_.node(id).address + " " + c.related[i] + " (" +
                  std::string(step.attribute) + ") is not in this input";
            return false;
          }
        }
        // A relation can enter a node from several kinds (services, task sets, subnets and
        // endpoints all point at their VPC): a step reaches only the kind it names.
        for (NodeId r : reached) {
          if (graph_.node(r).kind == step.target) next.push_back(r);
        }
      }
      std::sort(next.begin(), next.end());
      next.erase(std::unique(next.begin(), next.end()), next.end());
      frontier = std::move(next);
    }
    out = std::move(frontier);
    return true;
  }

  // Every item (or related node) is evaluated, even once the outcome is decided: the evidence
  // and the unknown reason name all of them.
  Tri quantify(const Condition& c, const Context& ctx) {
    Outcomes outcomes;
    const Condition* where = c.children.empty() ? nullptr : &c.children[0];
    if (!c.of.empty()) {
      const Value& list = lookup(ctx, c.of);
      if (list.is_unknown()) {
        record(ctx, c.of, list);
        unknown(c.of, list);
        return Tri::kUnknown;
      }
      const Value* eff = list.is_absent() ? list.default_value() : &list;
      // The items are read in place: `eff` and `list` live as long as the evaluation.
      const Value* items = nullptr;
      std::size_t count = 0;
      if (eff != nullptr && eff->is_list()) {
        items = eff->items().data();
        count = eff->size();
      } else if (eff != nullptr && eff->is_known() && !eff->is_null()) {
        items = eff;
        count = 1;
      }
      if (count == 0) record(ctx, c.of, list);
      std::string base = below(ctx.evidence, c.of);
      std::string schema = below(ctx.schema, c.of) + "[]";
      std::string evidence;
      for (std::size_t i = 0; i < count; ++i) {
        const Value& item = items[i];
        evidence = base;
        evidence += '[';
        evidence += std::to_string(i);
        evidence += ']';
        Context inner{ctx.node, ctx.kind, &item, schema, evidence};
        if (item.is_unknown()) {
          unknown(evidence, item);
          outcomes.add(Tri::kUnknown);
          continue;
        }
        outcomes.add(where ? eval(*where, inner) : Tri::kTrue);
      }
    } else {
      std::vector<NodeId> nodes;
      std::string why;
      if (!walk(c, ctx.node, nodes, why)) {
        if (unknown_reason_.empty()) unknown_reason_ = why;
        record_steps(join_steps(c), "unknown (" + why + ")", "unknown");
        return Tri::kUnknown;
      }
      if (nodes.empty()) {
        record_steps(join_steps(c), "[] (no related resources)", "no related resources");
      }
      for (NodeId id : nodes) {
        const Node& n = graph_.node(id);
        std::string label = n.address + (n.element.empty() ? "" : " " + n.element);
        std::string evidence = join_steps(c) + "[" + label + "]";
        Context inner{id, n.kind, nullptr, "", evidence};
        outcomes.add(where ? eval(*where, inner) : Tri::kTrue);
      }
    }
    return outcomes.decide(c);
  }

  // What quantify() needs of the outcomes of its items: how many were true, how many unknown,
  // and their conjunction and disjunction (Kleene logic is commutative, so order is irrelevant).
  struct Outcomes {
    double yes = 0, maybe = 0;
    Tri all = Tri::kTrue, any = Tri::kFalse;

    void add(Tri t) {
      if (t == Tri::kTrue) ++yes;
      if (t == Tri::kUnknown) ++maybe;
      all = tri_and(all, t);
      any = tri_or(any, t);
    }

    Tri decide(const Condition& c) const {
      if (c.type == Condition::Type::kCount) {
        Op op = c.count_op == Op::kEquals ? Op::kEquals : c.count_op;
        bool low = numeric(op, yes, c.count_value);
        bool high = numeric(op, yes + maybe, c.count_value);
        if (c.count_op == Op::kEquals) {
          if (maybe == 0) return tri(yes == c.count_value);
          return (c.count_value >= yes && c.count_value <= yes + maybe) ? Tri::kUnknown
                                                                        : Tri::kFalse;
        }
        return low == high ? tri(low) : Tri::kUnknown;
      }
      if (c.quantifier == Quantifier::kAll) return all;
      return c.quantifier == Quantifier::kNone ? tri_not(any) : any;
    }
  };

  static std::string join_steps(const Condition& c) {
    std::string s;
    for (const auto& r : c.related) s += (s.empty() ? "" : ".") + r;
    return s;
  }

  const Graph& graph_;
  Synthesised& synthesised_;
  const Policy* policy_ = nullptr;
  const std::map<std::string, Value>* overrides_ = nullptr;
  bool recording_ = true;
  // The evidence of the current pair, and the value each item shows (null for graph steps).
  std::vector<Evidence> evidence_;
  std::vector<const Value*> evidence_values_;
  std::string unknown_reason_;
  std::string path_;  // record()'s buffer
  std::unordered_map<std::string, SharedText> paths_;
  std::unordered_map<const Value*, SharedText> absent_renders_;
  // Every pair evaluated renders its evidence, and most pairs' evidence is dropped with their
  // passes: the texts short enough to be cheap to look up, which are those that recur ("false",
  // "\"awsvpc\"", "unknown (known after apply: var.name)"), are shared as they are rendered.
  // Those of the results kept (longer observed values, displays, reasons) are shared in a table
  // of their own, so that what every pair renders does not take their slots.
  TextCache texts_;
  TextCache kept_texts_;

  static std::size_t cache_slots(std::size_t pairs) {
    std::size_t slots = 1024;
    while (slots < pairs) slots *= 2;
    return slots;
  }
};

// Gives `advice` for the whole `unit`-aligned units inside [data, data + bytes). A hint: a
// system that does not know the advice ignores it.
void advise(const void* data, std::size_t bytes, std::uintptr_t unit, int advice) {
  auto start = reinterpret_cast<std::uintptr_t>(data);
  std::uintptr_t begin = (start + unit - 1) & ~(unit - 1);
  std::uintptr_t end = (start + bytes) & ~(unit - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, advice);
}

// Asks for transparent huge pages under a large buffer that is about to be written once from
// start to end (the results of a big plan: hundreds of megabytes). With 4 KiB pages, first touching
// it costs hundreds of thousands of page faults, a large part of evaluating.
void advise_huge_pages(const void* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  if (bytes >= 16 * kHuge) advise(data, bytes, kHuge, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

// Maps in the pages under a buffer about to be written, so that the thread that writes it later
// does not take the page faults (Linux 5.14 and later).
void prefault(const void* data, std::size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  advise(data, bytes, static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE)), MADV_POPULATE_WRITE);
#else
  (void)data;
  (void)bytes;
#endif
}

// The policies evaluated on nodes of each kind (PolicySet::for_kind order, disabled ones left
// out), with their overrides looked up once per evaluate() call rather than once per node.
using Plan = std::vector<std::vector<Planned>>;

bool shows_overrides(const Policy& p, const std::map<std::string, Value>* overrides) {
  if (overrides == nullptr) return false;
  for (const auto& entry : *overrides) {
    if (p.message.find("{{params." + entry.first + "}}") != std::string::npos) return true;
  }
  return false;
}

Plan plan(const PolicySet& policies, const EvalOptions& options) {
  Plan out(kNodeKindCount);
  for (std::size_t k = 0; k < out.size(); ++k) {
    for (const Policy* p : policies.for_kind(static_cast<NodeKind>(k))) {
      if (options.disabled.count(p->id)) continue;
      const std::map<std::string, Value>* overrides = nullptr;
      auto po = options.params.find(p->id);
      if (po != options.params.end()) overrides = &po->second;
      out[k].push_back(Planned{p, overrides, shows_overrides(*p, overrides)});
    }
  }
  return out;
}

// A task definition's container definitions when they cannot be read before deployment (it
// then has no container nodes), else nullptr.
const Value* unknown_containers_of(const Node& node) {
  if (node.kind != NodeKind::kTaskDefinition) return nullptr;
  const Value* containers = node.attributes.find("containers");
  return containers != nullptr && containers->is_unknown() ? containers : nullptr;
}

// Container policies are undecided for a task definition whose containers are unknown, never
// silently passing.
// Where evaluation puts its results. InPlace writes every result into storage made beforehand;
// Kept appends only the results that are neither passes nor skips, and counts those.
class InPlace {
 public:
  InPlace(std::vector<Result>& results, std::size_t at) : base_(results.data()), out_(base_ + at) {}
  Result& slot() { return *out_; }
  void commit() { ++out_; }
  std::size_t index() const { return static_cast<std::size_t>(out_ - base_); }
  const Result& at(std::size_t i) const { return base_[i]; }

 private:
  Result* base_;
  Result* out_;
};

// Memory mapped for one allocation and unmapped when it is freed: the system has it back at once
// (malloc keeps what a thread frees for later, and a large plan's results are hundreds of
// megabytes).
template <class T>
struct MappedAllocator {
  using value_type = T;
  MappedAllocator() = default;
  template <class U>
  MappedAllocator(const MappedAllocator<U>&) {}  // NOLINT: as allocators convert
  T* allocate(std::size_t n) {
    void* p =
        mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) { munmap(p, n * sizeof(T)); }
  friend bool operator==(const MappedAllocator&, const MappedAllocator&) { return true; }
  friend bool operator!=(const MappedAllocator&, const MappedAllocator&) { return false; }
};

// Results in blocks of a fixed size: what a second thread keeps, appended to the first thread's
// a block at a time, each given back to the system once moved (a second vector of them would
// hold the second half twice while it is moved, and freed to malloc, they would stay mapped).
class ResultBlocks {
 public:
  void push_back(Result&& r) {
    if (size_ % kBlock == 0) {
      blocks_.emplace_back(std::make_unique<Block>());
      blocks_.back()->reserve(kBlock);
    }
    blocks_.back()->push_back(std::move(r));
    ++size_;
  }
  std::size_t size() const { return size_; }
  const Result& operator[](std::size_t i) const { return (*blocks_[i / kBlock])[i % kBlock]; }
  // Moves every result to the end of `out` (with room for them reserved), a block at a time.
  void move_to(std::vector<Result>& out) {
    for (auto& block : blocks_) {
      out.insert(out.end(), std::make_move_iterator(block->begin()),
                 std::make_move_iterator(block->end()));
      block.reset();
    }
    blocks_.clear();
    size_ = 0;
  }

 private:
  static constexpr std::size_t kBlock = 4096;
  using Block = std::vector<Result, MappedAllocator<Result>>;
  std::vector<std::unique_ptr<Block>> blocks_;
  std::size_t size_ = 0;
};

// Keeps the failing and undecided results in `Store` (a vector, or ResultBlocks), and counts
// the others.
template <class Store>
class Kept {
 public:
  Kept(Store& results, Summary& counted) : results_(results), counted_(counted) {}
  Result& slot() {
    scratch_ = Result();
    return scratch_;
  }
  void commit() {
    if (scratch_.status == Status::kPass || scratch_.status == Status::kSkip) {
      counted_.count(scratch_.status);
    } else {
      results_.push_back(std::move(scratch_));
    }
  }
  std::size_t index() const { return results_.size(); }
  const Result& at(std::size_t i) const { return results_[i]; }

 private:
  Store& results_;
  Summary& counted_;
  Result scratch_;
};

// Makes the subjects of one graph's nodes. The texts they repeat (the file, kinds, and source
// types, which the nodes share already) are made once: a plan's subjects are hundreds of
// thousands.
class Subjects {
 public:
  explicit Subjects(const Graph& graph) : graph_(graph), file_(graph.info().file) {}

  // The subject of `node`, which is `resource` or one of its elements, named `element`.
  std::shared_ptr<const Subject> of(const Node& node, const Node& resource,
                                    const SharedText& element) {
    return std::make_shared<const Subject>(Subject{node.address, kind(resource.kind),
                                                   resource.source_type, file_, resource.pos.line,
                                                   element, node.construct_path, graph_.texts()});
  }

 private:
  const SharedText& kind(NodeKind k) {
    SharedText& text = kinds_[static_cast<std::size_t>(k)];
    if (text.empty()) text = to_string(k);
    return text;
  }

  const Graph& graph_;
  SharedText file_;
  std::array<SharedText, kNodeKindCount> kinds_;
};

template <class Sink>
void unknown_containers(const Plan& plan, Subjects& subjects, Evaluator& ev, const Node& td,
                        Sink& out) {
  const Value* containers = unknown_containers_of(td);
  if (containers == nullptr) return;
  std::shared_ptr<const Subject> subject = subjects.of(td, td, "containers[*]");
  for (const Planned& planned : plan[static_cast<std::size_t>(NodeKind::kContainer)]) {
    const Policy* p = planned.policy;
    Result r;
    r.policy = p;
    r.status = Status::kUnknown;
    r.subject = subject;
    std::string reason = "the container definitions are " + containers->render();
    if (p->on_unknown != Status::kUnknown) {
      r.status = p->on_unknown;
      reason += "; " + p->on_unknown_reason;
    }
    r.reason = ev.pooled(reason);
    r.evidence.push_back(
        Evidence{"containers", ev.pooled(containers->render()), "unknown", containers->pos()});
    r.at = containers->pos().known() ? containers->pos() : td.pos;
    if (planned.overrides_shown) r.set_message(render_message(r, planned.overrides));
    out.slot() = std::move(r);
    out.commit();
  }
}

// A run of results with one place: where it starts, and the subject its results share.
struct Run {
  std::size_t start;
  const Subject* place;
};

// Puts the results of one graph in sort_results() order. They were made node by node, in runs
// that share a place (address, element) and are each in policy id order, so only the runs are
// sorted; runs with the same place are merged by policy id. Same order as sort_results().
void sort_runs(std::vector<Result>& results, const std::vector<Run>& runs) {
  const std::size_t count = runs.size();
  auto begin = [&](std::size_t run) { return runs[run].start; };
  auto end = [&](std::size_t run) {
    return run + 1 < count ? runs[run + 1].start : results.size();
  };
  // Runs are compared by their subjects, without reading the results themselves.
  auto place_less = [&](std::size_t a, std::size_t b) {
    const Subject& x = *runs[a].place;
    const Subject& y = *runs[b].place;
    int c = x.address.view().compare(y.address.view());
    return c != 0 ? c < 0 : x.element < y.element;
  };
  auto same_place = [&](std::size_t a, std::size_t b) {
    const Subject& x = *runs[a].place;
    const Subject& y = *runs[b].place;
    return &x == &y || (x.address == y.address && x.element == y.element);
  };
  std::vector<uint32_t> run_order(count);
  std::iota(run_order.begin(), run_order.end(), 0u);
  // Nodes are numbered in (address, kind, element) order, so the runs mostly are in order
  // already: checking that costs one comparison per run, sorting one per run and level.
  if (!std::is_sorted(run_order.begin(), run_order.end(), place_less)) {
    std::stable_sort(run_order.begin(), run_order.end(), place_less);
  }

  std::vector<uint32_t> order;  // order[i]: the result that goes to position i
  order.reserve(results.size());
  bool identity = true;
  for (std::size_t i = 0; i < count;) {
    std::size_t j = i + 1;
    while (j < count && same_place(run_order[i], run_order[j])) ++j;
    std::size_t first = order.size();
    for (std::size_t k = i; k < j; ++k) {
      for (std::size_t x = begin(run_order[k]); x < end(run_order[k]); ++x) {
        identity = identity && x == order.size();
        order.push_back(static_cast<uint32_t>(x));
      }
    }
    if (j - i > 1) {
      std::stable_sort(
          order.begin() + static_cast<std::ptrdiff_t>(first), order.end(),
          [&](uint32_t a, uint32_t b) { return results[a].policy->id < results[b].policy->id; });
      for (std::size_t x = first; x < order.size(); ++x) identity = identity && order[x] == x;
    }
    i = j;
  }
  if (!identity) apply_order(results, order);
}

// The results of nodes [first, last) of `graph`, node by node, into `results` from `at` on;
// where each node's run of results starts is appended to `runs`. `upto`: how many results the
// nodes before each node have.
template <class Sink>
void evaluate_nodes(const Plan& planned, const Graph& graph, const std::vector<std::size_t>& upto,
                    std::size_t first, std::size_t last, Sink& out, std::vector<Run>& runs) {
  auto index = [&] { return out.index(); };
  Synthesised synthesised;
  Evaluator ev(graph, synthesised, upto[last] - upto[first]);
  Subjects subjects(graph);
  for (std::size_t id = first; id < last; ++id) {
    const Node& node = graph.nodes()[id];
    if (node.kind == NodeKind::kTaskDefinition) {
      std::size_t before = index();
      unknown_containers(planned, subjects, ev, node, out);
      if (index() != before) runs.push_back({before, out.at(before).subject.get()});
    }
    const auto& node_policies = planned[static_cast<std::size_t>(node.kind)];
    if (node_policies.empty()) continue;
    bool container = node.kind == NodeKind::kContainer && node.parent != kNoNode;
    const Node& resource = container ? graph.node(node.parent) : node;
    std::shared_ptr<const Subject> subject = subjects.of(node, resource, node.element);
    runs.push_back({index(), subject.get()});
    for (const Planned& pl : node_policies) {
      const Policy* p = pl.policy;
      ev.reset(pl);
      Context ctx{node.id, node.kind, nullptr, "", ""};
      ev.set_recording(false);
      Tri applies = p->has_where ? ev.eval(p->where, ctx) : Tri::kTrue;
      Result& r = out.slot();
      r.policy = p;
      r.subject = subject;
      if (applies == Tri::kFalse) {
        r.status = Status::kSkip;
      } else {
        ev.set_recording(true);
        Tri holds = ev.eval(p->check, ctx);
        // `where` undecided: the check still decides when it holds (¬where ∨ check).
        Tri verdict = applies == Tri::kTrue ? holds : tri_or(Tri::kUnknown, holds);
        r.status = verdict == Tri::kTrue    ? Status::kPass
                   : verdict == Tri::kFalse ? Status::kFail
                                            : Status::kUnknown;
        if (r.status == Status::kUnknown) {
          std::string reason = ev.unknown_reason().empty()
                                   ? "the resource's applicability is undecided"
                                   : ev.unknown_reason();
          if (p->on_unknown != Status::kUnknown) {
            r.status = p->on_unknown;
            reason += "; " + p->on_unknown_reason;
          }
          r.reason = ev.pooled(reason);
        }
        // Evidence::display is only read by failure messages.
        ev.take_evidence(r.evidence, r.status == Status::kFail);
        if (r.status != Status::kPass && r.status != Status::kSkip) ev.share_texts(r.evidence);
      }
      r.at = node.pos;
      for (const auto& e : r.evidence) {
        if (e.pos.known()) {
          r.at = e.pos;
          break;
        }
      }
      if (pl.overrides_shown && r.status == Status::kFail) {
        r.set_message(render_message(r, pl.overrides));
      }
      out.commit();
    }
    // A node none of whose results were kept has no run: its subject is gone with them.
    if (runs.back().start == index()) runs.pop_back();
  }
}

}  // namespace

std::vector<Result> evaluate(const PolicySet& policies, const Graph& graph,
                             const EvalOptions& options, Summary* not_kept) {
  const Plan planned = plan(policies, options);
  // Every (policy, node) pair gives one result: counted first, the results are made in place.
  const std::size_t nodes = graph.nodes().size();
  std::vector<std::size_t> upto(nodes + 1, 0);  // results of the nodes before each node
  for (std::size_t id = 0; id < nodes; ++id) {
    const Node& node = graph.nodes()[id];
    std::size_t n = planned[static_cast<std::size_t>(node.kind)].size();
    if (unknown_containers_of(node) != nullptr) {
      n += planned[static_cast<std::size_t>(NodeKind::kContainer)].size();
    }
    upto[id + 1] = upto[id] + n;
  }
  const std::size_t expected = upto[nodes];
  std::vector<Result> results;
  results.reserve(expected);
  advise_huge_pages(results.data(), results.capacity() * sizeof(Result));
  std::vector<Run> runs;  // the runs of results with one place, in the order they were made
  runs.reserve(nodes);
  // With a second thread, it takes the nodes that make the second half of the results, each
  // thread writing its own part of them.
  constexpr std::size_t kWorthASecondThread = 4096;  // pairs: some 2 ms of work
  std::size_t split = nodes;
  if (options.threads > 1 && expected >= kWorthASecondThread) {
    split = static_cast<std::size_t>(std::lower_bound(upto.begin(), upto.end(), expected / 2) -
                                     upto.begin());
    split = std::min(split, nodes);
  }
  if (!options.keep_passes) {
    // Results are appended as they are made, passes and skips only counted: of the reserved
    // room, only what the kept results fill is ever touched.
    if (not_kept == nullptr) throw std::invalid_argument("evaluate: not_kept is required");
    Kept<std::vector<Result>> first(results, *not_kept);
    if (split < nodes) {
      ResultBlocks second_results;
      Summary second_counted;
      Kept<ResultBlocks> second(second_results, second_counted);
      std::vector<Run> second_runs;
      run_both([&] { evaluate_nodes(planned, graph, upto, 0, split, first, runs); },
               [&] { evaluate_nodes(planned, graph, upto, split, nodes, second, second_runs); });
      for (Run& r : second_runs) r.start += results.size();
      runs.insert(runs.end(), second_runs.begin(), second_runs.end());
      second_results.move_to(results);  // within the reserved capacity: does not move
      *not_kept += second_counted;
    } else {
      evaluate_nodes(planned, graph, upto, 0, nodes, first, runs);
    }
  } else if (split < nodes) {
    std::vector<Run> second_runs;
    std::promise<void> made;  // the results exist
    std::future<void> ready = made.get_future();
    Result* const storage = results.data();  // reserved above: resize() does not move it
    run_both(
        [&] {
          // The helper waits until the results exist; it is told however this half ends.
          struct Handover {
            std::promise<void>& made;
            bool told = false;
            ~Handover() {
              if (!told) made.set_exception(std::make_exception_ptr(std::runtime_error("stopped")));
            }
          } handover{made};
          results.resize(expected);  // within the reserved capacity: does not move
          made.set_value();
          handover.told = true;
          InPlace out(results, 0);
          evaluate_nodes(planned, graph, upto, 0, split, out, runs);
        },
        [&] {
          // While the other thread constructs the results, this one maps in the pages of its
          // part: first touching hundreds of megabytes is a large part of evaluating.
          prefault(storage + upto[split], (expected - upto[split]) * sizeof(Result));
          ready.get();
          InPlace out(results, upto[split]);
          evaluate_nodes(planned, graph, upto, split, nodes, out, second_runs);
        });
    runs.insert(runs.end(), second_runs.begin(), second_runs.end());
  } else {
    results.resize(expected);
    InPlace out(results, 0);
    evaluate_nodes(planned, graph, upto, 0, nodes, out, runs);
  }
  sort_runs(results, runs);
  return results;
}

}  // namespace ecsguard::policy
