#include "terraform/reader.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include "core/both.h"
#include "terraform/normalise.h"
#include "terraform/plan_index.h"

namespace ecsguard::terraform {

namespace {

Diagnostic error_at(const InputBuffer& input, const std::string& code, std::string message,
                    std::size_t offset) {
  Diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.location.file = input.name();
  LineCounter lines(input.data());
  lines.at(offset, d.location.line, d.location.column);
  return d;
}

// Planned action as one word; empty when the entry is not from resource_changes.
std::string action_of(const JNode* actions) {
  if (actions == nullptr || !actions->is_array()) return "";
  std::vector<std::string> a;
  for (const auto& item : actions->items) {
    if (item.is_string()) a.push_back(item.text);
  }
  if (a.size() == 2 && std::find(a.begin(), a.end(), "delete") != a.end() &&
      std::find(a.begin(), a.end(), "create") != a.end()) {
    return "replace";
  }
  if (a.size() == 2 && a[0] == "create" && a[1] == "forget") return "create";
  if (a.size() == 1) return a[0];
  std::string joined;
  for (const auto& s : a) joined += (joined.empty() ? "" : "+") + s;
  return joined;
}

// An entry to read. Its address, parsed when the list is made (to check it and to give the
// resolver its table of instances), is parsed again when the entry is read: the list holds no
// copy of it in the meantime.
struct Entry {
  ResourceEntry* index;
  const TypeHandler* handler;
};

// Reads modelled entries into one graph builder: each entry is parsed when its turn comes and
// its tree dropped once normalised, so at most one resource's tree is alive per reader, whatever
// the size of the plan. Two readers, each with its own builder, configuration cache and scratch,
// can read two parts of a plan at once.
class EntryReader {
 public:
  // The first reader of a plan: it resolves references among `instances`.
  EntryReader(const InputBuffer& input, const ReadOptions& options, const Deadline& deadline,
              bool changes, const PlanIndex& index, GraphBuilder& graph,
              const std::vector<Address>& instances)
      : EntryReader(input, options, deadline, changes, index, graph,
                    [&](Configuration& c) { return Resolver(c, instances); }) {}
  // A second reader of the same plan into its own builder, sharing `first`'s instance table and
  // its time-out.
  EntryReader(const EntryReader& first, GraphBuilder& graph)
      : EntryReader(first.input_, first.options_, first.deadline_, first.changes_, first.index_,
                    graph, [&](Configuration& c) { return Resolver(c, first.resolver_); }) {
    stop_ = first.stop_;
  }

  // Reads list[first, last) of `phase` in file order. False when the time limit passed, here or
  // in the other reader of the plan (which then stops at its next entry).
  // An entry's texts go to the graph as it is read, and what is left of them is given back,
  // so the memory of the plan's index goes down as the graph's goes up.
  bool read(std::vector<Entry>& list, std::size_t first, std::size_t last, int phase) {
    passed_ = first < list.size() ? list[first].index->range.begin : 0;
    for (std::size_t i = first; i < last; ++i) {
      Entry& entry = list[i];
      if (entry.handler->phase != phase) continue;
      if (stop_->load()) return false;
      JNode tree;
      if (!parse(entry, tree)) {
        if (stop_->load()) return false;
        continue;
      }
      read_entry(entry, tree);
      graph_.freeze_added();
      forget(entry);
    }
    return true;
  }

  bool timed_out() const { return stop_->load(); }
  // Configuration blocks that could not be read (over a limit).
  const std::vector<JsonError>& config_failures() const { return config_.failures(); }

 private:
  // Each phase reads the entries in file order and gives back the pages it has passed (those
  // mapped with a range, and those the system mapped around it), a megabyte at a time.
  static constexpr std::size_t kReleaseStep = std::size_t{1} << 20;

  bool parse(const Entry& entry, JNode& tree) {
    // A change's prior values are not read: in a plan of an existing estate most resources are
    // unchanged or updated, and their `before` is as large as their `after`.
    static const std::vector<JsonPath> kPrior{{"change", "before"}, {"change", "before_sensitive"}};
    const Range& r = entry.index->range;
    LineCounter lines(data_, r.begin, r.line, r.line_start);
    JsonError err;
    bool parsed = parse_json_range(data_, r.begin, r.end, lines, options_.limits, tree, err,
                                   changes_ ? &kPrior : nullptr);
    if (r.end >= passed_ + kReleaseStep) {  // the tree holds what is needed
      input_.release(passed_, r.end);
      passed_ = r.end;
    }
    if (!parsed) {
      diags_.push_back(
          err.limit.empty()
              ? error_at(input_, "tf.plan.bad_json", "invalid JSON: " + err.message, err.offset)
              : error_at(input_, limit_code(err.limit), entry.index->address + ": " + err.message,
                         err.offset));
      return false;
    }
    if (deadline_.passed()) {
      // One time-limit error per plan, from the reader that saw it first.
      if (stop_->exchange(true)) return false;
      diags_.push_back(error_at(input_, "limit.time_ms",
                                "reading took longer than " +
                                    std::to_string(options_.limits.time_ms) + " ms " +
                                    limit_note("time_ms", options_.limits.time_ms),
                                r.begin));
      return false;
    }
    return true;
  }

  // Gives back what is left of a read entry's texts (read_entry takes most of them).
  static void forget(Entry& entry) {
    ResourceEntry& indexed = *entry.index;
    std::string().swap(indexed.address);
    indexed.type = SharedText();
    indexed.mode = SharedText();
    indexed.range.pointer = SharedText();
  }

  // Takes the entry's address and texts (forget() gives back what is left).
  void read_entry(Entry& entry, const JNode& tree) {
    Address address;
    parse_address(entry.index->address, address);  // as when the list was made
    Resource res{std::move(address),
                 std::move(entry.index->address),
                 entry.index->type.str(),
                 "",
                 {},
                 Attribute(nullptr, nullptr, nullptr, nullptr, "", nullptr)};
    res.pos = tree.pos(entry.index->range.pointer.view());
    const JNode* after = nullptr;
    const JNode* unknown = nullptr;
    const JNode* sensitive = nullptr;
    std::string pointer = entry.index->range.pointer.str();
    if (changes_) {
      const JNode* change = tree.get("change");
      if (change == nullptr || !change->is_object()) {
        diags_.push_back(error_at(input_, "tf.plan.bad_type",
                                  res.full_address +
                                      ": \"change\" must be an object with \"actions\" and "
                                      "\"after\"",
                                  tree.offset));
        return;
      }
      const JNode* actions = change->get("actions");
      if (actions == nullptr || !actions->is_array() ||
          std::any_of(actions->items.begin(), actions->items.end(),
                      [](const JNode& a) { return !a.is_string(); })) {
        diags_.push_back(error_at(input_, "tf.plan.bad_type",
                                  res.full_address +
                                      ": \"actions\" must be a list of strings such as "
                                      "[\"create\"]; the resource is not read",
                                  actions != nullptr ? actions->offset : change->offset));
        return;
      }
      res.action = action_of(actions);
      if (res.action == "delete" || res.action == "forget" || res.action == "read") {
        if (res.action != "read") {
          graph_.info().removed.push_back({res.full_address, res.type, res.action});
        }
        return;
      }
      after = change->get("after");
      unknown = change->get("after_unknown");
      sensitive = change->get("after_sensitive");
      pointer += "/change/after";
    } else {
      after = tree.get("values");
      sensitive = tree.get("sensitive_values");
      pointer += "/values";
    }
    if (after != nullptr && !after->is_object() && !after->is_null()) {
      diags_.push_back(error_at(input_, "tf.plan.bad_type",
                                res.full_address +
                                    ": the planned values must be an "
                                    "object, found " +
                                    std::string(to_string(after->type)),
                                after->offset));
      return;
    }
    if (after == nullptr && !(unknown != nullptr && unknown->is_bool() && unknown->boolean)) {
      return;  // nothing planned
    }
    std::string config_pointer;
    const JNode* resource_config =
        config_.resource(res.address.module_path(), res.address.local(), &config_pointer);
    AttributeContext ctx;
    ctx.config_available = config_.available();
    ctx.resource_configured = resource_config != nullptr;
    ctx.unknown_mirror = changes_;
    const JNode* expressions = resource_config ? resource_config->get("expressions") : nullptr;
    static const JNode kEmpty = [] {
      JNode j;
      j.type = JNode::Type::kObject;
      return j;
    }();
    if (ctx.resource_configured && expressions == nullptr) expressions = &kEmpty;
    res.values = Attribute(after, unknown, sensitive, expressions, pointer, &ctx,
                           config_pointer + "/expressions");
    entry.handler->fn(normaliser_, res);
    std::sort(ctx.blocks_not_in_list.begin(), ctx.blocks_not_in_list.end());
    ctx.blocks_not_in_list.erase(
        std::unique(ctx.blocks_not_in_list.begin(), ctx.blocks_not_in_list.end()),
        ctx.blocks_not_in_list.end());
    for (std::size_t offset : ctx.blocks_not_in_list) {
      diags_.push_back(error_at(input_, "tf.plan.bad_type",
                                res.full_address +
                                    ": a nested block is an object, expected a list of blocks "
                                    "(read as its one block)",
                                offset));
    }
  }

  const InputBuffer& input_;
  std::string_view data_;
  const ReadOptions& options_;
  const Deadline& deadline_;
  const bool changes_;
  GraphBuilder& graph_;
  Diagnostics& diags_;
  const PlanIndex& index_;
  Configuration config_;
  Resolver resolver_;
  Normaliser normaliser_;
  std::size_t passed_ = 0;
  // Set when the time limit passed: shared by the readers of one plan.
  std::shared_ptr<std::atomic<bool>> stop_ = std::make_shared<std::atomic<bool>>(false);

  template <class MakeResolver>
  EntryReader(const InputBuffer& input, const ReadOptions& options, const Deadline& deadline,
              bool changes, const PlanIndex& index, GraphBuilder& graph,
              const MakeResolver& make_resolver)
      : input_(input), data_(input.data()), options_(options), deadline_(deadline),
        changes_(changes), graph_(graph), diags_(graph.info().diagnostics), index_(index),
        config_(data_, index, options.limits, &input), resolver_(make_resolver(config_)),
        normaliser_(graph, resolver_, diags_, input.name(), options.limits) {}
};

// Where a second reader takes over phase 0: the entry after which the first half of the phase-0
// bytes has been read; list.size() (no second reader) when they are fewer than `split_from`
// bytes or the second part would hold no phase-0 entry.
std::size_t split_point(const std::vector<Entry>& list, std::size_t split_from) {
  auto bytes_of = [](const Entry& e) {
    return e.handler->phase == 0 ? e.index->range.end - e.index->range.begin : 0;
  };
  std::size_t bytes = 0;
  for (const Entry& e : list) bytes += bytes_of(e);
  if (bytes == 0 || bytes < split_from) return list.size();
  std::size_t split = 0;
  for (std::size_t half = 0; split < list.size() && half < bytes / 2; ++split) {
    half += bytes_of(list[split]);
  }
  bool rest = std::any_of(list.begin() + static_cast<std::ptrdiff_t>(split), list.end(),
                          [&](const Entry& e) { return bytes_of(e) > 0; });
  return rest ? split : list.size();
}

}  // namespace

Graph read(const InputBuffer& input, const ReadOptions& options) {
  InputInfo info;
  info.file = input.name();
  info.format = "terraform-plan";
  std::string_view data = input.data();

  PlanIndex index;
  IndexError ierr;
  Deadline deadline(options.limits.time_ms, options.stop);
  if (data.empty()) {
    info.diagnostics.push_back(error_at(input, "tf.plan.bad_json",
                                        "the file is empty; expected the JSON output of "
                                        "`terraform show -json`",
                                        0));
    return GraphBuilder(std::move(info)).build();
  }
  if (!index_plan(data, is_modelled_type, options.limits, deadline, index, ierr, &input,
                  options.threads > 1 ? options.split_from : SIZE_MAX)) {
    info.diagnostics.push_back(
        ierr.limit.empty()
            ? error_at(input, "tf.plan.bad_json", "invalid JSON: " + ierr.message, ierr.offset)
            : error_at(input, limit_code(ierr.limit), ierr.message, ierr.offset));
    return GraphBuilder(std::move(info)).build();
  }
  if (!index.type_errors.empty()) {
    for (const auto& e : index.type_errors) {
      info.diagnostics.push_back(error_at(input, "tf.plan.bad_type", e.message, e.offset));
    }
    return GraphBuilder(std::move(info)).build();
  }
  bool plan = index.has_resource_changes || index.has_planned_values;
  bool state = !plan && index.has_state_values;
  if (!index.top_is_object || (!plan && !state) || (state && index.format_version.empty())) {
    info.diagnostics.push_back(
        error_at(input, "tf.plan.not_a_plan",
                 "this JSON document is not a Terraform plan or state: expected an object with "
                 "\"format_version\" and \"planned_values\" or \"resource_changes\" (a plan) or "
                 "\"values\" (a state), as `terraform show -json` writes",
                 0));
    return GraphBuilder(std::move(info)).build();
  }
  info.format = state ? "terraform-state" : "terraform-plan";
  info.format_version = index.format_version;
  info.tool_version = index.terraform_version;
  info.resources = index.managed_resources;

  std::vector<ResourceEntry>& entries =
      index.has_resource_changes ? index.changes
                                 : (index.has_planned_values ? index.planned : index.state);
  const bool changes = index.has_resource_changes;
  // One section's entries are read; the others' memory goes back before reading starts.
  for (std::vector<ResourceEntry>* section : {&index.changes, &index.planned, &index.state}) {
    if (section != &entries) std::vector<ResourceEntry>().swap(*section);
  }
  GraphBuilder graph(std::move(info));
  graph.set_type_diagnostic("tf.plan.bad_type", Severity::kError);
  graph.set_threads(options.threads);
  graph.keep_only(options.kept);
  Diagnostics& diags = graph.info().diagnostics;

  std::vector<Entry> list;
  list.reserve(entries.size());
  std::vector<Address> instances;
  instances.reserve(entries.size());
  for (auto& e : entries) {
    Entry entry{&e, find_handler(e.type)};
    Address address;
    if (!parse_address(e.address, address)) {
      diags.push_back(error_at(
          input, "tf.plan.bad_address",
          "resource address \"" + e.address + "\" is not a valid Terraform instance address",
          e.range.begin));
      continue;
    }
    if (e.deposed) {
      graph.info().removed.push_back({e.address, e.type.str(), "delete (deposed)"});
      continue;
    }
    instances.push_back(std::move(address));
    list.push_back(std::move(entry));
  }

  // Phase 0 (resources that are nodes) may be split between two readers: the first part read
  // here, the second by a helper thread into its own builder, absorbed once both are done (node
  // numbers, keys and links shift; the order of everything is what one reader gives). Phase 1
  // (side resources, which need their targets to exist as nodes) follows on one reader.
  // The index leaves the configuration section mapped (it records where its blocks are): the
  // readers map back only the blocks they parse, and give them back in batches (Configuration).
  input.release(0, data.size());
  deadline.extend(graph.wait_for_kept());  // before the first resource, not counted
  EntryReader reader(input, options, deadline, changes, index, graph, instances);
  std::vector<Address>().swap(instances);  // the reader's resolver has its own table of them
  // A resource makes a node, a task definition one more per container: room for two per entry
  // here, where a second reader's nodes are also moved in.
  graph.reserve(2 * list.size());
  const std::size_t split = options.threads > 1 ? split_point(list, options.split_from)
                                                : list.size();
  bool timed_out = false;
  std::vector<JsonError> config_failures;
  if (split < list.size()) {
    InputInfo part_info;
    part_info.file = graph.info().file;
    GraphBuilder part(std::move(part_info));
    part.reserve(2 * (list.size() - split));
    part.keep_only(options.kept);
    EntryReader second(reader, part);
    run_both([&] { reader.read(list, 0, split, 0); },
             [&] { second.read(list, split, list.size(), 0); });
    timed_out = reader.timed_out() || second.timed_out();
    config_failures = second.config_failures();
    graph.absorb(std::move(part));
  } else {
    timed_out = !reader.read(list, 0, list.size(), 0);
  }
  if (!timed_out) timed_out = !reader.read(list, 0, list.size(), 1);
  // A configuration block over a limit is reported once, in file order, however many readers
  // met it.
  for (const JsonError& e : reader.config_failures()) config_failures.push_back(e);
  std::sort(config_failures.begin(), config_failures.end(),
            [](const JsonError& x, const JsonError& y) { return x.offset < y.offset; });
  config_failures.erase(
      std::unique(config_failures.begin(), config_failures.end(),
                  [](const JsonError& x, const JsonError& y) { return x.offset == y.offset; }),
      config_failures.end());

  input.release(0, data.size());  // the last megabyte, and the configuration's pages

  if (timed_out) {  // no partial graph: the input is reported as unread
    InputInfo unread = std::move(graph.info());
    return GraphBuilder(std::move(unread)).build();
  }

  // Repositories pick up the registry-wide scanning and replication settings.
  NodeId registry = graph.find(NodeKind::kEcrRegistry, "registry");
  if (registry != kNoNode) {
    for (NodeId id = 0; id < graph.size(); ++id) {
      if (graph.node(id).kind == NodeKind::kEcrRepository) {
        graph.edge(id, Relation::kRegistry, registry);
      }
    }
  }
  // A configuration block over a limit: references through it could not be followed.
  for (const JsonError& e : config_failures) {
    diags.push_back(error_at(input, json_error_code(e, "tf.plan.bad_json"),
                             "cannot read this configuration block: " + e.message, e.offset));
  }
  return std::move(graph).build();
}

}  // namespace ecsguard::terraform
