// Shared machinery of the CloudFormation normalisers: one function per resource family turns an
// evaluated resource into graph nodes (or folds it into the node it configures), producing the
// same canonical attributes, value shapes and edges as lib/terraform does for the same
// infrastructure.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloudformation/evaluator.h"
#include "graph/graph.h"
#include "graph/identity.h"

namespace ecsguard::cloudformation {

struct Resource {
  const ResourceInfo* info = nullptr;
  std::string pointer;  // "/Resources/<LogicalId>/Properties"
  Value props;          // evaluated Properties: a map, or unknown
  bool conditional = false;
};

using KeyFn = std::function<std::string(std::string_view literal)>;

class Normaliser {
 public:
  Normaliser(GraphBuilder& graph, Evaluator& eval, Diagnostics& diags, std::string file)
      : graph_(graph), eval_(eval), diagnostics_(diags), file_(std::move(file)) {}

  // A node for the resource, registered under "addr:<LogicalId>".
  NodeId add_node(const Resource& r, NodeKind kind);
  Node& node(NodeId id) { return graph_.node(id); }
  GraphBuilder& graph() { return graph_; }

  // The property at a dotted path of CloudFormation names ("NetworkConfiguration.
  // AwsvpcConfiguration.Subnets"): known, absent when not set, or unknown when it, or a value
  // it sits in, is unknown.
  static Value get(const Resource& r, std::string_view path);
  static Value get(const Value& from, std::string_view path);

  // Links `from` to the nodes `v` refers to: through Ref/GetAtt/Sub references when it has them,
  // otherwise through its literal value(s) (also the known parts of a partly unknown string),
  // mapped to a key by `literal_key` ("" = none).
  void link(NodeId from, Relation relation, NodeKind target, const Value& v,
            const KeyFn& literal_key);
  // The nodes of `kind` a side resource's property designates, found the same way.
  std::vector<NodeId> targets(NodeKind kind, const Value& v, const KeyFn& literal_key);
  // The literal key of a string known whole or in parts ("" when it cannot be decided).
  std::string literal_key(const Value& v, const KeyFn& literal_key) const;

  // Records that `r` was folded into `into`, or a note that its target is not in the input.
  void fold(NodeId into, const Resource& r, const char* what);

  // A JSON document held in a string (lifecycle policy text, a policy given as a string).
  Value json_document(const Value& text, const char* code, const Resource& r);
  // A policy property, an object or a JSON string, as a normalised IAM document.
  Value policy(const Value& v, const Resource& r);

  std::vector<std::string> references(const Value& v) const { return eval_.references(v); }
  void diagnose(const std::string& code, Severity severity, std::string message, const SourcePos& pos);

 private:
  std::vector<std::string> keys(const Value& v, const KeyFn& literal_key) const;

  GraphBuilder& graph_;
  Evaluator& eval_;
  Diagnostics& diagnostics_;
  std::string file_;
};

// Sets canonical `path` on the node; an absent value (not set, or AWS::NoValue) is left to the
// schema, which marks it absent with its default when the node is built.
void put(Node& node, std::string_view path, Value v);
// Makes sure the block at `path` exists as a map: a block the template sets, even without any
// member, gets its members' defaults from the schema, as Terraform plans show them.
void open(Node& node, std::string_view path);

// CloudFormation converts property values to the property's type: "true" for a Boolean, "512"
// for an Integer, 512 for a String. These do the same for known values and leave others alone.
Value as_string(Value v);
Value as_bool(Value v);
Value as_number(Value v);
Value as_strings(Value v);  // each item of a list
// `AssignPublicIp: ENABLED|DISABLED` → true|false.
Value enabled_flag(Value v);
// [{Key, Value}] → {key: value}.
Value tags_map(const Value& tags);

// A block's member names in canonical form: snake_case at every level except inside free-form
// maps, with renames applied to the snake_case names.
struct KeyStyle {
  std::vector<std::pair<std::string_view, std::string_view>> renames;
  std::vector<std::string_view> free_form;
};
Value snake_keys(const Value& v, const KeyStyle& style = {});
// Removes members whose known value is a zero number (what Terraform's set blocks fill in).
void drop_zero_numbers(Value& list_of_maps);

// Literal keys, as the Terraform normalisers register them.

using NormaliseFn = void (*)(Normaliser& n, const Resource& r);

struct TypeHandler {
  std::string_view type;
  int phase;  // 0: resources that are nodes; 1: side resources folded into them
  NormaliseFn fn;
};

const std::vector<TypeHandler>& type_handlers();
const TypeHandler* find_handler(std::string_view type);

// Per family (normalise_ecs.cc, normalise_task_definition.cc, normalise_ecr.cc,
// normalise_network.cc, normalise_iam.cc).
void normalise_cluster(Normaliser& n, const Resource& r);
void normalise_cluster_capacity_providers(Normaliser& n, const Resource& r);
void normalise_service(Normaliser& n, const Resource& r);
void normalise_task_set(Normaliser& n, const Resource& r);
void normalise_task_definition(Normaliser& n, const Resource& r);
void normalise_ecr_repository(Normaliser& n, const Resource& r);
void normalise_ecr_registry_scanning(Normaliser& n, const Resource& r);
void normalise_ecr_replication(Normaliser& n, const Resource& r);
void normalise_vpc(Normaliser& n, const Resource& r);
void normalise_subnet(Normaliser& n, const Resource& r);
void normalise_security_group(Normaliser& n, const Resource& r);
void normalise_security_group_ingress(Normaliser& n, const Resource& r);
void normalise_security_group_egress(Normaliser& n, const Resource& r);
void normalise_vpc_endpoint(Normaliser& n, const Resource& r);
void normalise_iam_role(Normaliser& n, const Resource& r);
void normalise_iam_policy(Normaliser& n, const Resource& r);
void normalise_iam_managed_policy(Normaliser& n, const Resource& r);

}  // namespace ecsguard::cloudformation
