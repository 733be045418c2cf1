// AWS::ECS::Cluster, AWS::ECS::ClusterCapacityProviderAssociations, AWS::ECS::Service,
// AWS::ECS::TaskSet — mirroring lib/terraform/normalise_ecs.cc.
#include "cloudformation/normalise.h"

namespace ecsguard::cloudformation {

namespace {

// A capacity provider strategy: [{capacity_provider, weight, base}] with numbers as numbers.
Value strategy(const Value& raw) {
  Value v = snake_keys(raw);
  if (!v.is_list()) return v;
  for (auto& item : v.items()) {
    for (const char* k : {"weight", "base"}) {
      if (Value* x = item.find(k)) *x = as_number(*x);
    }
    if (Value* x = item.find("capacity_provider")) *x = as_string(*x);
  }
  return v;
}

void capacity(Node& node, const Value& props) {
  put(node, "capacity_providers", as_strings(Normaliser::get(props, "CapacityProviders")));
  put(node, "default_capacity_provider_strategy",
      strategy(Normaliser::get(props, "DefaultCapacityProviderStrategy")));
}

// Services and task sets spell the awsvpc block differently (AwsvpcConfiguration on a service,
// AwsVpcConfiguration on a task set); the canonical shape and the edges are the same.
void network(Normaliser& n, NodeId id, const Resource& r, const char* block) {
  Value net = Normaliser::get(r, std::string("NetworkConfiguration.") + block);
  if (net.is_absent()) return;
  Node& node = n.node(id);
  open(node, "network_configuration");
  Value subnets = as_strings(Normaliser::get(net, "Subnets"));
  Value groups = as_strings(Normaliser::get(net, "SecurityGroups"));
  put(node, "network_configuration.assign_public_ip",
      enabled_flag(Normaliser::get(net, "AssignPublicIp")));
  put(node, "network_configuration.subnets", subnets);
  put(node, "network_configuration.security_groups", groups);
  n.link(id, Relation::kSubnets, NodeKind::kSubnet, subnets, id_key);
  n.link(id, Relation::kSecurityGroups, NodeKind::kSecurityGroup, groups, id_key);
}

void load_balancers(Node& node, const Resource& r) {
  Value lbs = snake_keys(Normaliser::get(r, "LoadBalancers"));
  if (lbs.is_list()) {
    for (auto& lb : lbs.items()) {
      if (Value* port = lb.find("container_port")) *port = as_number(*port);
    }
  }
  put(node, "load_balancers", std::move(lbs));
}

Value capacity_provider_strategy(const Resource& r) {
  // Terraform's set block drops zero weights and bases; so does the canonical shape.
  Value v = strategy(Normaliser::get(r, "CapacityProviderStrategy"));
  drop_zero_numbers(v);
  return v;
}

}  // namespace

void normalise_cluster(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kCluster);
  Node& node = n.node(id);
  Value name = as_string(Normaliser::get(r, "ClusterName"));
  put(node, "name", name);
  if (name.is_string()) n.graph().add_key(id, name_key(name.text()));

  Value settings = snake_keys(Normaliser::get(r, "ClusterSettings"));
  if (settings.is_list()) {
    for (auto& s : settings.items()) {
      if (Value* v = s.find("value")) *v = as_string(*v);
    }
  }
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

  Value exec = Normaliser::get(r, "Configuration.ExecuteCommandConfiguration");
  const std::string base = "configuration.execute_command_configuration.";
  if (!exec.is_absent()) {
    open(node, "configuration.execute_command_configuration");
    put(node, base + "kms_key_id", as_string(Normaliser::get(exec, "KmsKeyId")));
    put(node, base + "logging", as_string(Normaliser::get(exec, "Logging")));
    Value log = Normaliser::get(exec, "LogConfiguration");
    if (!log.is_absent()) {
      open(node, base + "log_configuration");
      const std::string lb = base + "log_configuration.";
      put(node, lb + "cloud_watch_encryption_enabled",
          as_bool(Normaliser::get(log, "CloudWatchEncryptionEnabled")));
      put(node, lb + "cloud_watch_log_group_name",
          as_string(Normaliser::get(log, "CloudWatchLogGroupName")));
      put(node, lb + "s3_encryption_enabled", as_bool(Normaliser::get(log, "S3EncryptionEnabled")));
      put(node, lb + "s3_bucket_name", as_string(Normaliser::get(log, "S3BucketName")));
      put(node, lb + "s3_key_prefix", as_string(Normaliser::get(log, "S3KeyPrefix")));
    }
  }
  Value storage = Normaliser::get(r, "Configuration.ManagedStorageConfiguration");
  put(node, "configuration.managed_storage_configuration.fargate_ephemeral_storage_kms_key_id",
      as_string(Normaliser::get(storage, "FargateEphemeralStorageKmsKeyId")));
  put(node, "configuration.managed_storage_configuration.kms_key_id",
      as_string(Normaliser::get(storage, "KmsKeyId")));
  put(node, "service_connect_defaults.namespace",
      as_string(Normaliser::get(r, "ServiceConnectDefaults.Namespace")));
  capacity(node, r.props);
  put(node, "tags", tags_map(Normaliser::get(r, "Tags")));
}

void normalise_cluster_capacity_providers(Normaliser& n, const Resource& r) {
  auto clusters = n.targets(NodeKind::kCluster, Normaliser::get(r, "Cluster"), cluster_key);
  n.fold(clusters.empty() ? kNoNode : clusters[0], r, "cluster");
  if (!clusters.empty()) capacity(n.node(clusters[0]), r.props);
}

void normalise_service(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kService);
  Node& node = n.node(id);
  Value name = as_string(Normaliser::get(r, "ServiceName"));
  put(node, "name", name);
  if (name.is_string()) n.graph().add_key(id, name_key(name.text()));
  Value cluster = as_string(Normaliser::get(r, "Cluster"));
  Value task_definition = as_string(Normaliser::get(r, "TaskDefinition"));
  put(node, "cluster", cluster);
  put(node, "task_definition", task_definition);
  put(node, "launch_type", as_string(Normaliser::get(r, "LaunchType")));
  put(node, "platform_version", as_string(Normaliser::get(r, "PlatformVersion")));
  put(node, "desired_count", as_number(Normaliser::get(r, "DesiredCount")));
  put(node, "scheduling_strategy", as_string(Normaliser::get(r, "SchedulingStrategy")));
  put(node, "enable_execute_command", as_bool(Normaliser::get(r, "EnableExecuteCommand")));
  put(node, "enable_ecs_managed_tags", as_bool(Normaliser::get(r, "EnableECSManagedTags")));
  put(node, "propagate_tags", as_string(Normaliser::get(r, "PropagateTags")));
  put(node, "health_check_grace_period_seconds",
      as_number(Normaliser::get(r, "HealthCheckGracePeriodSeconds")));
  put(node, "tags", tags_map(Normaliser::get(r, "Tags")));
  put(node, "role", as_string(Normaliser::get(r, "Role")));
  put(node, "capacity_provider_strategy", capacity_provider_strategy(r));

  Value controller = Normaliser::get(r, "DeploymentController");
  if (!controller.is_absent()) {
    open(node, "deployment_controller");
    put(node, "deployment_controller.type", as_string(Normaliser::get(controller, "Type")));
  }
  // Terraform keeps these two at the top level with provider defaults: the block always exists.
  Value deployment = Normaliser::get(r, "DeploymentConfiguration");
  open(node, "deployment_configuration");
  put(node, "deployment_configuration.maximum_percent",
      as_number(Normaliser::get(deployment, "MaximumPercent")));
  put(node, "deployment_configuration.minimum_healthy_percent",
      as_number(Normaliser::get(deployment, "MinimumHealthyPercent")));
  Value breaker = Normaliser::get(deployment, "DeploymentCircuitBreaker");
  if (!breaker.is_absent()) {
    put(node, "deployment_configuration.deployment_circuit_breaker.enable",
        as_bool(Normaliser::get(breaker, "Enable")));
    put(node, "deployment_configuration.deployment_circuit_breaker.rollback",
        as_bool(Normaliser::get(breaker, "Rollback")));
  }
  load_balancers(node, r);
  network(n, id, r, "AwsvpcConfiguration");
  n.link(id, Relation::kCluster, NodeKind::kCluster, cluster, cluster_key);
  n.link(id, Relation::kTaskDefinition, NodeKind::kTaskDefinition, task_definition, family_key);
}

void normalise_task_set(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kTaskSet);
  Node& node = n.node(id);
  Value cluster = as_string(Normaliser::get(r, "Cluster"));
  Value service = as_string(Normaliser::get(r, "Service"));
  Value task_definition = as_string(Normaliser::get(r, "TaskDefinition"));
  put(node, "cluster", cluster);
  put(node, "service", service);
  put(node, "task_definition", task_definition);
  put(node, "external_id", as_string(Normaliser::get(r, "ExternalId")));
  put(node, "launch_type", as_string(Normaliser::get(r, "LaunchType")));
  put(node, "platform_version", as_string(Normaliser::get(r, "PlatformVersion")));
  put(node, "tags", tags_map(Normaliser::get(r, "Tags")));
  put(node, "capacity_provider_strategy", capacity_provider_strategy(r));
  Value scale = Normaliser::get(r, "Scale");
  if (!scale.is_absent()) {
    open(node, "scale");
    put(node, "scale.unit", as_string(Normaliser::get(scale, "Unit")));
    put(node, "scale.value", as_number(Normaliser::get(scale, "Value")));
  }
  load_balancers(node, r);
  network(n, id, r, "AwsVpcConfiguration");
  n.link(id, Relation::kCluster, NodeKind::kCluster, cluster, cluster_key);
  n.link(id, Relation::kService, NodeKind::kService, service, service_key);
  n.link(id, Relation::kTaskDefinition, NodeKind::kTaskDefinition, task_definition, family_key);
}

}  // namespace ecsguard::cloudformation
