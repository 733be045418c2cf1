// The attribute value model (DESIGN.md §2).
//
// Every attribute of a graph node is a Value in one of three states:
//   known   — a concrete value (null, bool, number, string, list or map) and where it came from;
//   absent  — the author did not set it; default() is the AWS default that then applies, if any;
//   unknown — it cannot be decided before deployment; reason() says why ("known after apply:
//             aws_iam_role.exec.arn", "Fn::ImportValue", ...).
// Known values may be marked sensitive: they take part in evaluation but are never printed.
//
// Values are plain copyable value types. Maps keep their keys sorted, so two values built from
// differently ordered inputs compare equal and print identically.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/location.h"
#include "core/shared_text.h"

namespace ecsguard {

class Value {
 public:
  enum class State : uint8_t { kKnown, kAbsent, kUnknown };
  enum class Type : uint8_t { kNull, kBool, kNumber, kString, kList, kMap };

  // A known null.
  Value() = default;
  Value(const Value& o);
  Value(Value&& o) noexcept = default;
  Value& operator=(const Value& o);
  Value& operator=(Value&& o) noexcept = default;
  ~Value();

  static Value null() { return Value(); }
  static Value boolean(bool b);
  // `text` is the canonical decimal spelling ("512", "0.5"); derived from `n` when empty.
  static Value number(double n, std::string text = {});
  static Value string(std::string s);
  static Value list(std::vector<Value> items = {});
  static Value map();
  static Value absent();
  static Value absent(Value default_value);
  static Value unknown(std::string reason);

  State state() const { return state_; }
  Type type() const { return type_; }
  bool is_known() const { return state_ == State::kKnown; }
  bool is_absent() const { return state_ == State::kAbsent; }
  bool is_unknown() const { return state_ == State::kUnknown; }
  bool is_null() const { return is_known() && type_ == Type::kNull; }
  bool is_bool() const { return is_known() && type_ == Type::kBool; }
  bool is_number() const { return is_known() && type_ == Type::kNumber; }
  bool is_string() const { return is_known() && type_ == Type::kString; }
  bool is_list() const { return is_known() && type_ == Type::kList; }
  bool is_map() const { return is_known() && type_ == Type::kMap; }

  bool as_bool() const { return bool_; }
  double as_number() const { return number_; }
  // String value, number text, or the unknown reason.
  const std::string& text() const { return text_; }
  const std::string& reason() const { return text_; }

  // The AWS default of an absent value, or nullptr when none applies.
  const Value* default_value() const;
  // The value itself when known or unknown; its default when absent with one; else absent.
  Value effective() const;

  bool sensitive() const { return sensitive_; }
  void set_sensitive(bool s) { sensitive_ = s; }
  // Marks this value and everything inside it sensitive.
  void mark_sensitive_deep();

  const SourcePos& pos() const { return pos_; }
  void set_pos(SourcePos pos) { pos_ = std::move(pos); }

  // List items, or map values in key order.
  const std::vector<Value>& items() const;
  std::vector<Value>& items();
  // Map keys, sorted, parallel to items(). Keys are interned: maps with the same keys share
  // their text.
  const std::vector<SharedText>& keys() const;
  std::size_t size() const { return items().size(); }

  void push_back(Value v);
  // Room for n list items or map entries, for readers that know how many are coming.
  void reserve(std::size_t n);

  // Map access. find() returns nullptr when the key is missing (or this is not a map).
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // Inserts or replaces; keeps keys sorted.
  Value& set(std::string_view key, Value v);
  bool erase(std::string_view key);
  // Adds map entries in one pass: `adds` sorted by key, distinct, and none of them in the map.
  void merge_missing(const std::vector<std::pair<std::string_view, const Value*>>& adds);

  // Dotted path access through maps ("log_configuration.log_driver"). Lists are not traversed.
  const Value* find_path(std::string_view path) const;
  // Creates intermediate known maps as needed.
  Value& set_path(std::string_view path, Value v);

  // Canonical one-line rendering: JSON for known values ("<sensitive>" for sensitive ones),
  // "absent", "absent (default <v>)", "unknown (<reason>)".
  std::string render() const;
  // JSON text of a known value (sensitive values are rendered like any other: callers redact).
  std::string to_json() const;

  // Structural equality: state, type, content, sensitivity and defaults; positions are ignored.
  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  State state_ = State::kKnown;
  Type type_ = Type::kNull;
  bool sensitive_ = false;
  bool bool_ = false;
  // A list's items or a map's entries, out of line: most values are scalars, which then pay
  // one pointer rather than two empty vectors.
  struct Entries;
  Entries& entries();

  double number_ = 0;
  std::string text_;
  std::unique_ptr<Entries> entries_;  // lists, maps, and absent values with a default
  SourcePos pos_;
};

struct Value::Entries {
  std::vector<Value> items;
  std::vector<SharedText> keys;  // maps only
  // Absent values only: the default, shared by copies. Kept here rather than in every Value
  // because graphs store few absent values (schema.h) and many values.
  std::shared_ptr<const Value> fallback;
};

inline const std::vector<Value>& Value::items() const {
  static const std::vector<Value> none;
  return entries_ ? entries_->items : none;
}
inline std::vector<Value>& Value::items() { return entries().items; }
inline const Value* Value::default_value() const {
  return entries_ ? entries_->fallback.get() : nullptr;
}
inline const std::vector<SharedText>& Value::keys() const {
  static const std::vector<SharedText> none;
  return entries_ ? entries_->keys : none;
}
inline void Value::push_back(Value v) { entries().items.push_back(std::move(v)); }
inline void Value::reserve(std::size_t n) {
  entries().items.reserve(n);
  if (type_ == Type::kMap) entries().keys.reserve(n);
}
inline Value::Entries& Value::entries() {
  if (!entries_) entries_ = std::make_unique<Entries>();
  return *entries_;
}

const char* to_string(Value::State s);

}  // namespace ecsguard
