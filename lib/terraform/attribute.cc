#include "terraform/attribute.h"

#include <algorithm>

#include "core/strings.h"

namespace ecsguard::terraform {

namespace {

bool is_true(const JNode* j) { return j != nullptr && j->is_bool() && j->boolean; }

// A configuration expression leaf: {"constant_value": ...}, {"references": [...]}, or {}.
bool is_leaf_expression(const JNode* e) {
  if (e == nullptr || !e->is_object()) return false;
  for (const auto& k : e->keys) {
    if (k != "constant_value" && k != "references") return false;
  }
  return true;
}

// Whether a planned scalar equals a configuration constant (`cpu = 256` plans as "256").
bool same_scalar(const JNode& planned, const JNode& constant) {
  if (planned.is_bool() || constant.is_bool()) {
    return planned.is_bool() && constant.is_bool() && planned.boolean == constant.boolean;
  }
  bool p = planned.is_string() || planned.is_number();
  bool c = constant.is_string() || constant.is_number();
  return p && c && planned.text == constant.text;
}

// The configuration block (of `blocks`, an array of block expressions) that describes planned
// set element `planned`: the one whose scalar constant_values all agree with it and agree in
// the most members; position `i` when none decides, or the first block.
std::size_t matching_block(const JNode& blocks, const JNode* planned, std::size_t i) {
  std::size_t fallback = i < blocks.items.size() ? i : 0;
  if (planned == nullptr || !planned->is_object() || blocks.items.size() < 2) return fallback;
  std::size_t best = fallback;
  int best_score = -1;
  for (std::size_t k = 0; k < blocks.items.size(); ++k) {
    const JNode& block = blocks.items[k];
    if (!block.is_object()) continue;
    int score = 0;
    for (std::size_t m = 0; m < block.keys.size() && score >= 0; ++m) {
      const JNode* constant = block.items[m].get("constant_value");
      const JNode* value = planned->get(block.keys[m]);
      if (constant == nullptr || value == nullptr || constant->is_array() ||
          constant->is_object() || constant->is_null()) {
        continue;
      }
      score = same_scalar(*value, *constant) ? score + 1 : -1;
    }
    if (score > best_score || (score == best_score && k == fallback)) {
      best = k;
      best_score = score;
    }
  }
  return best;
}

bool contains(const std::vector<std::string_view>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

std::string unknown_reason(const JNode* expression) {
  const JNode* refs = expression != nullptr ? expression->get("references") : nullptr;
  if (refs != nullptr && refs->is_array() && !refs->items.empty() && refs->items[0].is_string()) {
    return "known after apply: " + refs->items[0].text;
  }
  return "known after apply";
}

Attribute::Attribute(const JNode* value, const JNode* unknown, const JNode* sensitive,
                     const JNode* expr, std::string pointer, const AttributeContext* context,
                     std::string expr_pointer)
    : value_(value), unknown_(unknown), sensitive_(sensitive), expr_(expr),
      pointer_(std::move(pointer)), context_(context), expr_pointer_(std::move(expr_pointer)) {}

bool Attribute::marked_unknown() const { return is_true(unknown_); }

Attribute Attribute::child(std::string_view key) const {
  const JNode* v = value_ != nullptr ? value_->get(key) : nullptr;
  const JNode* u = is_true(unknown_) ? unknown_ : (unknown_ ? unknown_->get(key) : nullptr);
  const JNode* s = is_true(sensitive_) ? sensitive_ : (sensitive_ ? sensitive_->get(key) : nullptr);
  bool leaf = is_leaf_expression(expr_);
  const JNode* e = leaf ? expr_ : (expr_ ? expr_->get(key) : nullptr);
  return Attribute(v, u, s, e, pointer_append(pointer_, std::string(key)), context_,
                   leaf ? expr_pointer_ : pointer_append(expr_pointer_, std::string(key)));
}

Attribute Attribute::item(std::size_t i) const {
  const JNode* v = value_ != nullptr ? value_->at(i) : nullptr;
  if (value_ != nullptr && value_->is_object() && i == 0) {  // a block not wrapped in a list
    if (context_ != nullptr) context_->blocks_not_in_list.push_back(value_->offset);
    v = value_;
  }
  const JNode* u = is_true(unknown_) ? unknown_ : (unknown_ ? unknown_->at(i) : nullptr);
  const JNode* s = is_true(sensitive_) ? sensitive_ : (sensitive_ ? sensitive_->at(i) : nullptr);
  const JNode* e = nullptr;
  std::string ep = expr_pointer_;
  if (is_leaf_expression(expr_)) {
    e = expr_;
  } else if (expr_ != nullptr && expr_->is_array() && !expr_->items.empty()) {
    // Set blocks are planned in hash order, not configuration order: pair the planned element
    // with the block whose constant members agree with it, else by position, else the first.
    std::size_t k = matching_block(*expr_, v, i);
    e = &expr_->items[k];
    ep = pointer_append(expr_pointer_, k);
  }
  return Attribute(v, u, s, e, pointer_append(pointer_, i), context_, std::move(ep));
}

Attribute Attribute::path(std::string_view dotted) const {
  Attribute cur = *this;
  for (const auto& step : split(dotted, '.')) {
    bool numeric = !step.empty() && std::all_of(step.begin(), step.end(), [](char c) {
      return c >= '0' && c <= '9';
    });
    cur = numeric ? cur.item(static_cast<std::size_t>(std::stoul(step))) : cur.child(step);
  }
  return cur;
}

Value Attribute::leaf(const JNode& j) const {
  Value v;
  switch (j.type) {
    case JNode::Type::kBool:
      v = Value::boolean(j.boolean);
      break;
    case JNode::Type::kNumber:
      v = Value::number(j.number, j.text);
      break;
    case JNode::Type::kString:
      v = Value::string(j.text);
      break;
    default:
      v = Value::null();
  }
  return v;
}

Value Attribute::value(const Conversion& conv) const {
  bool unknown = is_true(unknown_);
  if (unknown || value_ == nullptr) {
    if (!unknown && context_->unknown_mirror) return Value::absent();
    if (context_->config_available && context_->resource_configured) {
      if (expr_ == nullptr) return Value::absent();
      Value v = Value::unknown(unknown_reason(expr_));
      v.set_pos(SourcePos{expr_->line, expr_->column, expr_pointer_});
      return v;
    }
    return unknown ? Value::unknown("known after apply") : Value::absent();
  }
  if (value_->is_null()) return Value::absent();

  Value out;
  if (value_->is_object()) {
    out = Value::map();
    std::vector<std::string> keys = value_->keys;
    if (unknown_ != nullptr && unknown_->is_object()) {
      for (std::size_t i = 0; i < unknown_->keys.size(); ++i) {
        if (is_true(&unknown_->items[i]) && !value_->get(unknown_->keys[i])) {
          keys.push_back(unknown_->keys[i]);
        }
      }
    }
    out.reserve(keys.size());
    for (const auto& key : keys) {
      Attribute c = child(key);
      Value v;
      if (contains(conv.single_blocks, key) && c.json() != nullptr && c.json()->is_array()) {
        if (c.json()->items.empty()) continue;
        v = c.item(0).value(conv);
      } else {
        v = c.value(conv);
      }
      if (v.is_absent() && v.default_value() == nullptr) continue;
      const Value& eff = v.is_absent() ? *v.default_value() : v;
      if (conv.drop_zero_values && ((eff.is_string() && eff.text().empty()) ||
                                    (eff.is_number() && eff.as_number() == 0))) {
        continue;
      }
      std::string name = key;
      for (const auto& [from, to] : conv.renames) {
        if (from == key) name = std::string(to);
      }
      out.set(std::move(name), std::move(v));
    }
  } else if (value_->is_array()) {
    out = Value::list();
    out.reserve(value_->items.size());
    for (std::size_t i = 0; i < value_->items.size(); ++i) {
      Attribute c = item(i);
      if (c.json() != nullptr && c.json()->is_null() && !c.marked_unknown()) continue;
      out.push_back(c.value(conv));
    }
  } else {
    out = leaf(*value_);
  }
  out.set_pos(value_->pos(pointer_));
  if (is_true(sensitive_)) out.mark_sensitive_deep();
  if (context_->config_available && context_->resource_configured && expr_ == nullptr &&
      !out.sensitive()) {
    // Planned, but not written by the author: Terraform filled in the default.
    return Value::absent(std::move(out));
  }
  return out;
}

}  // namespace ecsguard::terraform
