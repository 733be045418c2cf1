// aws_ecs_task_definition and the containers in its container_definitions JSON string.
#include <algorithm>

#include "core/strings.h"
#include "graph/identity.h"
#include "graph/container_definition.h"
#include "terraform/normalise.h"

namespace ecsguard::terraform {

namespace {

const Conversion kVolumes{
    {"efs_volume_configuration", "docker_volume_configuration", "authorization_config",
     "fsx_windows_file_server_volume_configuration"},
    {{"configure_at_launch", "configured_at_launch"}},
    true};

// Terraform's `host_path` is the CloudFormation/API `host.sourcePath`.
void reshape_volumes(Value& volumes) {
  if (!volumes.is_list()) return;
  for (auto& vol : volumes.items()) {
    if (!vol.is_map()) continue;
    if (Value* host = vol.find("host_path")) {
      Value path = *host;
      vol.erase("host_path");
      Value h = Value::map();
      h.set_pos(path.pos());
      h.set("source_path", std::move(path));
      vol.set("host", std::move(h));
    }
  }
}

void containers(Normaliser& n, NodeId td, const Resource& r) {
  Attribute defs = r.values.child("container_definitions");
  Value text = defs.value();
  Node& node = n.node(td);
  if (text.is_known() && !text.is_null() && !text.is_string()) {
    n.diagnose("tf.plan.bad_type", Severity::kError,
               r.full_address + ": container_definitions must be a string holding a JSON array, "
                                "found " + text.render(),
               text.pos());
    text = Value::unknown("container_definitions is not a string");
  }
  if (!text.is_string()) {
    // Unknown (e.g. jsonencode over values known only after apply) or missing.
    Value state = text.is_absent() ? Value::unknown("container_definitions not in the plan")
                                   : text;
    put(node, "containers", state);
    // The images still point at repositories through the configuration references.
    n.link(td, Relation::kImageRepository, NodeKind::kEcrRepository, r, defs,
           [](std::string_view) { return std::string(); });
    return;
  }
  Value doc = n.json_document(text, "tf.container_definitions.bad_json", r);
  if (!doc.is_list()) {
    if (doc.is_known()) {
      n.diagnose("tf.container_definitions.not_array", Severity::kError,
                 r.full_address + ": container_definitions must hold a JSON array of container "
                                  "objects, found " +
                     std::string(doc.is_map() ? "an object" : "a scalar"),
                 text.pos());
    }
    put(node, "containers", Value::unknown("container_definitions is not a JSON array"));
    return;
  }
  Value names = Value::list();
  names.set_pos(text.pos());
  std::size_t index = 0;
  for (const Value& raw : doc.items()) {
    if (!raw.is_map()) {
      n.diagnose("tf.container_definitions.not_object", Severity::kError,
                 r.full_address + ": container_definitions[" + std::to_string(index) +
                     "] must be a JSON object",
                 text.pos());
      ++index;
      continue;
    }
    Value attrs = canonical_container(raw);
    Node c;
    c.kind = NodeKind::kContainer;
    c.source_type = r.type;
    c.address = n.node(td).address;  // shared with its task definition
    c.pos = text.pos();
    c.action = r.action;
    c.parent = td;
    const Value* name = attrs.find("name");
    c.element = "containers[" +
                (name && name->is_string() && !name->sensitive() ? std::string(name->text())
                                                                 : std::to_string(index)) +
                "]";
    if (name) names.push_back(*name);
    const Value* image_value = attrs.find("image");
    std::string image =
        std::string(image_value != nullptr && image_value->is_string() ? image_value->text() : "");
    c.attributes = std::move(attrs);
    NodeId cid = n.graph().add(std::move(c));
    n.graph().edge(cid, Relation::kTaskDefinition, td);
    if (!image.empty()) {
      std::string key = image_repository_key(image);
      if (!key.empty()) n.graph().link(cid, Relation::kImageRepository, NodeKind::kEcrRepository, key);
    }
    ++index;
  }
  n.node(td).attributes.set("containers", std::move(names));
}

}  // namespace

void normalise_task_definition(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kTaskDefinition);
  Node& node = n.node(id);
  const Attribute& v = r.values;
  Value family = v.child("family").value();
  put(node, "family", family);
  if (family.is_string()) n.graph().add_key(id, "family:" + std::string(family.text()));
  for (const char* a : {"cpu", "memory", "network_mode", "pid_mode", "ipc_mode",
                        "requires_compatibilities", "task_role_arn", "execution_role_arn",
                        "placement_constraints", "tags"}) {
    put(node, a, v.child(a));
  }
  Value volumes = v.child("volume").value(kVolumes);
  reshape_volumes(volumes);
  put(node, "volumes", std::move(volumes));
  put(node, "ephemeral_storage.size_in_gib", v.path("ephemeral_storage.0.size_in_gib"));
  put(node, "runtime_platform.cpu_architecture", v.path("runtime_platform.0.cpu_architecture"));
  put(node, "runtime_platform.operating_system_family",
      v.path("runtime_platform.0.operating_system_family"));
  put(node, "proxy_configuration.type", v.path("proxy_configuration.0.type"));
  put(node, "proxy_configuration.container_name", v.path("proxy_configuration.0.container_name"));
  n.link(id, Relation::kTaskRole, NodeKind::kIamRole, r, v.child("task_role_arn"), role_key);
  n.link(id, Relation::kExecutionRole, NodeKind::kIamRole, r, v.child("execution_role_arn"),
         role_key);
  containers(n, id, r);
}

}  // namespace ecsguard::terraform
