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

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/arena.h"
#include "core/inline_text.h"
#include "core/location.h"
#include "core/shared_text.h"
#include "core/span.h"

namespace ecsguard {

class Value {
 public:
  enum class State : uint8_t { kKnown, kAbsent, kUnknown };
  enum class Type : uint8_t { kNull, kBool, kNumber, kString, kList, kMap };

  // A known null.
  Value() = default;
  Value(const Value& o);
  Value(Value&& o) noexcept;
  Value& operator=(const Value& o);
  Value& operator=(Value&& o) noexcept;
  ~Value() { drop(); }

  static Value null() { return Value(); }
  static Value boolean(bool b);
  // `text` is the canonical decimal spelling ("512", "0.5"); derived from `n` when empty.
  static Value number(double n, std::string_view text = {});
  static Value string(std::string_view s);
  static Value list(std::vector<Value> items = {});
  static Value map();
  static Value absent();
  static Value absent(Value default_value);
  static Value unknown(std::string_view reason);

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
  // A number's value, read from its spelling (0 for any other value). A number made from a
  // value that is not finite is spelt "null", as JSON has it, and reads back as NaN.
  double as_number() const;
  // String value, number text, or the unknown reason.
  std::string_view text() const { return holds_text() ? payload_.text.view() : std::string_view(); }
  std::string_view reason() const { return text(); }

  // The AWS default of an absent value, or nullptr when none applies.
  const Value* default_value() const;
  // The value itself when known or unknown; its default when absent with one; else absent.
  Value effective() const;

  bool sensitive() const { return sensitive_; }
  void set_sensitive(bool s) { sensitive_ = s; }
  // Marks this value and everything inside it sensitive.
  void mark_sensitive_deep();

  // Moves what this value and everything inside it keep on the heap (the entries of lists and
  // maps, long texts) into `arena`, each container's entries in a block of exactly their number,
  // and with `pointers`, the JSON pointers of their positions (into its arena: an entry's
  // pointer as a link from its container's, where it goes on from it). The arena must
  // outlive the value and every value moved from it, and every copy of a pointer moved; copies
  // of values are the heap's, as always. Defaults of absent values and map keys stay where they
  // are.
  void freeze(Arena& arena, ArenaPointers* pointers = nullptr);

  const SourcePos& pos() const { return pos_; }
  void set_pos(SourcePos pos) { pos_ = std::move(pos); }

  // List items, or map values in key order.
  Span<const Value> items() const;
  Span<Value> items();
  // Map keys, sorted, parallel to items(). Keys are interned: maps with the same keys share
  // their text.
  Span<const SharedText> keys() const;
  std::size_t size() const;

  void push_back(Value v);
  // Room for n list items or map entries, for readers that know how many are coming.
  void reserve(std::size_t n);

  // Map access. find() returns nullptr when the key is missing (or this is not a map).
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // Inserts or replaces; keeps keys sorted. A value that is not a known map becomes an empty one
  // first.
  Value& set(std::string_view key, Value v);
  bool erase(std::string_view key);
  // Keeps the map entries for which keep(key, value) is true, in one pass (`keep` may change the
  // value it is shown, not the key); a no-op on other values.
  template <class Keep>
  void retain(Keep&& keep);
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
  // A list's items, or a map's items and then its keys, in one block after this header: most
  // values are scalars, which pay one word for it; a container pays one allocation.
  struct Block;
  // An absent value's default, shared by its copies.
  struct Fallback;

  // What payload_ holds: an absent value's fallback; the text of a string, of a number (its
  // spelling) or of an unknown value (its reason); or, for every other value, a block.
  bool holds_fallback() const { return state_ == State::kAbsent; }
  bool holds_text() const {
    return state_ == State::kUnknown ||
           (state_ == State::kKnown && (type_ == Type::kString || type_ == Type::kNumber));
  }
  bool holds_block() const { return !holds_fallback() && !holds_text(); }
  bool keyed() const { return type_ == Type::kMap; }
  // Room for `n` entries in total; returns the block.
  Block& room(std::size_t n);
  // An empty block for `capacity` entries of this value's kind, from `arena` or the heap.
  Block* make_block(std::size_t capacity, Arena* arena) const;
  // Moves the entries of `from` into `to` (which has room for them) and frees `from`.
  void move_entries(Block& from, Block& to) const;
  // Frees what the value holds and leaves it a known null.
  void drop() noexcept;
  // freeze() of an entry of a container whose pointer, moved, is `parent` and was `parent_text`.
  void freeze(Arena& arena, ArenaPointers* pointers, const JsonPointer& parent,
              std::string_view parent_text);
  // Takes what `o` holds (this value's payload holds nothing yet, its state is `o`'s): `o` is
  // left with a null block or fallback, or an empty text.
  void take(Value& o) noexcept;

  // One of three, as holds_*() say: values are many, and each needs one of them at most. It
  // follows the state's 4 bytes, so the value's first 16 bytes hold both; a block's or
  // fallback's address is in its last 8 bytes, aligned there, as InlineText keeps its own.
  union Payload {
    Payload() noexcept : raw{} {}
    ~Payload() {}  // Value's destructor destroys the member in use
    unsigned char raw[sizeof(InlineText)];
    InlineText text;
  };
  Block* block() const { return address<Block>(); }
  Fallback* fallback() const { return address<Fallback>(); }
  void set_block(Block* b) { std::memcpy(payload_.raw + kAddress, &b, sizeof b); }
  void set_fallback(Fallback* f) { std::memcpy(payload_.raw + kAddress, &f, sizeof f); }
  static constexpr std::size_t kAddress = sizeof(InlineText) - sizeof(void*);
  template <class T>
  T* address() const {
    T* p;
    std::memcpy(&p, payload_.raw + kAddress, sizeof p);
    return p;
  }

  State state_ = State::kKnown;
  Type type_ = Type::kNull;
  bool sensitive_ = false;
  bool bool_ = false;
  Payload payload_;
  SourcePos pos_;
};

struct Value::Block {
  uint32_t size = 0;
  uint32_t capacity : 31;
  uint32_t in_arena : 1;  // the block is an arena's, which gives it back: not freed

  Value* items() { return reinterpret_cast<Value*>(this + 1); }
  SharedText* keys() { return reinterpret_cast<SharedText*>(items() + capacity); }
};

template <class Keep>
void Value::retain(Keep&& keep) {
  if (!is_map() || size() == 0) return;
  Block& b = *block();
  std::size_t kept = 0;
  for (std::size_t i = 0; i < b.size; ++i) {
    if (!keep(static_cast<const SharedText&>(b.keys()[i]), b.items()[i])) continue;
    if (kept != i) {
      b.items()[kept] = std::move(b.items()[i]);
      b.keys()[kept] = std::move(b.keys()[i]);
    }
    ++kept;
  }
  for (std::size_t i = kept; i < b.size; ++i) {
    b.items()[i].~Value();
    b.keys()[i].~SharedText();
  }
  b.size = static_cast<uint32_t>(kept);
}

struct Value::Fallback {
  std::atomic<uint32_t> refs{1};
  Value value;
};

inline const Value* Value::default_value() const {
  return holds_fallback() && fallback() != nullptr ? &fallback()->value : nullptr;
}
inline std::size_t Value::size() const {
  return holds_block() && block() != nullptr ? block()->size : 0;
}
inline Span<const Value> Value::items() const {
  if (!holds_block() || block() == nullptr) return {};
  return {block()->items(), block()->size};
}
inline Span<Value> Value::items() {
  if (!holds_block() || block() == nullptr) return {};
  return {block()->items(), block()->size};
}
inline Span<const SharedText> Value::keys() const {
  if (!keyed() || !holds_block() || block() == nullptr) return {};
  return {block()->keys(), block()->size};
}

const char* to_string(Value::State s);

}  // namespace ecsguard
