// aws_ecs_cluster, aws_ecs_cluster_capacity_providers, aws_ecs_service, aws_ecs_task_set.
#include "graph/identity.h"
#include "terraform/normalise.h"

namespace ecsguard::terraform {

namespace {

const Conversion kStrategy{{}, {}, true};

void capacity(Node& node, const Attribute& values) {
  put(node, "capacity_providers", values.child("capacity_providers"));
  // Set elements fill unset numbers with 0, which is also the API default.
  put(node, "default_capacity_provider_strategy",
      values.child("default_capacity_provider_strategy"));
}

// network_configuration, shared by services and task sets; also links subnets and groups.
void network(Normaliser& n, NodeId id, const Resource& r) {
  Attribute net = r.values.path("network_configuration.0");
  Node& node = n.node(id);
  put(node, "network_configuration.assign_public_ip", net.child("assign_public_ip"));
  put(node, "network_configuration.subnets", net.child("subnets"));
  put(node, "network_configuration.security_groups", net.child("security_groups"));
  n.link(id, Relation::kSubnets, NodeKind::kSubnet, r, net.child("subnets"), id_key);
  n.link(id, Relation::kSecurityGroups, NodeKind::kSecurityGroup, r,
         net.child("security_groups"), id_key);
}

void load_balancers(Node& node, const Attribute& values) {
  Conversion conv{{}, {{"elb_name", "load_balancer_name"}}, true};
  put(node, "load_balancers", values.child("load_balancer"), conv);
}

}  // namespace

void normalise_cluster(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kCluster);
  Node& node = n.node(id);
  const Attribute& v = r.values;
  Value name = v.child("name").value();
  put(node, "name", name);
  if (name.is_string()) n.graph().add_key(id, name_key(name.text()));

  Value settings = v.child("setting").value();
  put(node, "settings", settings);
  if (settings.is_list()) {
    for (const auto& s : settings.items()) {
      const Value* sn = s.find("name");
      const Value* sv = s.find("value");
      if (sn && sv && sn->is_string() && sn->text() == "containerInsights") {
        put(node, "container_insights", *sv);
      }
    }
  } else if (settings.is_unknown()) {
    put(node, "container_insights", settings);
  }

  Attribute exec = v.path("configuration.0.execute_command_configuration.0");
  const char* base = "configuration.execute_command_configuration.";
  if (exec.json() != nullptr || exec.marked_unknown()) {
    put(node, std::string(base) + "kms_key_id", exec.child("kms_key_id"));
    put(node, std::string(base) + "logging", exec.child("logging"));
    Attribute log = exec.path("log_configuration.0");
    std::string lb = std::string(base) + "log_configuration.";
    put(node, lb + "cloud_watch_encryption_enabled", log.child("cloud_watch_encryption_enabled"));
    put(node, lb + "cloud_watch_log_group_name", log.child("cloud_watch_log_group_name"));
    put(node, lb + "s3_encryption_enabled", log.child("s3_bucket_encryption_enabled"));
    put(node, lb + "s3_bucket_name", log.child("s3_bucket_name"));
    put(node, lb + "s3_key_prefix", log.child("s3_key_prefix"));
  }
  Attribute storage = v.path("configuration.0.managed_storage_configuration.0");
  put(node, "configuration.managed_storage_configuration.fargate_ephemeral_storage_kms_key_id",
      storage.child("fargate_ephemeral_storage_kms_key_id"));
  put(node, "configuration.managed_storage_configuration.kms_key_id",
      storage.child("kms_key_id"));
  put(node, "service_connect_defaults.namespace",
      v.path("service_connect_defaults.0.namespace"));
  capacity(node, v);  // provider < 5.0 kept these on the cluster
  put(node, "tags", v.child("tags"));
}

void normalise_cluster_capacity_providers(Normaliser& n, const Resource& r) {
  NodeId cluster = n.target(NodeKind::kCluster, r, r.values.child("cluster_name"), cluster_key);
  n.fold(cluster, r, "cluster");
  if (cluster != kNoNode) capacity(n.node(cluster), r.values);
}

void normalise_service(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kService);
  Node& node = n.node(id);
  const Attribute& v = r.values;
  Value name = v.child("name").value();
  put(node, "name", name);
  if (name.is_string()) n.graph().add_key(id, name_key(name.text()));
  for (const char* a : {"cluster", "task_definition", "launch_type", "platform_version",
                        "desired_count", "scheduling_strategy", "enable_execute_command",
                        "enable_ecs_managed_tags", "propagate_tags",
                        "health_check_grace_period_seconds", "tags"}) {
    put(node, a, v.child(a));
  }
  put(node, "role", v.child("iam_role"));
  put(node, "capacity_provider_strategy", v.child("capacity_provider_strategy"), kStrategy);
  put(node, "deployment_controller.type", v.path("deployment_controller.0.type"));
  put(node, "deployment_configuration.maximum_percent", v.child("deployment_maximum_percent"));
  put(node, "deployment_configuration.minimum_healthy_percent",
      v.child("deployment_minimum_healthy_percent"));
  put(node, "deployment_configuration.deployment_circuit_breaker.enable",
      v.path("deployment_circuit_breaker.0.enable"));
  put(node, "deployment_configuration.deployment_circuit_breaker.rollback",
      v.path("deployment_circuit_breaker.0.rollback"));
  load_balancers(node, v);
  network(n, id, r);
  n.link(id, Relation::kCluster, NodeKind::kCluster, r, v.child("cluster"), cluster_key);
  n.link(id, Relation::kTaskDefinition, NodeKind::kTaskDefinition, r, v.child("task_definition"),
         family_key);
}

void normalise_task_set(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kTaskSet);
  Node& node = n.node(id);
  const Attribute& v = r.values;
  for (const char* a : {"cluster", "service", "task_definition", "external_id", "launch_type",
                        "platform_version", "tags"}) {
    put(node, a, v.child(a));
  }
  put(node, "capacity_provider_strategy", v.child("capacity_provider_strategy"), kStrategy);
  put(node, "scale.unit", v.path("scale.0.unit"));
  put(node, "scale.value", v.path("scale.0.value"));
  load_balancers(node, v);
  network(n, id, r);
  n.link(id, Relation::kCluster, NodeKind::kCluster, r, v.child("cluster"), cluster_key);
  n.link(id, Relation::kService, NodeKind::kService, r, v.child("service"), service_key);
  n.link(id, Relation::kTaskDefinition, NodeKind::kTaskDefinition, r, v.child("task_definition"),
         family_key);
}

}  // namespace ecsguard::terraform
