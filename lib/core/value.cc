#include "core/value.h"

#include <algorithm>
#include <unordered_map>

#include "core/strings.h"

namespace ecsguard {

Value::Value(const Value& o)
    : state_(o.state_),
      type_(o.type_),
      sensitive_(o.sensitive_),
      bool_(o.bool_),
      number_(o.number_),
      text_(o.text_),
      entries_(o.entries_ ? std::make_unique<Entries>(*o.entries_) : nullptr),
      pos_(o.pos_) {}

Value& Value::operator=(const Value& o) {
  if (this != &o) *this = Value(o);
  return *this;
}

Value::~Value() = default;

Value Value::boolean(bool b) {
  Value v;
  v.type_ = Type::kBool;
  v.bool_ = b;
  return v;
}

Value Value::number(double n, std::string text) {
  Value v;
  v.type_ = Type::kNumber;
  v.number_ = n;
  v.text_ = text.empty() ? format_number(n) : std::move(text);
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.type_ = Type::kString;
  v.text_ = std::move(s);
  return v;
}

Value Value::list(std::vector<Value> items) {
  Value v;
  v.type_ = Type::kList;
  if (!items.empty()) v.entries().items = std::move(items);
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
  return v;
}

Value Value::absent(Value default_value) {
  Value v = absent();
  default_value.pos_ = SourcePos{};
  v.entries().fallback = std::make_shared<const Value>(std::move(default_value));
  return v;
}

Value Value::unknown(std::string reason) {
  Value v;
  v.state_ = State::kUnknown;
  v.text_ = std::move(reason);
  return v;
}

Value Value::effective() const {
  if (is_absent() && default_value() != nullptr) return *default_value();
  return *this;
}

void Value::mark_sensitive_deep() {
  sensitive_ = true;
  if (entries_) {
    for (auto& item : entries_->items) item.mark_sensitive_deep();
  }
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
  const auto& keys = this->keys();
  auto it = std::lower_bound(keys.begin(), keys.end(), key, KeyLess{});
  if (it == keys.end() || *it != key) return nullptr;
  return &items()[static_cast<std::size_t>(it - keys.begin())];
}

Value* Value::find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->find(key));
}

Value& Value::set(std::string_view key, Value v) {
  // Readers mostly build maps in key order: appending is amortised O(1) per key, where inserting
  // in the middle moves every later key and value.
  Entries& e = entries();
  auto& entry_keys = e.keys;
  auto& entry_items = e.items;
  if (entry_keys.empty() || entry_keys.back().view() < key) {
    entry_keys.push_back(intern_key(key));
    entry_items.push_back(std::move(v));
    return entry_items.back();
  }
  auto it = std::lower_bound(entry_keys.begin(), entry_keys.end(), key, KeyLess{});
  auto idx = static_cast<std::size_t>(it - entry_keys.begin());
  if (it != entry_keys.end() && *it == key) {
    entry_items[idx] = std::move(v);
  } else {
    entry_keys.insert(it, intern_key(key));
    entry_items.insert(entry_items.begin() + static_cast<std::ptrdiff_t>(idx), std::move(v));
  }
  return entry_items[idx];
}

void Value::merge_missing(const std::vector<std::pair<std::string_view, const Value*>>& adds) {
  if (adds.empty()) return;
  Entries& e = entries();
  auto& entry_keys = e.keys;
  auto& entry_items = e.items;
  std::vector<SharedText> keys;
  std::vector<Value> items;
  keys.reserve(entry_keys.size() + adds.size());
  items.reserve(entry_keys.size() + adds.size());
  std::size_t i = 0;
  for (const auto& [key, value] : adds) {
    for (; i < entry_keys.size() && entry_keys[i].view() < key; ++i) {
      keys.push_back(std::move(entry_keys[i]));
      items.push_back(std::move(entry_items[i]));
    }
    keys.push_back(intern_key(key));
    items.push_back(*value);
  }
  for (; i < entry_keys.size(); ++i) {
    keys.push_back(std::move(entry_keys[i]));
    items.push_back(std::move(entry_items[i]));
  }
  entry_keys = std::move(keys);
  entry_items = std::move(items);
}

bool Value::erase(std::string_view key) {
  if (!entries_) return false;
  auto& entry_keys = entries_->keys;
  auto& entry_items = entries_->items;
  auto it = std::lower_bound(entry_keys.begin(), entry_keys.end(), key, KeyLess{});
  if (it == entry_keys.end() || *it != key) return false;
  auto idx = it - entry_keys.begin();
  entry_keys.erase(it);
  entry_items.erase(entry_items.begin() + idx);
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
      return text_;
    case Type::kString:
      return json_quote(text_);
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
      return "unknown (" + text_ + ")";
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
      return a.number_ == b.number_;
    case Value::Type::kString:
      return a.text_ == b.text_;
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
