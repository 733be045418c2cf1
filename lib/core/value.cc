#include "core/value.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <new>
#include <stdexcept>
#include <unordered_map>

#include "core/strings.h"

namespace ecsguard {

namespace {

template <typename T>
void relocate(T* from, T* to, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    new (to + i) T(std::move(from[i]));
    from[i].~T();
  }
}

}  // namespace

Value::Value(const Value& o)
    : state_(o.state_), type_(o.type_), sensitive_(o.sensitive_), bool_(o.bool_), pos_(o.pos_) {
  if (o.holds_text()) {
    new (&payload_.text) InlineText(o.payload_.text);
  } else if (o.holds_fallback()) {
    set_fallback(o.fallback());
    if (fallback() != nullptr) {
      fallback()->refs.fetch_add(1, std::memory_order_relaxed);
    }
  } else if (o.block() != nullptr && o.block()->size != 0) {
    Block& from = *o.block();
    Block& to = room(from.size);
    // The destructor does not run when a constructor throws: on a failed copy, drop() frees
    // the entries copied so far (`to.size` of them) and the block.
    try {
      for (uint32_t i = 0; i < from.size; ++i) {
        new (to.items() + i) Value(from.items()[i]);
        if (keyed()) new (to.keys() + i) SharedText(from.keys()[i]);  // noexcept
        to.size = i + 1;
      }
    } catch (...) {
      drop();
      throw;
    }
  }
}

Value::Value(Value&& o) noexcept
    : state_(o.state_),
      type_(o.type_),
      sensitive_(o.sensitive_),
      bool_(o.bool_),
      pos_(std::move(o.pos_)) {
  take(o);
}

Value& Value::operator=(const Value& o) {
  if (this != &o) *this = Value(o);
  return *this;
}

Value& Value::operator=(Value&& o) noexcept {
  if (this != &o) {
    drop();
    state_ = o.state_;
    type_ = o.type_;
    sensitive_ = o.sensitive_;
    bool_ = o.bool_;
    pos_ = std::move(o.pos_);
    take(o);
  }
  return *this;
}

void Value::take(Value& o) noexcept {
  if (o.holds_text()) {
    new (&payload_.text) InlineText(std::move(o.payload_.text));
  } else if (o.holds_fallback()) {
    set_fallback(o.fallback());
    o.set_fallback(nullptr);
  } else {
    set_block(o.block());
    o.set_block(nullptr);
  }
}

void Value::drop() noexcept {
  if (holds_text()) {
    payload_.text.~InlineText();
  } else if (holds_fallback()) {
    Fallback* f = fallback();
    if (f != nullptr && f->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete f;
  } else if (block() != nullptr) {
    Block* b = block();
    for (uint32_t i = 0; i < b->size; ++i) b->items()[i].~Value();
    if (keyed()) {
      for (uint32_t i = 0; i < b->size; ++i) b->keys()[i].~SharedText();
    }
    if (!b->in_arena) ::operator delete(b);
  }
  state_ = State::kKnown;
  type_ = Type::kNull;
  set_block(nullptr);
}

Value::Block& Value::room(std::size_t n) {
  Block* old = block();
  if (old != nullptr && n <= old->capacity) return *old;
  if (n > INT32_MAX) throw std::length_error("a list or map of over 2 billion entries");
  Block* b = make_block(n, nullptr);
  if (old != nullptr) move_entries(*old, *b);
  set_block(b);
  return *b;
}

Value::Block* Value::make_block(std::size_t capacity, Arena* arena) const {
  std::size_t each = sizeof(Value) + (keyed() ? sizeof(SharedText) : 0);
  std::size_t bytes = sizeof(Block) + capacity * each;
  auto* b = new (arena != nullptr ? arena->allocate(bytes) : ::operator new(bytes)) Block;
  b->capacity = static_cast<uint32_t>(capacity) & 0x7fffffffu;
  b->in_arena = arena != nullptr;
  return b;
}

void Value::move_entries(Block& from, Block& to) const {
  relocate(from.items(), to.items(), from.size);
  if (keyed()) relocate(from.keys(), to.keys(), from.size);
  to.size = from.size;
  if (!from.in_arena) ::operator delete(&from);
}

void Value::freeze(Arena& arena, ArenaPointers* pointers) {
  freeze(arena, pointers, JsonPointer(), std::string_view());
}

void Value::freeze(Arena& arena, ArenaPointers* pointers, const JsonPointer& parent,
                   std::string_view parent_text) {
  if (holds_text()) payload_.text.move_to(arena);
  // The text of this value's pointer stays where it is while the entries are moved (the arena
  // or ArenaPointers keeps it): they may go on from it.
  std::string_view own = ArenaPointers::whole_text(pos_.pointer);
  if (pointers != nullptr) pointers->move(pos_.pointer, parent, parent_text);
  if (!holds_block() || block() == nullptr) return;
  Block* old = block();
  for (auto& item : items()) item.freeze(arena, pointers, pos_.pointer, own);
  if (old->in_arena) return;
  if (old->size == 0) {
    ::operator delete(old);
    set_block(nullptr);
    return;
  }
  Block* b = make_block(old->size, &arena);
  move_entries(*old, *b);
  set_block(b);
}

Value Value::boolean(bool b) {
  Value v;
  v.type_ = Type::kBool;
  v.bool_ = b;
  return v;
}

Value Value::number(double n, std::string_view text) {
  Value v;
  new (&v.payload_.text) InlineText(text.empty() ? std::string_view(format_number(n)) : text);
  v.type_ = Type::kNumber;
  return v;
}

Value Value::string(std::string_view s) {
  Value v;
  new (&v.payload_.text) InlineText(s);
  v.type_ = Type::kString;
  return v;
}

double Value::as_number() const {
  if (!is_number()) return 0;
  std::string_view t = payload_.text.view();
  double d = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (ec == std::errc() && end == t.data() + t.size()) return d;
  // Past a double's range ("1e999" reads as infinity, as strtod has it), or "null".
  if (t == "null") return std::numeric_limits<double>::quiet_NaN();
  return std::strtod(std::string(t).c_str(), nullptr);
}

Value Value::list(std::vector<Value> items) {
  Value v;
  v.type_ = Type::kList;
  if (!items.empty()) {
    Block& b = v.room(items.size());
    for (auto& item : items) new (b.items() + b.size++) Value(std::move(item));
  }
  return v;
}

Value Value::map() {
  Value v;
  v.type_ = Type::kMap;
  return v;
}

Value Value::absent() {
  Value v;
  v.state_ = State::kAbsent;
  v.set_fallback(nullptr);
  return v;
}

Value Value::absent(Value default_value) {
  Value v = absent();
  default_value.pos_ = SourcePos{};
  auto* f = new Fallback;
  f->value = std::move(default_value);
  v.set_fallback(f);
  return v;
}

Value Value::unknown(std::string_view reason) {
  Value v;
  new (&v.payload_.text) InlineText(reason);
  v.state_ = State::kUnknown;
  return v;
}

Value Value::effective() const {
  if (is_absent() && default_value() != nullptr) return *default_value();
  return *this;
}

void Value::mark_sensitive_deep() {
  sensitive_ = true;
  for (auto& item : items()) item.mark_sensitive_deep();
}

void Value::push_back(Value v) {
  if (!holds_block()) *this = Value::list();
  std::size_t size = this->size();
  Block& b =
      room(size < (block() ? block()->capacity : 0) ? size + 1
                                                    : std::max<std::size_t>(size + 1, 2 * size));
  new (b.items() + b.size) Value(std::move(v));
  if (keyed()) new (b.keys() + b.size) SharedText();
  ++b.size;
}

void Value::reserve(std::size_t n) {
  if (holds_block()) room(n);
}

namespace {
struct KeyLess {
  bool operator()(const SharedText& a, std::string_view b) const { return a.view() < b; }
};

// The one copy of a map key on this thread. The same few hundred keys (attribute names, the
// fields of container definitions) recur in every resource; sharing them saves an allocation per
// entry and most of the entry's memory. Per thread, so readers running in parallel never
// wait for each other; bounded, because keys can also be user data (tags).
SharedText intern_key(std::string_view key) {
  constexpr std::size_t kMaxKeys = 1 << 16;
  thread_local std::unordered_map<std::string_view, SharedText> keys;
  auto it = keys.find(key);
  if (it != keys.end()) return it->second;
  SharedText text(key);
  if (keys.size() < kMaxKeys) keys.emplace(text.view(), text);
  return text;
}
}  // namespace

const Value* Value::find(std::string_view key) const {
  if (type_ != Type::kMap || state_ != State::kKnown) return nullptr;
  Span<const SharedText> keys = this->keys();
  auto it = std::lower_bound(keys.begin(), keys.end(), key, KeyLess{});
  if (it == keys.end() || *it != key) return nullptr;
  return &block()->items()[static_cast<std::size_t>(it - keys.begin())];
}

Value* Value::find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->find(key));
}

Value& Value::set(std::string_view key, Value v) {
  if (!is_map()) {
    SourcePos at = std::move(pos_);
    *this = Value::map();
    pos_ = std::move(at);
  }
  // Readers mostly build maps in key order: appending is amortised O(1) per key, where inserting
  // in the middle moves every later key and value.
  std::size_t size = this->size();
  std::size_t capacity = block() != nullptr ? block()->capacity : 0;
  Span<const SharedText> keys = this->keys();
  std::size_t idx = size;
  if (size != 0 && !(keys[size - 1].view() < key)) {
    idx = static_cast<std::size_t>(std::lower_bound(keys.begin(), keys.end(), key, KeyLess{}) -
                                   keys.begin());
    if (keys[idx] == key) return block()->items()[idx] = std::move(v);
  }
  SharedText interned = intern_key(key);  // before `key` could move with the block
  Block& b = room(size < capacity ? size + 1 : std::max<std::size_t>(size + 1, 2 * size));
  new (b.items() + size) Value(std::move(v));
  new (b.keys() + size) SharedText(std::move(interned));
  ++b.size;
  if (idx != size) {
    std::rotate(b.items() + idx, b.items() + size, b.items() + size + 1);
    std::rotate(b.keys() + idx, b.keys() + size, b.keys() + size + 1);
  }
  return b.items()[idx];
}

void Value::merge_missing(const std::vector<std::pair<std::string_view, const Value*>>& adds) {
  if (adds.empty()) return;
  if (!is_map()) *this = Value::map();
  // The merged entries go to a new block; the old one, its entries moved out, is dropped.
  Value merged = Value::map();
  Block& to = merged.room(size() + adds.size());
  Span<Value> items = this->items();
  SharedText* keys = items.empty() ? nullptr : block()->keys();
  std::size_t i = 0;
  auto put = [&to](SharedText key, Value value) {
    new (to.items() + to.size) Value(std::move(value));
    new (to.keys() + to.size) SharedText(std::move(key));
    ++to.size;
  };
  for (const auto& [key, value] : adds) {
    for (; i < items.size() && keys[i].view() < key; ++i) {
      put(std::move(keys[i]), std::move(items[i]));
    }
    put(intern_key(key), *value);
  }
  for (; i < items.size(); ++i) put(std::move(keys[i]), std::move(items[i]));
  Block* mine = block();
  set_block(merged.block());
  merged.set_block(mine);
}

bool Value::erase(std::string_view key) {
  if (!is_map() || size() == 0) return false;
  Block& b = *block();
  Span<const SharedText> keys = this->keys();
  auto it = std::lower_bound(keys.begin(), keys.end(), key, KeyLess{});
  if (it == keys.end() || *it != key) return false;
  auto idx = static_cast<std::size_t>(it - keys.begin());
  std::move(b.items() + idx + 1, b.items() + b.size, b.items() + idx);
  std::move(b.keys() + idx + 1, b.keys() + b.size, b.keys() + idx);
  --b.size;
  b.items()[b.size].~Value();
  b.keys()[b.size].~SharedText();
  return true;
}

const Value* Value::find_path(std::string_view path) const {
  const Value* cur = this;
  while (cur != nullptr) {
    auto dot = path.find('.');
    cur = cur->find(path.substr(0, dot));
    if (dot == std::string_view::npos) return cur;
    path.remove_prefix(dot + 1);
  }
  return nullptr;
}

Value& Value::set_path(std::string_view path, Value v) {
  Value* cur = this;
  for (;;) {
    auto dot = path.find('.');
    if (dot == std::string_view::npos) return cur->set(path, std::move(v));
    std::string_view head = path.substr(0, dot);
    Value* next = cur->find(head);
    if (next == nullptr || !next->is_map()) next = &cur->set(head, Value::map());
    cur = next;
    path.remove_prefix(dot + 1);
  }
}

std::string Value::to_json() const {
  std::string out;
  switch (type_) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return bool_ ? "true" : "false";
    case Type::kNumber:
      return std::string(text());
    case Type::kString:
      return json_quote(text());
    case Type::kList: {
      out = "[";
      for (std::size_t i = 0; i < items().size(); ++i) {
        if (i) out += ',';
        out += items()[i].render();
      }
      return out + "]";
    }
    case Type::kMap: {
      out = "{";
      for (std::size_t i = 0; i < items().size(); ++i) {
        if (i) out += ',';
        append_json_string(out, keys()[i]);
        out += ':';
        out += items()[i].render();
      }
      return out + "}";
    }
  }
  return out;
}

std::string Value::render() const {
  switch (state_) {
    case State::kAbsent:
      return default_value() != nullptr ? "absent (default " + default_value()->render() + ")"
                                        : "absent";
    case State::kUnknown:
      return "unknown (" + std::string(text()) + ")";
    case State::kKnown:
      break;
  }
  if (sensitive_) return "<sensitive>";
  return to_json();
}

bool operator==(const Value& a, const Value& b) {
  if (a.state_ != b.state_ || a.type_ != b.type_ || a.sensitive_ != b.sensitive_) return false;
  if (a.state_ == Value::State::kAbsent) {
    const Value* x = a.default_value();
    const Value* y = b.default_value();
    if (x == nullptr || y == nullptr) return x == nullptr && y == nullptr;
    return *x == *y;
  }
  if (a.state_ == Value::State::kUnknown) return true;  // reasons differ between formats
  switch (a.type_) {
    case Value::Type::kNull:
      return true;
    case Value::Type::kBool:
      return a.bool_ == b.bool_;
    case Value::Type::kNumber:
      return a.as_number() == b.as_number();
    case Value::Type::kString:
      return a.text() == b.text();
    case Value::Type::kList:
      return a.items() == b.items();
    case Value::Type::kMap:
      return a.keys() == b.keys() && a.items() == b.items();
  }
  return false;
}

const char* to_string(Value::State s) {
  switch (s) {
    case Value::State::kKnown:
      return "known";
    case Value::State::kAbsent:
      return "absent";
    case Value::State::kUnknown:
      return "unknown";
  }
  return "known";
}

}  // namespace ecsguard
