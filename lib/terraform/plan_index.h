// Pass 1 over a Terraform plan or state: one SAX parse of the whole document that validates it
// and records where the modelled parts are — byte ranges of resource entries and configuration
// pieces — without building a tree. Pass 2 parses only those ranges (reader.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/shared_text.h"
#include "read/json.h"

namespace ecsguard::terraform {

struct Range {
  std::size_t begin = 0;  // offset of '{'
  std::size_t end = 0;    // one past '}'
  uint32_t line = 0;      // line of `begin`
  std::size_t line_start = 0;
  SharedText pointer;  // JSON pointer of the object
};

// A resource instance object in resource_changes, planned_values or state values.
// A large plan has hundreds of thousands, held while they are read: the type and mode, which
// recur, are shared texts (one copy each).
struct ResourceEntry {
  Range range;
  std::string address;
  SharedText type;
  SharedText mode;
  bool deposed = false;
};

struct ConfigModule {
  std::map<std::string, Range> resources;    // module-relative address → resource object
  std::map<std::string, Range> call_expressions;  // module call name → its "expressions" object
  Range outputs;                              // the "outputs" object (begin == end when none)
  bool has_outputs = false;
};

struct PlanIndex {
  std::string format_version;
  std::string terraform_version;
  bool has_resource_changes = false;
  bool has_planned_values = false;
  bool has_state_values = false;
  bool has_configuration = false;
  bool top_is_object = false;
  std::vector<std::string> top_keys;
  std::size_t managed_resources = 0;  // all managed resource entries of the chosen section
  std::vector<ResourceEntry> changes;  // resource_changes entries of modelled types
  std::vector<ResourceEntry> planned;  // planned_values entries of modelled types
  std::vector<ResourceEntry> state;    // values (state) entries of modelled types
  std::size_t changes_managed = 0;
  std::size_t planned_managed = 0;
  std::size_t state_managed = 0;
  std::map<std::string, ConfigModule> config;  // module path ("" root, "module.a.module.b")
  // The `source` of every module call, by the called module's path ("module.a.module.b"), as
  // written: "./modules/app", "../svc", "terraform-aws-modules/ecs/aws", ...
  std::map<std::string, std::string> module_sources;
  // Structural fields of the wrong JSON type: where, and what was expected.
  struct TypeError {
    std::size_t offset;
    std::string message;
  };
  std::vector<TypeError> type_errors;
  // The offset from which a second indexer read the document (see index_plan), 0 when one
  // indexer read it all.
  std::size_t second_from = 0;
};

struct IndexError {
  std::size_t offset = 0;
  std::string message;
  std::string limit;  // the limit exceeded (limit_table() name), empty for invalid JSON
};

using TypeFilter = bool (*)(std::string_view type);

// Returns false on malformed JSON or exceeded limits, with `error` set. Reads with the fast
// reader (read/json_scan.h) and falls back to index_plan_reference for input it does not accept.
// When `pages` (the buffer holding `data`) is given, pages already read are given back as the
// reading goes, so a mapped plan does not stay resident. A document of at least `split_from`
// bytes is read by two indexers at once, each on its own thread, when a place to split it is
// found (the index is the same either way).
bool index_plan(std::string_view data, TypeFilter modelled, const Limits& limits,
                const Deadline& deadline, PlanIndex& index, IndexError& error,
                const InputBuffer* pages = nullptr, std::size_t split_from = SIZE_MAX);

// The same through nlohmann's SAX parser alone: the reference the fast path is tested against,
// and the source of every syntax diagnostic.
bool index_plan_reference(std::string_view data, TypeFilter modelled, const Limits& limits,
                          const Deadline& deadline, PlanIndex& index, IndexError& error);

// Where index_plan's second indexer would start reading `data`: a guess from its bytes (a
// resource_changes entry in its second half), std::string_view::npos when there is none.
std::size_t split_candidate(std::string_view data);

}  // namespace ecsguard::terraform
