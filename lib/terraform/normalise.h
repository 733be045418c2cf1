// Shared machinery of the Terraform normalisers: one function per resource family turns a
// planned resource into graph nodes (or folds it into the node it configures).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "graph/graph.h"
#include "terraform/address.h"
#include "terraform/attribute.h"
#include "terraform/configuration.h"

namespace ecsguard::terraform {

struct Resource {
  Address address;
  std::string full_address;
  std::string type;
  std::string action;  // create, update, replace, no-op; "" for states and bare planned values
  SourcePos pos;       // the resource entry
  Attribute values;    // the planned object (after / values)
};

using KeyFn = std::function<std::string(std::string_view literal)>;

class Normaliser {
 public:
  Normaliser(GraphBuilder& graph, Resolver& resolver, Diagnostics& diagnostics,
             std::string file, const Limits& limits)
      : graph_(graph), resolver_(resolver), diagnostics_(diagnostics), file_(std::move(file)),
        limits_(limits) {}

  // A node for the resource, registered under "addr:<address>".
  NodeId add_node(const Resource& r, NodeKind kind);
  Node& node(NodeId id) { return graph_.node(id); }
  GraphBuilder& graph() { return graph_; }

  // Links `from` to the nodes `attr` points at: through configuration references when it has
  // them, otherwise through the literal value(s), mapped to a key by `literal_key` ("" = none).
  void link(NodeId from, Relation relation, NodeKind target, const Resource& r,
            const Attribute& attr, const KeyFn& literal_key);
  // The node a side resource configures, found the same way; kNoNode when not in this input.
  NodeId target(NodeKind kind, const Resource& r, const Attribute& attr, const KeyFn& literal_key);

  // Records that `r` was folded into `into`, or a note that its target is not in the input.
  void fold(NodeId into, const Resource& r, const char* what);

  // Parses a JSON document held in a string attribute (policies, container definitions).
  // Returns nullopt-like absent/unknown Values unchanged; on bad JSON adds `code` and returns
  // an unknown value.
  Value json_document(const Value& text, const char* code, const Resource& r);

  void diagnose(const std::string& code, Severity severity, std::string message, const SourcePos& pos);

 private:
  std::vector<std::string> targets(const Resource& r, const Attribute& attr, NodeKind kind,
                                   const KeyFn& literal_key);

  GraphBuilder& graph_;
  Resolver& resolver_;
  Diagnostics& diagnostics_;
  std::string file_;
  const Limits& limits_;
};

// Sets canonical `path` on the node from a Terraform attribute.
void put(Node& node, std::string_view path, const Attribute& attr, const Conversion& conv = {});
void put(Node& node, std::string_view path, Value v);

using NormaliseFn = void (*)(Normaliser& n, const Resource& r);

struct TypeHandler {
  std::string_view type;
  // 0: resources that are nodes; 1: side resources folded into them. A phase-0 handler makes
  // its own resource's nodes, keys, links and edges among them, and never looks up another
  // resource's node (find(), target()): a large plan's phase 0 is read in two parts at once, each
  // into its own builder (reader.cc), and a lookup would not see the other part.
  int phase;
  NormaliseFn fn;
};

// Every modelled Terraform type, in one table (normalise_*.cc register into it).
const std::vector<TypeHandler>& type_handlers();
const TypeHandler* find_handler(std::string_view type);
bool is_modelled_type(std::string_view type);

// Per family (normalise_ecs.cc, normalise_ecr.cc, normalise_network.cc, normalise_iam.cc).
void normalise_cluster(Normaliser& n, const Resource& r);
void normalise_cluster_capacity_providers(Normaliser& n, const Resource& r);
void normalise_service(Normaliser& n, const Resource& r);
void normalise_task_set(Normaliser& n, const Resource& r);
void normalise_task_definition(Normaliser& n, const Resource& r);
void normalise_ecr_repository(Normaliser& n, const Resource& r);
void normalise_ecr_lifecycle_policy(Normaliser& n, const Resource& r);
void normalise_ecr_repository_policy(Normaliser& n, const Resource& r);
void normalise_ecr_registry_scanning(Normaliser& n, const Resource& r);
void normalise_ecr_replication(Normaliser& n, const Resource& r);
void normalise_vpc(Normaliser& n, const Resource& r);
void normalise_subnet(Normaliser& n, const Resource& r);
void normalise_security_group(Normaliser& n, const Resource& r);
void normalise_security_group_rule(Normaliser& n, const Resource& r);
void normalise_vpc_security_group_rule(Normaliser& n, const Resource& r);
void normalise_vpc_endpoint(Normaliser& n, const Resource& r);
void normalise_vpc_endpoint_policy(Normaliser& n, const Resource& r);
void normalise_vpc_endpoint_subnet_association(Normaliser& n, const Resource& r);
void normalise_vpc_endpoint_security_group_association(Normaliser& n, const Resource& r);
void normalise_iam_role(Normaliser& n, const Resource& r);
void normalise_iam_role_policy(Normaliser& n, const Resource& r);
void normalise_iam_role_policy_attachment(Normaliser& n, const Resource& r);

}  // namespace ecsguard::terraform
