#include "graph/schema.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <deque>

#include "core/strings.h"

namespace ecsguard {

namespace {

Value s(const char* v) { return Value::string(v); }
Value b(bool v) { return Value::boolean(v); }
Value n(double v) { return Value::number(v); }
Value none() { return Value::absent(); }
// Collections AWS leaves empty when the input sets none (no load balancers, no volumes, ...).
Value empty() { return Value::list(); }
Value strings(std::initializer_list<const char*> vs) {
  Value l = Value::list();
  for (const char* v : vs) l.push_back(Value::string(v));
  return l;
}

// AWS applies its full-access policy to an endpoint created without one.
Value full_access_policy() {
  Value st = Value::map();
  st.set("actions", strings({"*"}));
  st.set("effect", s("Allow"));
  st.set("principals", strings({"*"}));
  st.set("resources", strings({"*"}));
  Value doc = Value::map();
  doc.set("statements", Value::list({st}));
  return doc;
}

std::vector<AttributeSpec> cluster() {
  return {
      {"name", none(), "cluster name"},
      {"container_insights", s("disabled"),
       "Container Insights: enabled, enhanced or disabled (the account default when unset)"},
      {"settings", none(), "cluster settings as name/value pairs"},
      {"configuration.execute_command_configuration.kms_key_id", none(),
       "KMS key that encrypts ECS Exec sessions"},
      {"configuration.execute_command_configuration.logging", s("DEFAULT"),
       "ECS Exec logging: NONE, DEFAULT or OVERRIDE"},
      {"configuration.execute_command_configuration.log_configuration."
       "cloud_watch_encryption_enabled",
       b(false), ""},
      {"configuration.execute_command_configuration.log_configuration.cloud_watch_log_group_name",
       none(), ""},
      {"configuration.execute_command_configuration.log_configuration.s3_encryption_enabled",
       b(false), ""},
      {"configuration.execute_command_configuration.log_configuration.s3_bucket_name", none(), ""},
      {"configuration.execute_command_configuration.log_configuration.s3_key_prefix", none(), ""},
      {"configuration.managed_storage_configuration.fargate_ephemeral_storage_kms_key_id", none(),
       "customer KMS key for Fargate ephemeral storage"},
      {"configuration.managed_storage_configuration.kms_key_id", none(),
       "customer KMS key for managed storage"},
      {"capacity_providers", none(), "capacity providers associated with the cluster"},
      {"default_capacity_provider_strategy", none(), "list of {capacity_provider, weight, base}"},
      {"default_capacity_provider_strategy[].weight", n(0), ""},
      {"default_capacity_provider_strategy[].base", n(0), ""},
      {"service_connect_defaults.namespace", none(), ""},
      {"tags", none(), "resource tags"},
  };
}

std::vector<AttributeSpec> network_configuration() {
  return {
      {"network_configuration.assign_public_ip", b(false), "tasks get a public IP"},
      {"network_configuration.subnets", none(), ""},
      {"network_configuration.security_groups", none(), ""},
  };
}

std::vector<AttributeSpec> service() {
  std::vector<AttributeSpec> v = {
      {"name", none(), ""},
      {"cluster", s("default"), "cluster name or ARN as written"},
      {"task_definition", none(), "task definition family[:revision] or ARN as written"},
      {"launch_type", s("EC2"), "EC2, FARGATE or EXTERNAL"},
      {"platform_version", s("LATEST"), "Fargate platform version"},
      {"capacity_provider_strategy", empty(), "list of {capacity_provider, weight, base}"},
      {"capacity_provider_strategy[].weight", n(0), ""},
      {"capacity_provider_strategy[].base", n(0), ""},
      {"desired_count", none(), ""},
      {"scheduling_strategy", s("REPLICA"), ""},
      {"enable_execute_command", b(false), "ECS Exec"},
      {"enable_ecs_managed_tags", b(false), ""},
      {"propagate_tags", s("NONE"), ""},
      {"role", none(), "service IAM role"},
      {"health_check_grace_period_seconds", none(), ""},
      {"load_balancers", empty(),
       "list of {target_group_arn, load_balancer_name, container_name, container_port}"},
      {"deployment_controller.type", s("ECS"), ""},
      {"deployment_configuration.maximum_percent", n(200), ""},
      {"deployment_configuration.minimum_healthy_percent", n(100), ""},
      {"deployment_configuration.deployment_circuit_breaker.enable", b(false), ""},
      {"deployment_configuration.deployment_circuit_breaker.rollback", b(false), ""},
      {"tags", none(), ""},
  };
  for (auto& a : network_configuration()) v.push_back(std::move(a));
  return v;
}

std::vector<AttributeSpec> task_set() {
  std::vector<AttributeSpec> v = {
      {"cluster", none(), ""},
      {"service", none(), ""},
      {"task_definition", none(), ""},
      {"external_id", none(), ""},
      {"launch_type", s("EC2"), ""},
      {"platform_version", s("LATEST"), ""},
      {"capacity_provider_strategy", empty(), ""},
      {"capacity_provider_strategy[].weight", n(0), ""},
      {"capacity_provider_strategy[].base", n(0), ""},
      {"load_balancers", empty(), ""},
      {"scale.unit", s("PERCENT"), ""},
      {"scale.value", n(100), ""},
      {"tags", none(), ""},
  };
  for (auto& a : network_configuration()) v.push_back(std::move(a));
  return v;
}

std::vector<AttributeSpec> task_definition() {
  return {
      {"family", none(), ""},
      {"containers", none(),
       "names of the task's containers (container nodes hold their settings); unknown when the "
       "container definitions cannot be read before deployment"},
      {"cpu", none(), "task CPU units, as a string (\"256\", \"1 vCPU\")"},
      {"memory", none(), "task memory, as a string"},
      {"network_mode", s("bridge"), "none, bridge, awsvpc or host"},
      {"pid_mode", none(), "host or task; unset means a private namespace"},
      {"ipc_mode", none(), "host, task or none"},
      {"requires_compatibilities", strings({"EC2"}), "EC2, FARGATE, EXTERNAL"},
      {"task_role_arn", none(), ""},
      {"execution_role_arn", none(), ""},
      {"volumes", empty(), "task volumes"},
      {"volumes[].name", none(), ""},
      {"volumes[].host.source_path", none(), "host path bind-mounted into the task"},
      {"volumes[].configured_at_launch", b(false), ""},
      {"volumes[].efs_volume_configuration.file_system_id", none(), ""},
      {"volumes[].efs_volume_configuration.root_directory", s("/"), ""},
      {"volumes[].efs_volume_configuration.transit_encryption", s("DISABLED"), ""},
      {"volumes[].efs_volume_configuration.transit_encryption_port", none(), ""},
      {"volumes[].efs_volume_configuration.authorization_config.access_point_id", none(), ""},
      {"volumes[].efs_volume_configuration.authorization_config.iam", s("DISABLED"), ""},
      {"volumes[].docker_volume_configuration.scope", none(), ""},
      {"volumes[].docker_volume_configuration.autoprovision", none(), ""},
      {"volumes[].docker_volume_configuration.driver", none(), ""},
      {"volumes[].docker_volume_configuration.driver_opts", none(), ""},
      {"volumes[].docker_volume_configuration.labels", none(), ""},
      {"ephemeral_storage.size_in_gib", n(20), ""},
      {"runtime_platform.cpu_architecture", s("X86_64"), ""},
      {"runtime_platform.operating_system_family", s("LINUX"), ""},
      {"placement_constraints", empty(), ""},
      {"proxy_configuration.type", none(), ""},
      {"proxy_configuration.container_name", none(), ""},
      {"tags", none(), ""},
  };
}

std::vector<AttributeSpec> container() {
  return {
      {"name", none(), ""},
      {"image", none(), "image reference as written"},
      {"cpu", none(), ""},
      {"memory", none(), "hard memory limit in MiB"},
      {"memory_reservation", none(), "soft memory limit in MiB"},
      {"essential", b(true), ""},
      {"privileged", b(false), ""},
      {"readonly_root_filesystem", b(false), ""},
      {"user", none(), "unset: the image's default user, often root"},
      {"linux_parameters.capabilities.add", none(), ""},
      {"linux_parameters.capabilities.drop", none(), ""},
      {"linux_parameters.init_process_enabled", none(), ""},
      {"linux_parameters.shared_memory_size", none(), ""},
      {"linux_parameters.tmpfs", none(), ""},
      {"linux_parameters.devices", none(), ""},
      {"linux_parameters.max_swap", none(), ""},
      {"linux_parameters.swappiness", none(), ""},
      {"docker_security_options", none(), ""},
      {"environment", none(), "list of {name, value}"},
      {"environment[].name", none(), ""},
      {"environment[].value", none(), ""},
      {"secrets", none(), "list of {name, value_from}"},
      {"environment_files", none(), "list of {value, type}"},
      {"port_mappings", none(), ""},
      {"port_mappings[].container_port", none(), ""},
      {"port_mappings[].host_port", none(), ""},
      {"port_mappings[].protocol", s("tcp"), ""},
      {"log_configuration.log_driver", none(), ""},
      {"log_configuration.options", none(), ""},
      {"log_configuration.secret_options", none(), ""},
      {"mount_points", none(), ""},
      {"mount_points[].source_volume", none(), ""},
      {"mount_points[].container_path", none(), ""},
      {"mount_points[].read_only", b(false), ""},
      {"volumes_from", none(), ""},
      {"health_check.command", none(), ""},
      {"health_check.interval", n(30), ""},
      {"health_check.timeout", n(5), ""},
      {"health_check.retries", n(3), ""},
      {"health_check.start_period", none(), ""},
      {"repository_credentials.credentials_parameter", none(), ""},
      {"ulimits", none(), ""},
      {"system_controls", none(), ""},
      {"depends_on", none(), ""},
      {"links", none(), ""},
      {"hostname", none(), ""},
      {"dns_servers", none(), ""},
      {"dns_search_domains", none(), ""},
      {"extra_hosts", none(), ""},
      {"disable_networking", none(), ""},
      {"interactive", none(), ""},
      {"pseudo_terminal", none(), ""},
      {"docker_labels", none(), ""},
      {"working_directory", none(), ""},
      {"entry_point", none(), ""},
      {"command", none(), ""},
      {"start_timeout", none(), ""},
      {"stop_timeout", none(), ""},
      {"firelens_configuration.type", none(), ""},
      {"firelens_configuration.options", none(), ""},
      {"resource_requirements", none(), ""},
      {"restart_policy.enabled", none(), ""},
      {"version_consistency", none(), ""},
      {"credential_specs", none(), ""},
  };
}

std::vector<AttributeSpec> ecr_repository() {
  return {
      {"name", none(), ""},
      {"image_tag_mutability", s("MUTABLE"),
       "MUTABLE, IMMUTABLE, MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION"},
      {"image_tag_mutability_exclusion_filters", none(), ""},
      {"image_scanning_configuration.scan_on_push", b(false), ""},
      {"encryption_configuration.encryption_type", s("AES256"), "AES256, KMS or KMS_DSSE"},
      {"encryption_configuration.kms_key", none(), ""},
      {"lifecycle_policy", none(), "the lifecycle policy document"},
      {"repository_policy", none(), "the repository policy, as a normalised IAM document"},
      {"empty_on_delete", b(false), ""},
      {"tags", none(), ""},
  };
}

std::vector<AttributeSpec> ecr_registry() {
  return {
      {"scan_type", s("BASIC"), "BASIC or ENHANCED"},
      {"scanning_rules", none(),
       "list of {scan_frequency, repository_filters: [{filter, filter_type}]}"},
      {"replication_rules", none(), "list of {destinations, repository_filters}"},
  };
}

std::vector<AttributeSpec> vpc_endpoint() {
  return {
      {"service_name", none(), "e.g. com.amazonaws.us-east-1.ecr.api"},
      {"service", none(), "the service part of service_name, e.g. ecr.api, s3, logs"},
      {"vpc_endpoint_type", s("Gateway"), "Gateway, Interface, GatewayLoadBalancer"},
      {"vpc_id", none(), ""},
      {"private_dns_enabled", b(false), ""},
      {"policy_document", full_access_policy(),
       "endpoint policy as a normalised IAM document; AWS's full-access policy when unset"},
      {"subnet_ids", none(), ""},
      {"security_group_ids", none(), ""},
      {"route_table_ids", none(), ""},
      {"ip_address_type", none(), ""},
      {"tags", none(), ""},
  };
}

std::vector<AttributeSpec> vpc() {
  return {
      {"cidr_block", none(), ""},
      {"enable_dns_support", b(true), ""},
      {"enable_dns_hostnames", b(false), ""},
      {"instance_tenancy", s("default"), ""},
      {"tags", none(), ""},
  };
}

std::vector<AttributeSpec> subnet() {
  return {
      {"vpc_id", none(), ""},
      {"cidr_block", none(), ""},
      {"availability_zone", none(), ""},
      {"map_public_ip_on_launch", b(false), ""},
      {"tags", none(), ""},
  };
}

std::vector<AttributeSpec> security_group() {
  std::vector<AttributeSpec> v = {
      {"name", none(), ""},
      {"description", none(), ""},
      {"vpc_id", none(), ""},
      {"ingress", none(), "list of rules"},
      {"egress", none(), "list of rules"},
      {"tags", none(), ""},
  };
  for (const char* dir : {"ingress", "egress"}) {
    for (const char* field : {"protocol", "from_port", "to_port", "cidr_blocks",
                              "ipv6_cidr_blocks", "source_security_groups", "prefix_list_ids",
                              "description"}) {
      static std::deque<std::string> storage;  // keeps the composed paths alive
      storage.push_back(std::string(dir) + "[]." + field);
      v.push_back({storage.back(), none(), ""});
    }
  }
  return v;
}

std::vector<AttributeSpec> iam_role() {
  return {
      {"name", none(), ""},
      {"path", s("/"), ""},
      {"assume_role_policy", none(), "trust policy as a normalised IAM document"},
      {"inline_policies", none(), "list of {name, document}"},
      {"managed_policy_arns", none(), ""},
      {"permissions_boundary", none(), ""},
      {"tags", none(), ""},
  };
}

const std::array<std::vector<AttributeSpec>, kNodeKindCount>& all_schemas() {
  static const auto* schemas = [] {
    auto* a = new std::array<std::vector<AttributeSpec>, kNodeKindCount>();
    (*a)[static_cast<std::size_t>(NodeKind::kCluster)] = cluster();
    (*a)[static_cast<std::size_t>(NodeKind::kService)] = service();
    (*a)[static_cast<std::size_t>(NodeKind::kTaskSet)] = task_set();
    (*a)[static_cast<std::size_t>(NodeKind::kTaskDefinition)] = task_definition();
    (*a)[static_cast<std::size_t>(NodeKind::kContainer)] = container();
    (*a)[static_cast<std::size_t>(NodeKind::kEcrRepository)] = ecr_repository();
    (*a)[static_cast<std::size_t>(NodeKind::kEcrRegistry)] = ecr_registry();
    (*a)[static_cast<std::size_t>(NodeKind::kVpcEndpoint)] = vpc_endpoint();
    (*a)[static_cast<std::size_t>(NodeKind::kVpc)] = vpc();
    (*a)[static_cast<std::size_t>(NodeKind::kSubnet)] = subnet();
    (*a)[static_cast<std::size_t>(NodeKind::kSecurityGroup)] = security_group();
    (*a)[static_cast<std::size_t>(NodeKind::kIamRole)] = iam_role();
    // Free-form subtrees: maps with user keys, documents, and lists whose element fields are
    // not worth declaring one by one.
    static const std::string_view kOpen[] = {
        "tags", "settings", "capacity_providers", "default_capacity_provider_strategy",
        "capacity_provider_strategy", "load_balancers", "placement_constraints", "secrets",
        "environment_files", "log_configuration.options", "log_configuration.secret_options",
        "volumes_from", "ulimits", "system_controls", "depends_on", "extra_hosts",
        "docker_labels", "resource_requirements", "linux_parameters.devices",
        "linux_parameters.tmpfs", "image_tag_mutability_exclusion_filters", "lifecycle_policy",
        "repository_policy", "scanning_rules", "replication_rules", "policy_document",
        "assume_role_policy", "inline_policies", "firelens_configuration.options",
        "credential_specs", "volumes[].docker_volume_configuration.driver_opts",
        "volumes[].docker_volume_configuration.labels", "restart_policy.enabled"};
    for (auto& specs : *a) {
      for (auto& spec : specs) {
        for (auto open : kOpen) {
          if (spec.path == open) spec.open = true;
        }
      }
    }
    return a;
  }();
  return *schemas;
}

// The first step of a schema path: "volumes[].name" → head "volumes", each, rest after `dot`.
struct PathStep {
  explicit PathStep(std::string_view path) : dot(path.find('.')), head(path.substr(0, dot)) {
    each = ends_with(head, "[]");
    if (each) head.remove_suffix(2);
  }
  std::size_t dot;
  std::string_view head;
  bool each = false;
};

// Replaces declared attributes set to null with their absent value, and (with add_missing) adds
// the declared attributes a node lacks. Missing keys are collected first and merged into each map
// in one pass: inserting them one by one into the sorted entries of a map moved every later entry
// each time.
class Filler {
 public:
  explicit Filler(bool add_missing) : add_missing_(add_missing) {}

  // `absent`: the value an unset attribute at `path` gets, absent with the spec's default (if any).
  void fill(Value& at, std::string_view path, const Value& absent, uint32_t depth = 0) {
    if (!at.is_map()) return;
    PathStep step(path);
    std::string_view head = step.head;
    Value* child = at.find(head);
    bool leaf = step.dot == std::string_view::npos && !step.each;
    if (child != nullptr && child->is_null()) {
      *child = leaf ? absent : Value::absent();  // replaced in place: nothing moves
      return;
    }
    if (child == nullptr) {
      if (!add_missing_) return;
      std::size_t map = index_of(&at);
      // A key already given its absent value by an earlier path, e.g. "a" for "a.b" then "a.c":
      // the later path stops at it, as it stops at any absent value.
      if (!pending(map, head)) adds_.push_back(Add{depth, map, head, leaf ? &absent : &absent_});
      return;
    }
    if (step.dot == std::string_view::npos) return;
    std::string_view rest = path.substr(step.dot + 1);
    if (step.each) {
      if (!child->is_list()) return;
      for (auto& item : child->items()) fill(item, rest, absent, depth + 1);
    } else {
      fill(*child, rest, absent, depth + 1);
    }
  }

  // Merges the collected keys, deeper maps before shallower ones: merging into a map moves its
  // entries, which would leave pointers to maps inside them dangling. An inner map is always
  // deeper than the maps holding it.
  void apply() {
    std::sort(adds_.begin(), adds_.end(), [](const Add& a, const Add& b) {
      if (a.depth != b.depth) return a.depth > b.depth;
      return a.map != b.map ? a.map < b.map : a.key < b.key;
    });
    std::vector<std::pair<std::string_view, const Value*>> batch;
    for (std::size_t i = 0; i < adds_.size();) {
      std::size_t j = i;
      batch.clear();
      for (; j < adds_.size() && adds_[j].map == adds_[i].map; ++j) {
        batch.emplace_back(adds_[j].key, adds_[j].value);
      }
      maps_[adds_[i].map]->merge_missing(batch);
      i = j;
    }
  }

 private:
  struct Add {
    uint32_t depth;   // maps between the attributes and this one
    std::size_t map;  // index into maps_
    std::string_view key;
    const Value* value;
  };

  std::size_t index_of(Value* map) {
    for (std::size_t i = maps_.size(); i-- > 0;) {
      if (maps_[i] == map) return i;
    }
    maps_.push_back(map);
    return maps_.size() - 1;
  }
  bool pending(std::size_t map, std::string_view key) const {
    for (const auto& a : adds_) {
      if (a.map == map && a.key == key) return true;
    }
    return false;
  }

  const bool add_missing_;
  const Value absent_ = Value::absent();
  std::vector<Value*> maps_;
  std::vector<Add> adds_;
};

}  // namespace

const std::vector<AttributeSpec>& schema_for(NodeKind kind) {
  return all_schemas()[static_cast<std::size_t>(kind)];
}

const AttributeSpec* find_attribute(NodeKind kind, std::string_view path) {
  for (const auto& spec : schema_for(kind)) {
    if (spec.path == path) return &spec;
  }
  return nullptr;
}

bool is_attribute_prefix(NodeKind kind, std::string_view path) {
  for (const auto& spec : schema_for(kind)) {
    if (starts_with(spec.path, path) &&
        (spec.path.size() == path.size() || spec.path[path.size()] == '.' ||
         spec.path[path.size()] == '[')) {
      return true;
    }
  }
  return false;
}

bool is_valid_path(NodeKind kind, std::string_view path) {
  if (find_attribute(kind, path) != nullptr || is_attribute_prefix(kind, path)) return true;
  for (const auto& spec : schema_for(kind)) {
    if (spec.open && starts_with(path, spec.path) && path.size() > spec.path.size() &&
        (path[spec.path.size()] == '.' || path[spec.path.size()] == '[')) {
      return true;
    }
  }
  return false;
}

namespace {

// Set-valued attributes per kind. "[]" steps into list elements.
const std::vector<std::string_view>& set_paths(NodeKind kind) {
  static const std::array<std::vector<std::string_view>, kNodeKindCount> kSets = [] {
    std::array<std::vector<std::string_view>, kNodeKindCount> a;
    auto at = [&](NodeKind k) -> std::vector<std::string_view>& {
      return a[static_cast<std::size_t>(k)];
    };
    at(NodeKind::kCluster) = {"settings", "capacity_providers",
                              "default_capacity_provider_strategy"};
    at(NodeKind::kService) = {"network_configuration.subnets",
                              "network_configuration.security_groups",
                              "capacity_provider_strategy", "load_balancers"};
    at(NodeKind::kTaskSet) = at(NodeKind::kService);
    at(NodeKind::kTaskDefinition) = {"requires_compatibilities", "volumes",
                                     "placement_constraints"};
    at(NodeKind::kContainer) = {"linux_parameters.capabilities.add",
                                "linux_parameters.capabilities.drop"};
    at(NodeKind::kEcrRegistry) = {"scanning_rules", "scanning_rules[].repository_filters"};
    at(NodeKind::kVpcEndpoint) = {"subnet_ids", "security_group_ids", "route_table_ids"};
    at(NodeKind::kSecurityGroup) = {"ingress", "egress"};
    at(NodeKind::kIamRole) = {"managed_policy_arns", "inline_policies"};
    return a;
  }();
  return kSets[static_cast<std::size_t>(kind)];
}

void canonical_set(Value& v) {
  if (!v.is_list()) return;
  bool scalars = true;
  for (const auto& item : v.items()) scalars = scalars && (!item.is_list() && !item.is_map());
  if (scalars) {
    for (const auto& item : v.items()) {
      if (item.is_unknown()) {
        Value u = item;
        if (v.pos().known()) u.set_pos(v.pos());
        v = std::move(u);
        return;
      }
    }
  }
  std::stable_sort(v.items().begin(), v.items().end(),
                   [](const Value& a, const Value& b) { return a.render() < b.render(); });
}

void canonical_at(Value& at, std::string_view path) {
  if (!at.is_map()) return;
  PathStep step(path);
  auto dot = step.dot;
  std::string_view head = step.head;
  bool each = step.each;
  Value* child = at.find(head);
  if (child == nullptr) return;
  if (dot == std::string_view::npos) {
    canonical_set(*child);
  } else if (each) {
    if (child->is_list()) {
      for (auto& item : child->items()) canonical_at(item, path.substr(dot + 1));
    }
  } else {
    canonical_at(*child, path.substr(dot + 1));
  }
}

}  // namespace

void canonicalise_sets(NodeKind kind, Value& attributes) {
  for (auto path : set_paths(kind)) canonical_at(attributes, path);
}

namespace {

std::string describe(const Value& v) {
  if (v.is_list()) return "a list";
  if (v.is_map()) return "a mapping";
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_number()) return "the number " + v.render();
  if (v.is_string()) return "the string \"" + std::string(v.text()).substr(0, 40) + "\"";
  return "null";
}

bool numeric(std::string_view text) {
  if (text.empty()) return false;
  std::string s(text);
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end != nullptr && *end == '\0';
}

// What `expected` (a known default, or a structural role) admits of `v`; empty when it fits.
std::string shape_error(const Value& v, const Value* default_value, bool block, bool list) {
  if (!v.is_known() || v.is_null()) return {};
  if (list) return v.is_list() ? "" : "a list";
  if (block) return v.is_map() ? "" : "a mapping";
  if (default_value == nullptr || !default_value->is_known()) return {};  // shape not declared
  const Value& d = *default_value;
  if (d.is_list()) return v.is_list() ? "" : "a list";
  if (d.is_map()) return v.is_map() ? "" : "a mapping";
  if (v.is_list() || v.is_map()) return d.is_bool() ? "a boolean" : d.is_number() ? "a number" : "a scalar";
  if (d.is_bool()) {
    if (v.is_bool()) return {};
    std::string t(v.is_string() ? v.text() : "");
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return t == "true" || t == "false" ? "" : "a boolean";
  }
  if (d.is_number() && v.is_string() && !numeric(v.text())) return "a number";
  return {};
}

bool scalar_name(std::string_view name) {
  for (std::string_view suffix : {"_arn", "_id", "_mode", "name", "user", "image", "family",
                                  "cluster", "cpu", "memory", "type", "_key", "_prefix",
                                  "_count", "task_definition"}) {
    if (ends_with(name, suffix)) return true;
  }
  return false;
}

// How the other declared paths use a path: as a list of blocks ("x[].y"), as a block ("x.y"),
// both (then left to the policies: neither), or not at all. The same for every node of a kind:
// worked out once.
struct Shape {
  bool each = false;
  bool block = false;
};

const std::vector<Shape>& shapes_for(NodeKind kind) {
  static const auto* shapes = [] {
    auto* a = new std::array<std::vector<Shape>, kNodeKindCount>();
    for (std::size_t k = 0; k < kNodeKindCount; ++k) {
      const auto& specs = all_schemas()[k];
      for (const auto& spec : specs) {
        Shape shape;
        for (const auto& other : specs) {
          if (other.path.size() <= spec.path.size() ||
              other.path.substr(0, spec.path.size()) != spec.path) {
            continue;
          }
          char next = other.path[spec.path.size()];
          if (next == '[') shape.each = true;
          if (next == '.') shape.block = true;
        }
        if (shape.each && shape.block) shape = Shape{};
        (*a)[k].push_back(shape);
      }
    }
    return a;
  }();
  return (*shapes)[static_cast<std::size_t>(kind)];
}

void check_path(Value& at, std::string_view path, std::string& walked, const AttributeSpec& spec,
                Shape shape, std::vector<TypeMismatch>& out) {
  if (!at.is_map()) return;
  PathStep step(path);
  auto dot = step.dot;
  std::string_view head = step.head;
  bool each = step.each;
  Value* child = at.find(head);
  if (child == nullptr) return;
  std::size_t base = walked.size();
  if (!walked.empty()) walked += '.';
  walked.append(head);
  bool leaf = dot == std::string_view::npos && !each;
  // A block is a prefix of other declared paths; its members are checked by their own specs. A
  // leaf without a default is a list or a block when other paths step into it.
  bool block = !leaf && !each;
  if (leaf && !spec.default_value.is_known()) {
    each = shape.each;
    block = shape.block;
  }
  // The schema's naming convention: ARNs, ids, modes, names, types and sizes are scalars.
  bool scalar = leaf && !each && !block && !spec.default_value.is_known() && scalar_name(head);
  std::string expected = shape_error(*child, leaf ? &spec.default_value : nullptr, block, each);
  if (expected.empty() && scalar && (child->is_list() || child->is_map())) expected = "a scalar";
  if (!expected.empty()) {
    out.push_back(TypeMismatch{walked, expected, describe(*child), child->pos()});
    SourcePos pos = child->pos();
    *child = Value::unknown(walked + " is " + describe(*child) + ", expected " + expected);
    child->set_pos(pos);
  } else if (!leaf && dot != std::string_view::npos) {
    std::string_view rest = path.substr(dot + 1);
    if (each) {
      if (child->is_list()) {
        for (std::size_t i = 0; i < child->items().size(); ++i) {
          std::string item = walked + "[" + std::to_string(i) + "]";
          check_path(child->items()[i], rest, item, spec, shape, out);
        }
      }
    } else {
      check_path(*child, rest, walked, spec, shape, out);
    }
  }
  walked.resize(base);
}

}  // namespace

namespace {

// The declarations of a kind by the top-level attribute they start at, sorted by it: a node is
// checked against those of the attributes it has, not against every declaration.
struct Declared {
  std::string_view name;
  std::vector<std::size_t> specs;  // in declaration order
};

const std::vector<Declared>& declared_by_name(NodeKind kind) {
  static const auto* by_name = [] {
    auto* a = new std::array<std::vector<Declared>, kNodeKindCount>();
    for (std::size_t k = 0; k < kNodeKindCount; ++k) {
      const auto& specs = all_schemas()[k];
      auto& out = (*a)[k];
      for (std::size_t i = 0; i < specs.size(); ++i) {
        std::string_view name = PathStep(specs[i].path).head;
        auto at =
            std::lower_bound(out.begin(), out.end(), name,
                             [](const Declared& d, std::string_view n) { return d.name < n; });
        if (at == out.end() || at->name != name) at = out.insert(at, Declared{name, {}});
        at->specs.push_back(i);
      }
    }
    return a;
  }();
  return (*by_name)[static_cast<std::size_t>(kind)];
}

bool has_null(const Value& v) {
  if (v.is_null()) return true;
  for (const Value& item : v.items()) {
    if (has_null(item)) return true;
  }
  return false;
}

}  // namespace

void check_types(NodeKind kind, Value& attributes, std::vector<TypeMismatch>& out,
                 const std::vector<bool>* declarations, bool checked) {
  if (!attributes.is_map()) return;
  const auto& specs = schema_for(kind);
  const auto& shapes = shapes_for(kind);
  const auto& declared = declared_by_name(kind);
  const std::size_t first = out.size();
  std::string walked;
  // The attributes and the declarations' names, both sorted, side by side. The declarations of
  // one attribute are checked in their order (one may replace a value another then meets).
  auto d = declared.begin();
  for (const SharedText& key : attributes.keys()) {
    while (d != declared.end() && d->name < key.view()) ++d;
    if (d == declared.end()) break;
    if (d->name != key.view()) continue;
    for (std::size_t i : d->specs) {
      if (specs[i].open) continue;
      if (declarations != nullptr && (*declarations)[i] != checked) continue;
      walked.clear();
      std::size_t before = out.size();
      check_path(attributes, specs[i].path, walked, specs[i], shapes[i], out);
      for (std::size_t m = before; m < out.size(); ++m) out[m].spec = i;
    }
  }
  // In declaration order, as checking every declaration in turn gives them.
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                   [](const TypeMismatch& a, const TypeMismatch& b) { return a.spec < b.spec; });
}

void apply_schema(NodeKind kind, Value& attributes, bool add_missing) {
  // Built once: every node shares each default rather than holding a copy of it.
  static const auto* absents = [] {
    auto* a = new std::array<std::vector<Value>, kNodeKindCount>();
    for (std::size_t k = 0; k < kNodeKindCount; ++k) {
      for (const auto& spec : all_schemas()[k]) {
        (*a)[k].push_back(spec.default_value.is_absent() ? Value::absent()
                                                         : Value::absent(spec.default_value));
      }
    }
    return a;
  }();
  // Without adding, only nulls are replaced: most nodes have none.
  if (!add_missing && !has_null(attributes)) return;
  const auto& specs = schema_for(kind);
  const auto& absent = (*absents)[static_cast<std::size_t>(kind)];
  Filler filler(add_missing);
  for (std::size_t i = 0; i < specs.size(); ++i) filler.fill(attributes, specs[i].path, absent[i]);
  filler.apply();
}

}  // namespace ecsguard
