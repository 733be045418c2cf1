#include "terraform/plan_index.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/both.h"
#include "core/location.h"
#include "read/json_scan.h"

namespace ecsguard::terraform {

namespace {

enum class Ctx : uint8_t {
  kOther,
  kRoot,
  kResourceChanges,  // array
  kChangeEntry,
  kPlannedValues,
  kStateValues,
  kModule,          // planned_values/values module object
  kModuleResources, // array
  kChildModules,    // array
  kValueEntry,
  kConfiguration,
  kConfigModule,
  kConfigResources,  // array
  kConfigResourceEntry,
  kConfigCalls,      // object: call name → call
  kConfigCall,
};

struct Frame {
  Ctx ctx = Ctx::kOther;
  bool is_array = false;
  std::size_t index = 0;  // next array index
  std::string key;        // current member name of an object
  std::size_t begin = 0;
  std::string module_path;  // configuration modules and calls
  // Captured scalar members of resource entries.
  std::string address, type, mode;
  bool deposed = false;
};

// The JSON type a structural member must have, by the context of the object holding it.
const char* expected_type(Ctx parent, std::string_view key) {
  switch (parent) {
    case Ctx::kRoot:
      if (key == "resource_changes") return "array";
      if (key == "planned_values" || key == "configuration" || key == "values") return "object";
      if (key == "format_version" || key == "terraform_version") return "string";
      return nullptr;
    case Ctx::kPlannedValues:
    case Ctx::kStateValues:
    case Ctx::kConfiguration:
      return key == "root_module" ? "object" : nullptr;
    case Ctx::kModule:
      if (key == "resources" || key == "child_modules") return "array";
      return nullptr;
    case Ctx::kConfigModule:
      if (key == "resources") return "array";
      if (key == "module_calls" || key == "outputs") return "object";
      return nullptr;
    case Ctx::kChangeEntry:
    case Ctx::kValueEntry:
    case Ctx::kConfigResourceEntry:
      if (key == "address" || key == "type" || key == "mode") return "string";
      return nullptr;
    default:
      return nullptr;
  }
}

class Indexer : public nlohmann::json_sax<nlohmann::json> {
 public:
  Indexer(std::string_view data, const char** cursor, TypeFilter modelled,
          const Limits& limits, const Deadline& deadline, PlanIndex& index)
      : data_(data), cursor_(cursor), modelled_(modelled), limits_(limits), deadline_(deadline),
        index_(index), lines_(data) {}

  bool null() override { return typed_scalar("null"); }
  bool boolean(bool) override { return typed_scalar("boolean"); }
  bool number_integer(number_integer_t) override { return typed_scalar("number"); }
  bool number_unsigned(number_unsigned_t) override { return typed_scalar("number"); }
  bool number_float(number_float_t, const string_t&) override { return typed_scalar("number"); }
  bool binary(binary_t&) override { return false; }

  bool string(string_t& val) override {
    check_type("string", string_token_start(data_.data(), *cursor_));
    if (!stack_.empty()) {
      Frame& f = stack_.back();
      std::string_view key = f.key;  // compared by length first
      if (f.ctx == Ctx::kChangeEntry || f.ctx == Ctx::kValueEntry ||
          f.ctx == Ctx::kConfigResourceEntry) {
        if (key == "address") {
          f.address = val;
        } else if (key == "type") {
          f.type = val;
        } else if (key == "mode") {
          f.mode = val;
        } else if (key == "deposed") {
          f.deposed = true;
        }
      } else if (f.ctx == Ctx::kConfigCall && key == "source") {
        index_.module_sources[f.module_path] = val;
      } else if (f.ctx == Ctx::kRoot) {
        if (key == "format_version") {
          index_.format_version = val;
          read_format_version_ = true;
        }
        if (key == "terraform_version") {
          index_.terraform_version = val;
          read_terraform_version_ = true;
        }
      }
    }
    return scalar();
  }

  bool key(string_t& val) override {
    Frame& f = stack_.back();
    f.key = val;
    if (f.ctx == Ctx::kRoot) index_.top_keys.push_back(val);
    return true;
  }

  bool start_object(std::size_t) override { return open(false); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override {
    // Point at the start of the offending token when nlohmann quotes it verbatim.
    bool verbatim = !last_token.empty() && last_token.find('<') == std::string::npos &&
                    std::string(ex.what()).find("invalid literal") != std::string::npos;
    std::size_t back = verbatim ? last_token.size() : 1;
    error_offset_ = position >= back ? position - back : 0;
    error_ = clean_parse_error(ex.what());
    return false;
  }

  // Records that the time limit passed at the read position.
  void timed_out() {
    error_offset_ = offset();
    error_ = "reading took longer than " + std::to_string(limits_.time_ms) + " ms " +
             limit_note("time_ms", limits_.time_ms);
    limit_ = "time_ms";
  }

  // Whether the container just opened is of no interest: nothing inside a kOther container is
  // read, so the fast reader only validates it.
  bool skipping() const { return !stack_.empty() && stack_.back().ctx == Ctx::kOther; }

  // Whether a root "format_version" / "terraform_version" string was read.
  bool read_format_version() const { return read_format_version_; }
  bool read_terraform_version() const { return read_terraform_version_; }

  // Makes the scan stop, reporting reached_stop(), when a resource_changes entry starts at
  // `offset`: where a second indexer took over (see index_plan).
  void stop_at(std::size_t offset) { stop_at_ = offset; }
  bool reached_stop() const { return reached_stop_; }
  // The resource_changes items before the stop.
  std::size_t items_before_stop() const { return items_before_stop_; }
  // Sets up the state the document is in at the start of a resource_changes item at `offset`:
  // the root object, inside its "resource_changes" array. Lines count from 1 at `offset`.
  void resume_in_resource_changes(std::size_t offset) {
    Frame root;
    root.ctx = Ctx::kRoot;
    root.key = "resource_changes";
    Frame changes;
    changes.ctx = Ctx::kResourceChanges;
    changes.is_array = true;
    changes.begin = offset;
    stack_ = {std::move(root), std::move(changes)};
    lines_ = LineCounter(data_, offset, 1, offset);
  }
  // The line at `offset` and the offset its line starts at.
  void line_at(std::size_t offset, uint32_t& line, std::size_t& line_start) {
    uint32_t column = 0;
    lines_.at(offset, line, column);
    line_start = lines_.line_start();
  }

  const char** cursor() const { return cursor_; }
  const std::string& limit() const { return limit_; }
  const std::string& error() const { return error_; }
  std::size_t error_offset() const { return error_offset_; }

 private:
  bool scalar() {
    if (!stack_.empty() && stack_.back().is_array) ++stack_.back().index;
    return in_time();
  }

  // Checks the deadline every 64k events (a clock read costs about as much as a few events).
  bool in_time() {
    if ((++events_ & 0xffff) != 0 || !deadline_.passed()) return true;
    timed_out();
    return false;
  }


  bool typed_scalar(const char* type) {
    const char* start = *cursor_;
    while (start > data_.data() && start[-1] != ',' && start[-1] != ':' && start[-1] != '[' &&
           start[-1] != ' ' && start[-1] != '\n' && start[-1] != '\t' && start[-1] != '\r') {
      --start;
    }
    check_type(type, start);
    return scalar();
  }

  // Records a structural member of the wrong JSON type.
  void check_type(const char* found, const char* at) {
    if (stack_.empty() || stack_.back().is_array) return;
    const Frame& parent = stack_.back();
    const char* expected = expected_type(parent.ctx, parent.key);
    if (expected == nullptr || std::string_view(expected) == found) return;
    index_.type_errors.push_back(
        {static_cast<std::size_t>(at - data_.data()),
         "\"" + parent.key + "\" must be " + (expected[0] == 'a' || expected[0] == 'o' ? "an " : "a ") +
             expected + ", found " + (found[0] == 'a' || found[0] == 'o' ? "an " : "a ") + found});
  }

  Ctx child_ctx(bool is_array) const {
    if (stack_.empty()) return is_array ? Ctx::kOther : Ctx::kRoot;
    const Frame& p = stack_.back();
    std::string_view k = p.key;
    switch (p.ctx) {
      case Ctx::kRoot:
        if (k == "resource_changes" && is_array) return Ctx::kResourceChanges;
        if (k == "planned_values" && !is_array) return Ctx::kPlannedValues;
        if (k == "values" && !is_array) return Ctx::kStateValues;
        if (k == "configuration" && !is_array) return Ctx::kConfiguration;
        return Ctx::kOther;
      case Ctx::kResourceChanges:
        return is_array ? Ctx::kOther : Ctx::kChangeEntry;
      case Ctx::kPlannedValues:
      case Ctx::kStateValues:
        return (k == "root_module" && !is_array) ? Ctx::kModule : Ctx::kOther;
      case Ctx::kModule:
        if (k == "resources" && is_array) return Ctx::kModuleResources;
        if (k == "child_modules" && is_array) return Ctx::kChildModules;
        return Ctx::kOther;
      case Ctx::kModuleResources:
        return is_array ? Ctx::kOther : Ctx::kValueEntry;
      case Ctx::kChildModules:
        return is_array ? Ctx::kOther : Ctx::kModule;
      case Ctx::kConfiguration:
        return (k == "root_module" && !is_array) ? Ctx::kConfigModule : Ctx::kOther;
      case Ctx::kConfigModule:
        if (k == "resources" && is_array) return Ctx::kConfigResources;
        if (k == "module_calls" && !is_array) return Ctx::kConfigCalls;
        return Ctx::kOther;
      case Ctx::kConfigResources:
        return is_array ? Ctx::kOther : Ctx::kConfigResourceEntry;
      case Ctx::kConfigCalls:
        return is_array ? Ctx::kOther : Ctx::kConfigCall;
      case Ctx::kConfigCall:
        return (k == "module" && !is_array) ? Ctx::kConfigModule : Ctx::kOther;
      default:
        return Ctx::kOther;
    }
  }

  bool open(bool is_array) {
    if (offset() - 1 == stop_at_ && stack_.size() == 2 &&
        stack_.back().ctx == Ctx::kResourceChanges) {
      reached_stop_ = true;
      items_before_stop_ = stack_.back().index;
      return false;
    }
    if (stack_.size() >= limits_.depth) {
      error_offset_ = offset() - 1;
      error_ = "nesting deeper than " + std::to_string(limits_.depth) + " levels " +
               limit_note("depth", limits_.depth);
      limit_ = "depth";
      return false;
    }
    if (!in_time()) return false;
    check_type(is_array ? "array" : "object", *cursor_ - 1);
    Frame f;
    f.ctx = child_ctx(is_array);
    f.is_array = is_array;
    f.begin = offset() - 1;
    if (!stack_.empty()) {
      const Frame& p = stack_.back();
      if (f.ctx == Ctx::kConfigModule && p.ctx == Ctx::kConfigCall) {
        f.module_path = p.module_path;
      } else if (f.ctx == Ctx::kConfigCall) {
        const std::string& parent = p.module_path;
        f.module_path = (parent.empty() ? "" : parent + ".") + "module." + p.key;
        f.key.clear();
      } else {
        f.module_path = p.module_path;
      }
      if (f.ctx == Ctx::kConfigCalls) f.module_path = p.module_path;
    }
    switch (f.ctx) {
      case Ctx::kRoot:
        index_.top_is_object = true;
        break;
      case Ctx::kResourceChanges:
        index_.has_resource_changes = true;
        break;
      case Ctx::kPlannedValues:
        index_.has_planned_values = true;
        break;
      case Ctx::kStateValues:
        index_.has_state_values = true;
        break;
      case Ctx::kConfiguration:
        index_.has_configuration = true;
        break;
      case Ctx::kConfigModule:
        index_.config[f.module_path];
        break;
      default:
        break;
    }
    stack_.push_back(std::move(f));
    return true;
  }

  std::string pointer() const {
    std::string p;
    for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
      const Frame& f = stack_[i];
      p = f.is_array ? pointer_append(p, f.index) : pointer_append(p, f.key);
    }
    return p;
  }

  Range range_of(const Frame& f) {
    Range r;
    r.begin = f.begin;
    r.end = offset();
    uint32_t col = 0;
    lines_.at(r.begin, r.line, col);
    r.line_start = lines_.line_start();
    r.pointer = pointer();
    return r;
  }

  bool close() {
    Frame& f = stack_.back();
    switch (f.ctx) {
      case Ctx::kChangeEntry:
      case Ctx::kValueEntry:
        record_entry(f);
        break;
      case Ctx::kConfigResourceEntry:
        if (modelled_(f.type) && f.mode != "data") {
          index_.config[f.module_path].resources[f.address] = range_of(f);
        }
        break;
      case Ctx::kOther:
        if (stack_.size() >= 2) {
          const Frame& p = stack_[stack_.size() - 2];
          if (p.ctx == Ctx::kConfigCall && p.key == "expressions" && !f.is_array) {
            const std::string& path = p.module_path;
            auto dot = path.rfind("module.");
            std::string parent = dot == 0 ? "" : path.substr(0, dot - 1);
            index_.config[parent].call_expressions[path.substr(dot + 7)] = range_of(f);
          } else if (p.ctx == Ctx::kConfigModule && p.key == "outputs" && !f.is_array) {
            ConfigModule& m = index_.config[p.module_path];
            m.outputs = range_of(f);
            m.has_outputs = true;
          }
        }
        break;
      default:
        break;
    }
    stack_.pop_back();
    return scalar();
  }

  void record_entry(const Frame& f) {
    const Frame& parent = stack_[stack_.size() - 2];
    bool in_changes = parent.ctx == Ctx::kResourceChanges;
    bool in_state = false;
    if (!in_changes) {
      // planned_values or state values: find which section this module tree hangs from.
      for (std::size_t i = stack_.size(); i-- > 0;) {
        if (stack_[i].ctx == Ctx::kStateValues) {
          in_state = true;
          break;
        }
        if (stack_[i].ctx == Ctx::kPlannedValues) break;
      }
    }
    if (f.mode == "managed" || f.mode.empty()) {
      if (in_changes) {
        ++index_.changes_managed;
      } else if (in_state) {
        ++index_.state_managed;
      } else {
        ++index_.planned_managed;
      }
    }
    if (!modelled_(f.type) || f.mode == "data") return;
    ResourceEntry e;
    e.range = range_of(f);
    e.address = f.address;
    e.type = shared(f.type);
    e.mode = shared(f.mode);
    e.deposed = f.deposed;
    auto& list = in_changes ? index_.changes : (in_state ? index_.state : index_.planned);
    list.push_back(std::move(e));
  }

  std::size_t offset() const { return static_cast<std::size_t>(*cursor_ - data_.data()); }

  // One copy of each type and mode for all the entries.
  SharedText shared(const std::string& text) {
    auto it = shared_.find(text);
    if (it == shared_.end()) it = shared_.emplace(text, SharedText(text)).first;
    return it->second;
  }
  std::unordered_map<std::string, SharedText> shared_;

  std::string_view data_;
  const char** cursor_;
  TypeFilter modelled_;
  const Limits& limits_;
  const Deadline& deadline_;
  PlanIndex& index_;
  LineCounter lines_;
  std::vector<Frame> stack_;
  std::string error_;
  std::string limit_;
  std::size_t error_offset_ = 0;
  uint64_t events_ = 0;
  std::size_t stop_at_ = SIZE_MAX;
  bool reached_stop_ = false;
  bool read_format_version_ = false;
  bool read_terraform_version_ = false;
  std::size_t items_before_stop_ = 0;
};

bool finish(const Indexer& indexer, bool ok, PlanIndex& index, IndexError& error) {
  if (!ok || !indexer.error().empty()) {
    error.offset = indexer.error_offset();
    error.message = indexer.error().empty() ? "invalid JSON" : indexer.error();
    error.limit = indexer.limit();
    return false;
  }
  index.managed_resources = index.has_resource_changes   ? index.changes_managed
                            : index.has_planned_values ? index.planned_managed
                                                       : index.state_managed;
  return true;
}

// The fast reader over data[begin, end) into `indexer`, giving back the pages it has read;
// `resume_in` as for scan_json.
json_scan::Status scan_part(std::string_view data, std::size_t begin, Indexer& indexer,
                            const Limits& limits, const Deadline& deadline,
                            const InputBuffer* pages, std::string_view resume_in) {
  std::size_t released = begin;
  auto progress = [&](const char* p) {
    // What has been read is not needed again by this pass: give a mapped file's pages back.
    auto offset = static_cast<std::size_t>(p - data.data());
    if (pages != nullptr) pages->release(released, offset);
    released = offset;
    return !deadline.passed();
  };
  auto status = json_scan::scan_json(
      data.data() + begin, data.data() + data.size(), indexer, [&] { return indexer.skipping(); },
      progress, indexer.cursor(), limits.depth, resume_in);
  if (status == json_scan::Status::kTimeout) indexer.timed_out();
  return status;
}

constexpr std::size_t kNoSplit = std::string_view::npos;

std::size_t find_bytes(std::string_view data, std::size_t from, std::string_view what) {
  if (from >= data.size()) return kNoSplit;
  const void* hit = ::memmem(data.data() + from, data.size() - from, what.data(), what.size());
  return hit == nullptr ? kNoSplit
                        : static_cast<std::size_t>(static_cast<const char*>(hit) - data.data());
}

// Where the second indexer took over, as the first saw it.
struct Handover {
  std::size_t items_before = 0;  // resource_changes items before the stop
  uint32_t line = 0;             // the stop's line
  std::size_t line_start = 0;    // where that line starts
};

// Adds to `index` (what the first indexer read, up to its stop) what `second` read from the
// stop on into `rest`: its lines counted from 1 and its resource_changes items from 0 at the stop.
void merge(PlanIndex& index, PlanIndex&& rest, const Indexer& second, const Handover& at) {
  const uint32_t line = at.line;
  const std::size_t line_start = at.line_start;
  auto place = [&](Range& r) {
    if (r.line == 1) {
      r.line = line;
      r.line_start = line_start;
    } else {
      r.line += line - 1;
    }
  };
  // An entry's pointer is "/resource_changes/K", K counted from the stop: renumbered from it.
  static constexpr std::string_view kItems = "/resource_changes/";
  for (auto& e : rest.changes) {
    place(e.range);
    std::size_t k = std::stoull(std::string(e.range.pointer.view().substr(kItems.size())));
    e.range.pointer = pointer_append("/resource_changes", at.items_before + k);
  }
  for (auto* list : {&rest.planned, &rest.state}) {
    for (auto& e : *list) place(e.range);
  }
  for (auto [from, into] : {std::pair{&rest.changes, &index.changes},
                            std::pair{&rest.planned, &index.planned},
                            std::pair{&rest.state, &index.state}}) {
    into->insert(into->end(), std::make_move_iterator(from->begin()),
                 std::make_move_iterator(from->end()));
  }
  for (auto& [path, module] : rest.config) {
    ConfigModule& into = index.config[path];
    for (auto& [address, r] : module.resources) {
      place(r);
      into.resources[address] = std::move(r);
    }
    for (auto& [name, r] : module.call_expressions) {
      place(r);
      into.call_expressions[name] = std::move(r);
    }
    if (module.has_outputs) {
      place(module.outputs);
      into.outputs = std::move(module.outputs);
      into.has_outputs = true;
    }
  }
  for (auto& [path, source] : rest.module_sources) index.module_sources[path] = std::move(source);
  // A member repeated after the stop: the last string read wins, as with one indexer.
  if (second.read_format_version()) index.format_version = rest.format_version;
  if (second.read_terraform_version()) index.terraform_version = rest.terraform_version;
  index.top_keys.insert(index.top_keys.end(), rest.top_keys.begin(), rest.top_keys.end());
  index.type_errors.insert(index.type_errors.end(), rest.type_errors.begin(),
                           rest.type_errors.end());
  index.has_resource_changes |= rest.has_resource_changes;
  index.has_planned_values |= rest.has_planned_values;
  index.has_state_values |= rest.has_state_values;
  index.has_configuration |= rest.has_configuration;
  index.changes_managed += rest.changes_managed;
  index.planned_managed += rest.planned_managed;
  index.state_managed += rest.state_managed;
}

}  // namespace

// Where a second indexer can start: a resource_changes entry in the second half of the
// document. `terraform show -json` writes a plan on one line with its members in a fixed order,
// so an entry starts with `{"address":"` after the previous one's `},` and holds its
// `"change":{"actions":[` before the next starts. This is a guess from bytes alone (they could
// sit inside a string): index_plan keeps the second indexer's work only when the first arrives
// at the same offset at the start of a resource_changes entry.
std::size_t split_candidate(std::string_view data) {
  static constexpr std::string_view kEntry = "},{\"address\":\"";
  static constexpr std::string_view kChange = "\"change\":{\"actions\":[";
  std::size_t from = data.size() / 2;
  for (int tries = 0; tries < 4; ++tries) {
    std::size_t change = find_bytes(data, from, kChange);
    if (change == kNoSplit) return kNoSplit;
    std::size_t entry = data.substr(from, change - from).rfind(kEntry);
    if (entry != kNoSplit) return from + entry + 2;  // its '{'
    from = change + kChange.size();
  }
  return kNoSplit;
}

bool index_plan(std::string_view data, TypeFilter modelled, const Limits& limits,
                const Deadline& deadline, PlanIndex& index, IndexError& error,
                const InputBuffer* pages, std::size_t split_from) {
  // The fast reader first: it skips what is not modelled. Input it does not accept is read again
  // by nlohmann's parser, which says what is wrong and where.
  std::size_t split = data.size() >= split_from ? split_candidate(data) : kNoSplit;
  if (split != kNoSplit) {
    // Two indexers at once: the second from the guessed entry to the end, the first from the
    // start until it arrives there. Unless the first confirms the guess and the second reads
    // its part without fault, the document is read again by one indexer, which then decides
    // what is wrong and where.
    const char* cursor = data.data();
    Indexer first(data, &cursor, modelled, limits, deadline, index);
    first.stop_at(split);
    PlanIndex rest;
    const char* rest_cursor = data.data() + split;
    Indexer second(data, &rest_cursor, modelled, limits, deadline, rest);
    second.resume_in_resource_changes(split);
    json_scan::Status status = json_scan::Status::kRetry;
    json_scan::Status rest_status = json_scan::Status::kRetry;
    run_both([&] { status = scan_part(data, 0, first, limits, deadline, pages, {}); },
             [&] { rest_status = scan_part(data, split, second, limits, deadline, pages, "oa"); });
    if (!first.reached_stop()) {
      // The first indexer did not stop at the guess: it read the document as a single indexer
      // does, to its end or to its first fault.
      if (status != json_scan::Status::kRetry) {
        return finish(first, status == json_scan::Status::kOk, index, error);
      }
      index = PlanIndex{};
      return index_plan_reference(data, modelled, limits, deadline, index, error);
    }
    // A second "resource_changes" after the stop would be numbered as if it continued the
    // first: such a document is read again by one indexer.
    bool repeated = std::find(rest.top_keys.begin(), rest.top_keys.end(), "resource_changes") !=
                    rest.top_keys.end();
    if (rest_status == json_scan::Status::kOk && !repeated) {
      Handover at;
      at.items_before = first.items_before_stop();
      first.line_at(split, at.line, at.line_start);
      merge(index, std::move(rest), second, at);
      index.second_from = split;
      return finish(first, true, index, error);
    }
    index = PlanIndex{};
    if (rest_status == json_scan::Status::kRetry) {
      // The fast reader hands the same bytes back when it reads them again: go to nlohmann's
      // parser at once.
      return index_plan_reference(data, modelled, limits, deadline, index, error);
    }
  }
  {
    const char* cursor = data.data();
    Indexer indexer(data, &cursor, modelled, limits, deadline, index);
    auto status = scan_part(data, 0, indexer, limits, deadline, pages, {});
    if (status != json_scan::Status::kRetry) {
      return finish(indexer, status == json_scan::Status::kOk, index, error);
    }
  }
  index = PlanIndex{};
  return index_plan_reference(data, modelled, limits, deadline, index, error);
}

bool index_plan_reference(std::string_view data, TypeFilter modelled, const Limits& limits,
                          const Deadline& deadline, PlanIndex& index, IndexError& error) {
  const char* cursor = data.data();
  Indexer indexer(data, &cursor, modelled, limits, deadline, index);
  TrackingIterator first(data.data(), &cursor);
  TrackingIterator last(data.data() + data.size(), &cursor);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(first, last, &indexer);
  } catch (const std::exception& ex) {
    error.offset = static_cast<std::size_t>(cursor - data.data());
    error.message = clean_parse_error(ex.what());
    return false;
  }
  return finish(indexer, ok, index, error);
}

}  // namespace ecsguard::terraform
