// The plan's `configuration` section, parsed piece by piece on demand, and the resolution of
// configuration references (in module scope, with count/for_each keys) to resource instances.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/digest.h"
#include "core/small_vector.h"
#include "read/input.h"
#include "read/json.h"
#include "terraform/address.h"
#include "terraform/plan_index.h"

namespace ecsguard::terraform {

class Configuration {
 public:
  // With `pages` (the buffer holding `data`), the pages of the blocks are given back once they
  // are parsed, a batch at a time: the configuration section of a large plan is tens of
  // megabytes, and a block is read again only when it has left the cache.
  Configuration(std::string_view data, const PlanIndex& index, const Limits& limits,
                const InputBuffer* pages = nullptr);

  // Whether the input had a configuration section at all (states and some plans do not).
  bool available() const { return index_.has_configuration; }

  // The configuration resource object for `local` ("aws_ecs_service.web") in module `path`, and
  // its JSON pointer. Only the blocks read most recently are kept (a plan's configuration has
  // one per resource; the instances of one block are read close together): the tree stays valid
  // until kRecentResources other blocks have been asked for.
  const JNode* resource(const std::string& path, const std::string& local,
                        std::string* pointer = nullptr);
  // The "expressions" object of module call `call` made from module `path`.
  const JNode* call_expressions(const std::string& path, const std::string& call);
  // The output object {"expression": ...} named `name` of module `path`.
  const JNode* output(const std::string& path, const std::string& name);

  // Configuration ranges that could not be parsed (only a limit can fail there: pass 1 checked
  // the syntax). Their references read as unknown sources, so the reader reports each.
  const std::vector<JsonError>& failures() const { return failures_; }

 private:
  static constexpr std::size_t kRecentResources = 64;

  std::unique_ptr<JNode> parse_range(const Range& range);  // null when over a limit
  const JNode* parse(const Range& range);                  // kept for the whole read

  std::string_view data_;
  ReleaseBatch parsed_;  // the pages of blocks parsed
  const PlanIndex& index_;
  const Limits& limits_;
  std::vector<JsonError> failures_;
  std::unordered_map<std::size_t, std::unique_ptr<JNode>> cache_;  // by range start
  std::vector<std::pair<std::size_t, std::unique_ptr<JNode>>> recent_;  // resource blocks
  std::unordered_set<std::size_t> failed_;                              // range starts
};

// Resolves configuration references to modelled resource instance addresses.
class Resolver {
 public:
  Resolver(Configuration& config, const std::vector<Address>& instances);
  // A resolver over another configuration cache that shares `like`'s instance table (read-only
  // once built: two readers on two threads can share it).
  Resolver(Configuration& config, const Resolver& like);

  // Instance addresses that `expression` ({"references": [...]}) in the configuration of the
  // resource `from` refers to, following module variables and outputs.
  std::vector<std::string> resolve(const JNode* expression, const Address& from);

 private:
  void resolve_reference(const std::string& ref, const std::vector<ModuleStep>& scope,
                         const std::string& self_key, int depth, std::vector<std::string>& out);
  void resolve_expression(const JNode* expression, const std::vector<ModuleStep>& scope,
                          const std::string& self_key, int depth, std::vector<std::string>& out);

  // By the digest of module instance + "type.name" (a large plan has hundreds of thousands of
  // them: as texts they would be most of the table): the instance keys present.
  using Instances = std::unordered_map<Digest, SmallVector<std::string, 1>, DigestHash>;
  Configuration& config_;
  std::shared_ptr<const Instances> instances_;
};

std::string module_instance_of(const std::vector<ModuleStep>& scope);
std::string module_path_of(const std::vector<ModuleStep>& scope);

}  // namespace ecsguard::terraform
