#include "policy/evaluator.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/strings.h"
#include "graph/schema.h"

namespace ecsguard::policy {

namespace {

// Where a condition is evaluated: a node, or one element of a list attribute inside it.
struct Context {
  NodeId node;
  NodeKind kind;
  const Value* value;       // the element, or nullptr for the node's attributes
  std::string schema;       // schema path of the element ("environment[]"), or ""
  std::string evidence;     // evidence path prefix ("environment[2]", "cluster[aws_ecs_cluster.x]")
};

class Evaluator {
 public:
  Evaluator(const Graph& g, const Policy& p, const std::map<std::string, Value>* overrides)
      : graph_(g), policy_(p), overrides_(overrides) {}

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

  std::vector<Evidence>& evidence() { return evidence_; }
  const std::string& unknown_reason() const { return unknown_reason_; }

 private:
  // The value at `path` in the context. Absent values carry the schema default of their full
  // path; a path through an absent block is absent too.
  Value lookup(const Context& ctx, const std::string& path) {
    const Value& base = ctx.value ? *ctx.value : graph_.node(ctx.node).attributes;
    if (path.empty()) return base;
    const Value* cur = &base;
    bool defaulted = false;  // the path went through an absent value's default
    for (const auto& step : split(path, '.')) {
      if (cur->is_unknown()) return *cur;
      if (cur->is_absent() && cur->default_value() != nullptr) {
        cur = cur->default_value();
        defaulted = true;
      }
      if (!cur->is_map()) return absent_default(ctx, path);
      const Value* next = cur->find(step);
      if (next == nullptr) return absent_default(ctx, path);
      cur = next;
    }
    if (cur->is_absent() && cur->default_value() == nullptr) return absent_default(ctx, path);
    if (defaulted && cur->is_known()) return Value::absent(*cur);
    return *cur;
  }

  Value absent_default(const Context& ctx, const std::string& path) {
    std::string full = ctx.schema.empty() ? path : ctx.schema + "." + path;
    const AttributeSpec* spec = find_attribute(ctx.kind, full);
    if (spec != nullptr && !spec->default_value.is_absent()) return Value::absent(spec->default_value);
    return Value::absent();
  }

  const Value& operand(const Condition& c) {
    if (c.operand.param.empty()) return c.operand.literal;
    if (overrides_ != nullptr) {
      auto it = overrides_->find(c.operand.param);
      if (it != overrides_->end()) return it->second;
    }
    return policy_.params.at(c.operand.param).default_value;
  }

  void record(const Context& ctx, const std::string& path, const Value& v) {
    Evidence e;
    e.path = ctx.evidence.empty() ? path : (path.empty() ? ctx.evidence : ctx.evidence + "." + path);
    if (e.path.empty()) e.path = ".";
    e.observed = v.render();
    e.display = display(v);
    e.pos = v.pos();
    for (const auto& existing : evidence_) {
      if (existing.path == e.path) return;
    }
    evidence_.push_back(std::move(e));
  }

  // How a value reads inside a sentence: strings unquoted, defaults named as such.
  static std::string display(const Value& v) {
    if (v.is_known() && v.sensitive()) return "<sensitive>";
    if (v.is_string()) return v.text();
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
    Value v = lookup(ctx, c.path);
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
      unknown(ctx.evidence.empty() ? c.path : ctx.evidence + "." + c.path, v);
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
                unknown(ctx.evidence.empty() ? c.path : ctx.evidence + "." + c.path, item);
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
    Value b = lookup(ctx, c.operand.attribute);
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
      Value x = a.effective(), y = b.effective();
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
    if (v.is_string() || v.is_number()) return v.text();
    return v.to_json();
  }

  // Numbers, and strings that are entirely a number ("512").
  static bool number(const Value& v, double& out) {
    if (v.is_number()) {
      out = v.as_number();
      return true;
    }
    if (!v.is_string() || v.text().empty()) return false;
    char* end = nullptr;
    out = std::strtod(v.text().c_str(), &end);
    return end == v.text().c_str() + v.text().size() && std::isfinite(out);
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
            why = graph_.node(id).address + " " + c.related[i] + " (" + std::string(step.attribute) +
                  ") is not in this input";
            return false;
          }
        }
        next.insert(next.end(), reached.begin(), reached.end());
      }
      std::sort(next.begin(), next.end());
      next.erase(std::unique(next.begin(), next.end()), next.end());
      frontier = std::move(next);
    }
    out = std::move(frontier);
    return true;
  }

  Tri quantify(const Condition& c, const Context& ctx) {
    std::vector<Tri> outcomes;
    const Condition* where = c.children.empty() ? nullptr : &c.children[0];
    if (!c.of.empty()) {
      Value list = lookup(ctx, c.of);
      if (list.is_unknown()) {
        record(ctx, c.of, list);
        unknown(c.of, list);
        return Tri::kUnknown;
      }
      const Value* eff = list.is_absent() ? list.default_value() : &list;
      std::vector<Value> items;
      if (eff != nullptr && eff->is_list()) {
        items = eff->items();
      } else if (eff != nullptr && eff->is_known() && !eff->is_null()) {
        items.push_back(*eff);
      }
      if (items.empty()) record(ctx, c.of, list);
      std::string base = ctx.evidence.empty() ? c.of : ctx.evidence + "." + c.of;
      std::string schema = (ctx.schema.empty() ? c.of : ctx.schema + "." + c.of) + "[]";
      for (std::size_t i = 0; i < items.size(); ++i) {
        Context inner{ctx.node, ctx.kind, &items[i], schema, base + "[" + std::to_string(i) + "]"};
        if (items[i].is_unknown()) {
          unknown(inner.evidence, items[i]);
          outcomes.push_back(Tri::kUnknown);
          continue;
        }
        outcomes.push_back(where ? eval(*where, inner) : Tri::kTrue);
      }
    } else {
      std::vector<NodeId> nodes;
      std::string why;
      if (!walk(c, ctx.node, nodes, why)) {
        if (unknown_reason_.empty()) unknown_reason_ = why;
        Evidence e{join_steps(c), "unknown (" + why + ")", "unknown", {}};
        evidence_.push_back(std::move(e));
        return Tri::kUnknown;
      }
      if (nodes.empty()) {
        evidence_.push_back(
            Evidence{join_steps(c), "[] (no related resources)", "no related resources", {}});
      }
      for (NodeId id : nodes) {
        const Node& n = graph_.node(id);
        std::string label = n.address + (n.element.empty() ? "" : " " + n.element);
        Context inner{id, n.kind, nullptr, "", join_steps(c) + "[" + label + "]"};
        outcomes.push_back(where ? eval(*where, inner) : Tri::kTrue);
      }
    }
    if (c.type == Condition::Type::kCount) {
      double yes = 0, maybe = 0;
      for (Tri t : outcomes) {
        if (t == Tri::kTrue) ++yes;
        if (t == Tri::kUnknown) ++maybe;
      }
      bool low = numeric(c.count_op == Op::kEquals ? Op::kEquals : c.count_op, yes, c.count_value);
      bool high = numeric(c.count_op == Op::kEquals ? Op::kEquals : c.count_op, yes + maybe,
                          c.count_value);
      if (c.count_op == Op::kEquals) {
        if (maybe == 0) return tri(yes == c.count_value);
        return (c.count_value >= yes && c.count_value <= yes + maybe) ? Tri::kUnknown : Tri::kFalse;
      }
      return low == high ? tri(low) : Tri::kUnknown;
    }
    Tri r = c.quantifier == Quantifier::kAll ? Tri::kTrue : Tri::kFalse;
    for (Tri t : outcomes) r = c.quantifier == Quantifier::kAll ? tri_and(r, t) : tri_or(r, t);
    return c.quantifier == Quantifier::kNone ? tri_not(r) : r;
  }

  static std::string join_steps(const Condition& c) {
    std::string s;
    for (const auto& r : c.related) s += (s.empty() ? "" : ".") + r;
    return s;
  }

  const Graph& graph_;
  const Policy& policy_;
  const std::map<std::string, Value>* overrides_;
  std::vector<Evidence> evidence_;
  std::string unknown_reason_;
};

// The policy's message template for failures; passes and skips say the title, and undecided
// results say why they are undecided.
std::string render_message(const Policy& p, const Result& r,
                           const std::map<std::string, Value>* overrides) {
  if (r.status == Status::kUnknown) return p.title + ": undecided, " + r.reason;
  if (r.status != Status::kFail) return p.title;
  const std::string& m = p.message;
  std::string out;
  std::size_t i = 0;
  while (i < m.size()) {
    auto open = m.find("{{", i);
    if (open == std::string::npos) {
      out += m.substr(i);
      break;
    }
    out += m.substr(i, open - i);
    auto close = m.find("}}", open);
    std::string name = m.substr(open + 2, close - open - 2);
    if (name == "address") {
      out += r.address;
    } else if (name == "element") {
      out += r.element;
    } else if (name == "resource") {
      out += r.address + (r.element.empty() ? "" : " " + r.element);
    } else if (name == "kind") {
      out += r.kind;
    } else if (name == "source_type") {
      out += r.source_type;
    } else if (name == "path") {
      out += r.evidence.empty() ? "" : r.evidence.front().path;
    } else if (name == "value") {
      out += r.evidence.empty() ? "" : r.evidence.front().display;
    } else if (starts_with(name, "params.")) {
      std::string param = name.substr(7);
      const Value* v = nullptr;
      if (overrides) {
        auto it = overrides->find(param);
        if (it != overrides->end()) v = &it->second;
      }
      if (v == nullptr) v = &p.params.at(param).default_value;
      out += v->is_string() ? v->text() : v->render();
    }
    i = close + 2;
  }
  return out;
}

// A task definition whose container definitions cannot be read before deployment has no
// container nodes: container policies are undecided for it, never silently passing.
void unknown_containers(const PolicySet& policies, const Graph& graph, const Node& td,
                        const EvalOptions& options, std::vector<Result>& results) {
  const Value* containers = td.attributes.find("containers");
  if (containers == nullptr || !containers->is_unknown()) return;
  for (const Policy* p : policies.for_kind(NodeKind::kContainer)) {
    if (options.disabled.count(p->id)) continue;
    const std::map<std::string, Value>* overrides = nullptr;
    auto po = options.params.find(p->id);
    if (po != options.params.end()) overrides = &po->second;
    Result r;
    r.policy = p;
    r.status = Status::kUnknown;
    r.address = td.address;
    r.kind = std::string(to_string(td.kind));
    r.source_type = td.source_type;
    r.file = graph.info().file;
    r.line = td.pos.line;
    r.element = "containers[*]";
    r.construct_path = td.construct_path;
    r.reason = "the container definitions are " + containers->render();
    if (p->on_unknown != Status::kUnknown) {
      r.status = p->on_unknown;
      r.reason += "; " + p->on_unknown_reason;
    }
    r.evidence.push_back(
        Evidence{"containers", containers->render(), "unknown", containers->pos()});
    r.location = Location(r.file, containers->pos().known() ? containers->pos() : td.pos);
    r.message = render_message(*p, r, overrides);
    results.push_back(std::move(r));
  }
}

}  // namespace

std::vector<Result> evaluate(const PolicySet& policies, const Graph& graph,
                             const EvalOptions& options) {
  std::vector<Result> results;
  std::size_t expected = 0;
  for (const Node& node : graph.nodes()) expected += policies.for_kind(node.kind).size();
  results.reserve(expected);
  for (const Node& node : graph.nodes()) {
    if (node.kind == NodeKind::kTaskDefinition) unknown_containers(policies, graph, node, options, results);
    for (const Policy* p : policies.for_kind(node.kind)) {
      if (options.disabled.count(p->id)) continue;
      const std::map<std::string, Value>* overrides = nullptr;
      auto po = options.params.find(p->id);
      if (po != options.params.end()) overrides = &po->second;

      Evaluator ev(graph, *p, overrides);
      Context ctx{node.id, node.kind, nullptr, "", ""};
      Tri applies = p->has_where ? ev.eval(p->where, ctx) : Tri::kTrue;
      Result r;
      r.policy = p;
      bool container = node.kind == NodeKind::kContainer && node.parent != kNoNode;
      const Node& resource = container ? graph.node(node.parent) : node;
      r.address = node.address;
      r.kind = std::string(to_string(resource.kind));
      r.source_type = resource.source_type;
      r.file = graph.info().file;
      r.line = resource.pos.line;
      r.element = node.element;
      r.construct_path = node.construct_path;
      if (applies == Tri::kFalse) {
        r.status = Status::kSkip;
      } else {
        ev.evidence().clear();
        Tri holds = ev.eval(p->check, ctx);
        // `where` undecided: the check still decides when it holds (¬where ∨ check).
        Tri verdict = applies == Tri::kTrue ? holds : tri_or(Tri::kUnknown, holds);
        r.status = verdict == Tri::kTrue    ? Status::kPass
                   : verdict == Tri::kFalse ? Status::kFail
                                            : Status::kUnknown;
        if (r.status == Status::kUnknown) {
          r.reason = ev.unknown_reason().empty() ? "the resource's applicability is undecided"
                                                 : ev.unknown_reason();
          if (p->on_unknown != Status::kUnknown) {
            r.status = p->on_unknown;
            r.reason += "; " + p->on_unknown_reason;
          }
        }
        r.evidence = std::move(ev.evidence());
      }
      r.location = Location(r.file, node.pos);
      for (const auto& e : r.evidence) {
        if (e.pos.known()) {
          r.location = Location(r.file, e.pos);
          break;
        }
      }
      r.message = render_message(*p, r, overrides);
      results.push_back(std::move(r));
    }
  }
  sort_results(results);
  return results;
}

}  // namespace ecsguard::policy
