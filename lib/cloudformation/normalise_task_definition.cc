// AWS::ECS::TaskDefinition and the containers of its ContainerDefinitions — mirroring
// lib/terraform/normalise_task_definition.cc: one child node per container, canonical_container()
// attributes, `containers` listing the names, image → repository edges.
#include "cloudformation/normalise.h"
#include "graph/container_definition.h"

namespace ecsguard::cloudformation {

namespace {

// Applies `f` to the value at a path of canonical names; "[]" steps into every list item.
template <typename F>
void at_path(Value& v, std::string_view path, F f) {
  if (path.empty()) {
    v = f(std::move(v));
    return;
  }
  auto dot = path.find('.');
  std::string_view head = path.substr(0, dot);
  std::string_view rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  bool each = head.size() > 2 && head.substr(head.size() - 2) == "[]";
  if (each) head.remove_suffix(2);
  Value* child = v.find(head);
  if (child == nullptr) return;
  if (!each) {
    at_path(*child, rest, f);
  } else if (child->is_list()) {
    for (auto& item : child->items()) at_path(item, rest, f);
  }
}

// Every value of a free-form map as a string (ECS stores log options and labels as strings).
Value string_values(Value v) {
  if (!v.is_map()) return v;
  for (auto& item : v.items()) item = as_string(std::move(item));
  return v;
}

// CloudFormation converts container properties to their types; the API JSON that Terraform
// holds has them typed already.
void coerce_container(Value& c) {
  for (const char* p :
       {"cpu", "memory", "memory_reservation", "start_timeout", "stop_timeout",
        "port_mappings[].container_port", "port_mappings[].host_port", "health_check.interval",
        "health_check.timeout", "health_check.retries", "health_check.start_period",
        "linux_parameters.shared_memory_size", "linux_parameters.max_swap",
        "linux_parameters.swappiness", "linux_parameters.tmpfs[].size", "ulimits[].soft_limit",
        "ulimits[].hard_limit"}) {
    at_path(c, p, as_number);
  }
  for (const char* p :
       {"essential", "privileged", "readonly_root_filesystem", "disable_networking", "interactive",
        "pseudo_terminal", "linux_parameters.init_process_enabled", "mount_points[].read_only",
        "volumes_from[].read_only", "restart_policy.enabled"}) {
    at_path(c, p, as_bool);
  }
  for (const char* p : {"name", "image", "user", "hostname", "working_directory"}) {
    at_path(c, p, as_string);
  }
  for (const char* p :
       {"log_configuration.options", "firelens_configuration.options", "docker_labels"}) {
    at_path(c, p, string_values);
  }
}

const KeyStyle kVolumes{{{"filesystem_id", "file_system_id"}}, {"driver_opts", "labels"}};

Value volumes(const Value& raw) {
  Value v = snake_keys(raw, kVolumes);
  if (!v.is_list()) return v;
  for (auto& vol : v.items()) {
    if (!vol.is_map()) continue;
    at_path(vol, "configured_at_launch", as_bool);
    at_path(vol, "docker_volume_configuration.autoprovision", as_bool);
    at_path(vol, "efs_volume_configuration.transit_encryption_port", as_number);
    // An empty Host (a Docker-managed volume) is what Terraform writes as host_path "".
    if (Value* host = vol.find("host"); host != nullptr && host->is_map()) {
      const Value* path = host->find("source_path");
      if (path == nullptr || (path->is_string() && path->text().empty())) vol.erase("host");
    }
  }
  return v;
}

void containers(Normaliser& n, NodeId td, const Resource& r) {
  Value defs = Normaliser::get(r, "ContainerDefinitions");
  if (defs.is_absent()) return;
  if (!defs.is_list()) {
    if (defs.is_known()) {
      n.diagnose("cfn.property.bad_type", Severity::kWarning,
                 r.info->id + ": ContainerDefinitions must be a list of container definitions",
                 defs.pos());
      defs = Value::unknown("ContainerDefinitions is not a list");
    }
    put(n.node(td), "containers", defs);
    n.link(td, Relation::kImageRepository, NodeKind::kEcrRepository, defs,
           [](std::string_view) { return std::string(); });
    return;
  }
  Value names = Value::list();
  names.set_pos(defs.pos());
  Value unknown_item;
  std::size_t index = 0;
  for (const Value& raw : defs.items()) {
    if (raw.is_unknown()) {
      // A container behind an undecidable Fn::If: its repositories still count.
      if (!unknown_item.is_unknown()) unknown_item = raw;
      n.link(td, Relation::kImageRepository, NodeKind::kEcrRepository, raw,
             [](std::string_view) { return std::string(); });
      ++index;
      continue;
    }
    if (!raw.is_map()) {
      n.diagnose("cfn.property.bad_type", Severity::kWarning,
                 r.info->id + ": ContainerDefinitions[" + std::to_string(index) +
                     "] must be a container definition object",
                 raw.pos());
      ++index;
      continue;
    }
    Value attrs = canonical_container(raw);
    coerce_container(attrs);
    Node c;
    c.kind = NodeKind::kContainer;
    c.source_type = r.info->type;
    c.address = n.node(td).address;  // shared with its task definition
    c.pos = raw.pos();
    c.construct_path = r.info->construct_path;
    c.set_suppressions(r.info->suppressions);
    c.conditional = r.conditional;
    c.parent = td;
    const Value* name = attrs.find("name");
    c.element =
        "containers[" +
        (name && name->is_string() && !name->sensitive() ? std::string(name->text())
                                                          : std::to_string(index)) +
        "]";
    if (name) names.push_back(*name);
    Value image = attrs.find("image") != nullptr ? *attrs.find("image") : Value::absent();
    c.attributes = std::move(attrs);
    NodeId cid = n.graph().add(std::move(c));
    n.graph().edge(cid, Relation::kTaskDefinition, td);
    n.link(cid, Relation::kImageRepository, NodeKind::kEcrRepository, image, image_repository_key);
    ++index;
  }
  if (unknown_item.is_unknown()) {
    put(n.node(td), "containers", unknown_item);
  } else {
    n.node(td).attributes.set("containers", std::move(names));
  }
}

}  // namespace

void normalise_task_definition(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kTaskDefinition);
  Node& node = n.node(id);
  Value family = as_string(Normaliser::get(r, "Family"));
  put(node, "family", family);
  if (family.is_string()) n.graph().add_key(id, "family:" + std::string(family.text()));
  for (auto [from, to] : {std::pair{"Cpu", "cpu"},
                          {"Memory", "memory"},
                          {"NetworkMode", "network_mode"},
                          {"PidMode", "pid_mode"},
                          {"IpcMode", "ipc_mode"}}) {
    put(node, to, as_string(Normaliser::get(r, from)));
  }
  put(node, "requires_compatibilities", as_strings(Normaliser::get(r, "RequiresCompatibilities")));
  Value task_role = as_string(Normaliser::get(r, "TaskRoleArn"));
  Value execution_role = as_string(Normaliser::get(r, "ExecutionRoleArn"));
  put(node, "task_role_arn", task_role);
  put(node, "execution_role_arn", execution_role);
  put(node, "placement_constraints", snake_keys(Normaliser::get(r, "PlacementConstraints")));
  put(node, "tags", tags_map(Normaliser::get(r, "Tags")));
  put(node, "volumes", volumes(Normaliser::get(r, "Volumes")));
  put(node, "ephemeral_storage.size_in_gib",
      as_number(Normaliser::get(r, "EphemeralStorage.SizeInGiB")));
  Value platform = Normaliser::get(r, "RuntimePlatform");
  put(node, "runtime_platform.cpu_architecture",
      as_string(Normaliser::get(platform, "CpuArchitecture")));
  put(node, "runtime_platform.operating_system_family",
      as_string(Normaliser::get(platform, "OperatingSystemFamily")));
  put(node, "proxy_configuration.type", as_string(Normaliser::get(r, "ProxyConfiguration.Type")));
  put(node, "proxy_configuration.container_name",
      as_string(Normaliser::get(r, "ProxyConfiguration.ContainerName")));
  n.link(id, Relation::kTaskRole, NodeKind::kIamRole, task_role, role_key);
  n.link(id, Relation::kExecutionRole, NodeKind::kIamRole, execution_role, role_key);
  containers(n, id, r);
}

}  // namespace ecsguard::cloudformation
