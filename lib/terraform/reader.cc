#include "terraform/reader.h"

#include <algorithm>

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

struct Entry {
  const ResourceEntry* index;
  Address address;
  const TypeHandler* handler;
};

}  // namespace

Graph read(const InputBuffer& input, const ReadOptions& options) {
  InputInfo info;
  info.file = input.name();
  info.format = "terraform-plan";
  std::string_view data = input.data();

  PlanIndex index;
  IndexError ierr;
  const Deadline deadline(options.limits.time_ms);
  if (data.empty()) {
    info.diagnostics.push_back(error_at(input, "tf.plan.bad_json",
                                        "the file is empty; expected the JSON output of "
                                        "`terraform show -json`",
                                        0));
    return GraphBuilder(std::move(info)).build();
  }
  if (!index_plan(data, is_modelled_type, options.limits, deadline, index, ierr, &input)) {
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
    info.diagnostics.push_back(error_at(
        input, "tf.plan.not_a_plan",
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

  const std::vector<ResourceEntry>& entries =
      index.has_resource_changes ? index.changes
                                 : (index.has_planned_values ? index.planned : index.state);
  const bool changes = index.has_resource_changes;
  // One section's entries are read; the others' memory goes back before reading starts.
  for (std::vector<ResourceEntry>* section : {&index.changes, &index.planned, &index.state}) {
    if (section != &entries) std::vector<ResourceEntry>().swap(*section);
  }

  GraphBuilder graph(std::move(info));
  graph.set_type_diagnostic("tf.plan.bad_type", Severity::kError);
  Diagnostics& diags = graph.info().diagnostics;

  std::vector<Entry> list;
  std::vector<Address> instances;
  for (const auto& e : entries) {
    Entry entry{&e, {}, find_handler(e.type)};
    if (!parse_address(e.address, entry.address)) {
      diags.push_back(error_at(input, "tf.plan.bad_address",
                               "resource address \"" + e.address +
                                   "\" is not a valid Terraform instance address",
                               e.range.begin));
      continue;
    }
    if (e.deposed) {
      graph.info().removed.push_back({e.address, e.type, "delete (deposed)"});
      continue;
    }
    instances.push_back(entry.address);
    list.push_back(std::move(entry));
  }

  Configuration config(data, index, options.limits);
  Resolver resolver(config, instances);
  Normaliser normaliser(graph, resolver, diags, input.name(), options.limits);

  // Each modelled entry is parsed when its phase comes (side resources, phase 1, need their
  // targets to exist as nodes) and its tree dropped once normalised: at most one resource's tree
  // is alive at a time, whatever the size of the plan.
  bool timed_out = false;
  // Each phase reads the entries in file order and gives back the pages it has passed (those
  // mapped with a range, and those the system mapped around it), a megabyte at a time.
  constexpr std::size_t kReleaseStep = std::size_t{1} << 20;
  std::size_t passed = 0;
  // A change's prior values are not read: in a plan of an existing estate most resources are
  // unchanged or updated, and their `before` is as large as their `after`.
  static const std::vector<JsonPath> kPrior{{"change", "before"}, {"change", "before_sensitive"}};
  auto parse = [&](const Entry& entry, JNode& tree) {
    const Range& r = entry.index->range;
    LineCounter lines(data, r.begin, r.line, r.line_start);
    JsonError err;
    bool parsed = parse_json_range(data, r.begin, r.end, lines, options.limits, tree, err,
                                   changes ? &kPrior : nullptr);
    if (r.end >= passed + kReleaseStep) {  // the tree holds what is needed
      input.release(passed, r.end);
      passed = r.end;
    }
    if (!parsed) {
      diags.push_back(err.limit.empty() ? error_at(input, "tf.plan.bad_json",
                                                   "invalid JSON: " + err.message, err.offset)
                                        : error_at(input, limit_code(err.limit),
                                                   entry.index->address + ": " + err.message,
                                                   err.offset));
      return false;
    }
    if (deadline.passed()) {
      diags.push_back(error_at(input, "limit.time_ms",
                               "reading took longer than " +
                                   std::to_string(options.limits.time_ms) + " ms " +
                                   limit_note("time_ms", options.limits.time_ms),
                               r.begin));
      timed_out = true;
      return false;
    }
    return true;
  };

  for (int phase = 0; phase < 2 && !timed_out; ++phase) {
    passed = 0;
    for (const Entry& entry : list) {
      if (entry.handler->phase != phase) continue;
      JNode tree;
      if (!parse(entry, tree)) {
        if (timed_out) break;
        continue;
      }
      Resource res{entry.address, entry.index->address, entry.index->type, "", {},
                   Attribute(nullptr, nullptr, nullptr, nullptr, "", nullptr)};
      res.pos = tree.pos(entry.index->range.pointer);
      const JNode* after = nullptr;
      const JNode* unknown = nullptr;
      const JNode* sensitive = nullptr;
      std::string pointer = entry.index->range.pointer;
      if (changes) {
        const JNode* change = tree.get("change");
        if (change == nullptr || !change->is_object()) {
          diags.push_back(error_at(input, "tf.plan.bad_type",
                                   entry.index->address +
                                       ": \"change\" must be an object with \"actions\" and "
                                       "\"after\"",
                                   tree.offset));
          continue;
        }
        const JNode* actions = change->get("actions");
        if (actions == nullptr || !actions->is_array() ||
            std::any_of(actions->items.begin(), actions->items.end(),
                        [](const JNode& a) { return !a.is_string(); })) {
          diags.push_back(error_at(input, "tf.plan.bad_type",
                                   entry.index->address +
                                       ": \"actions\" must be a list of strings such as "
                                       "[\"create\"]; the resource is not read",
                                   actions != nullptr ? actions->offset : change->offset));
          continue;
        }
        res.action = action_of(actions);
        if (res.action == "delete" || res.action == "forget" || res.action == "read") {
          if (res.action != "read") {
            graph.info().removed.push_back({entry.index->address, entry.index->type, res.action});
          }
          continue;
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
        diags.push_back(error_at(input, "tf.plan.bad_type",
                                 entry.index->address + ": the planned values must be an "
                                                        "object, found " +
                                     std::string(to_string(after->type)),
                                 after->offset));
        continue;
      }
      if (after == nullptr && !(unknown != nullptr && unknown->is_bool() && unknown->boolean)) {
        continue;  // nothing planned
      }
      std::string config_pointer;
      const JNode* resource_config =
          config.resource(entry.address.module_path(), entry.address.local(), &config_pointer);
      AttributeContext ctx;
      ctx.config_available = config.available();
      ctx.resource_configured = resource_config != nullptr;
      ctx.unknown_mirror = changes;
      const JNode* expressions = resource_config ? resource_config->get("expressions") : nullptr;
      static const JNode kEmpty = [] {
        JNode j;
        j.type = JNode::Type::kObject;
        return j;
      }();
      if (ctx.resource_configured && expressions == nullptr) expressions = &kEmpty;
      res.values = Attribute(after, unknown, sensitive, expressions, pointer, &ctx,
                             config_pointer + "/expressions");
      entry.handler->fn(normaliser, res);
      std::sort(ctx.blocks_not_in_list.begin(), ctx.blocks_not_in_list.end());
      ctx.blocks_not_in_list.erase(
          std::unique(ctx.blocks_not_in_list.begin(), ctx.blocks_not_in_list.end()),
          ctx.blocks_not_in_list.end());
      for (std::size_t offset : ctx.blocks_not_in_list) {
        diags.push_back(error_at(input, "tf.plan.bad_type",
                                 entry.index->address +
                                     ": a nested block is an object, expected a list of blocks "
                                     "(read as its one block)",
                                 offset));
      }
    }
  }

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
  for (const JsonError& e : config.failures()) {
    diags.push_back(error_at(input, json_error_code(e, "tf.plan.bad_json"),
                             "cannot read this configuration block: " + e.message, e.offset));
  }
  return std::move(graph).build();
}

}  // namespace ecsguard::terraform
