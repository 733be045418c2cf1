#include "core/value.h"

#include <algorithm>
#include <unordered_map>

#include "core/strings.h"

namespace ecsguard {

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
  v.items_ = std::move(items);
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
  v.default_ = std::make_shared<const Value>(std::move(default_value));
  return v;
}

Value Value::unknown(std::string reason) {
  Value v;
  v.state_ = State::kUnknown;
  v.text_ = std::move(reason);
  return v;
}

Value Value::effective() const {
  if (is_absent() && default_) return *default_;
  return *this;
}

void Value::mark_sensitive_deep() {
  sensitive_ = true;
  for (auto& item : items_) item.mark_sensitive_deep();
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
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key, KeyLess{});
  if (it == keys_.end() || *it != key) return nullptr;
  return &items_[static_cast<std::size_t>(it - keys_.begin())];
}

Value* Value::find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->find(key));
}

Value& Value::set(std::string_view key, Value v) {
  // Readers mostly build maps in key order: appending is amortised O(1) per key, where inserting
  // in the middle moves every later key and value.
  if (keys_.empty() || keys_.back().view() < key) {
    keys_.push_back(intern_key(key));
    items_.push_back(std::move(v));
    return items_.back();
  }
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key, KeyLess{});
  auto idx = static_cast<std::size_t>(it - keys_.begin());
  if (it != keys_.end() && *it == key) {
    items_[idx] = std::move(v);
  } else {
    keys_.insert(it, intern_key(key));
    items_.insert(items_.begin() + static_cast<std::ptrdiff_t>(idx), std::move(v));
  }
  return items_[idx];
}

void Value::merge_missing(const std::vector<std::pair<std::string_view, const Value*>>& adds) {
  if (adds.empty()) return;
  std::vector<SharedText> keys;
  std::vector<Value> items;
  keys.reserve(keys_.size() + adds.size());
  items.reserve(keys_.size() + adds.size());
  std::size_t i = 0;
  for (const auto& [key, value] : adds) {
    for (; i < keys_.size() && keys_[i].view() < key; ++i) {
      keys.push_back(std::move(keys_[i]));
      items.push_back(std::move(items_[i]));
    }
    keys.push_back(intern_key(key));
    items.push_back(*value);
  }
  for (; i < keys_.size(); ++i) {
    keys.push_back(std::move(keys_[i]));
    items.push_back(std::move(items_[i]));
  }
  keys_ = std::move(keys);
  items_ = std::move(items);
}

bool Value::erase(std::string_view key) {
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key, KeyLess{});
  if (it == keys_.end() || *it != key) return false;
  auto idx = it - keys_.begin();
  keys_.erase(it);
  items_.erase(items_.begin() + idx);
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
      for (std::size_t i = 0; i < items_.size(); ++i) {
        if (i) out += ',';
        out += items_[i].render();
      }
      return out + "]";
    }
    case Type::kMap: {
      out = "{";
      for (std::size_t i = 0; i < items_.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, keys_[i]);
        out += ':';
        out += items_[i].render();
      }
      return out + "}";
    }
  }
  return out;
}

std::string Value::render() const {
  switch (state_) {
    case State::kAbsent:
      return default_ ? "absent (default " + default_->render() + ")" : "absent";
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
    if (!a.default_ || !b.default_) return !a.default_ && !b.default_;
    return *a.default_ == *b.default_;
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
      return a.items_ == b.items_;
    case Value::Type::kMap:
      return a.keys_ == b.keys_ && a.items_ == b.items_;
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
