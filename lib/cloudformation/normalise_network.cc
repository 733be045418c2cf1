// AWS::EC2::VPC, Subnet, SecurityGroup (+ SecurityGroupIngress/Egress folded into it) and
// VPCEndpoint — mirroring lib/terraform/normalise_network.cc.
#include "cloudformation/normalise.h"
#include "graph/identity.h"

namespace ecsguard::cloudformation {

namespace {

// One canonical security group rule (the shape of lib/terraform/normalise_network.cc rule()),
// from an inline rule or an Ingress/Egress resource's properties.
Value rule(const Value& raw, bool egress) {
  if (!raw.is_map()) return raw;
  Value out = Value::map();
  out.set_pos(raw.pos());
  auto copy = [&](const char* from, const char* to, Value (*convert)(Value)) {
    const Value* v = raw.find(from);
    if (v == nullptr || (v->is_string() && v->text().empty())) return;
    out.set(to, convert(*v));
  };
  auto copy_list = [&](const char* from, const char* to) {
    const Value* v = raw.find(from);
    if (v == nullptr || v->is_null() || (v->is_string() && v->text().empty())) return;
    Value s = as_string(*v);
    if (!s.is_string()) {  // unknown (a reference) stays as it is, as in Terraform's rule()
      out.set(to, std::move(s));
      return;
    }
    Value l = Value::list({s});
    l.set_pos(v->pos());
    out.set(to, std::move(l));
  };
  copy("IpProtocol", "protocol", as_string);
  copy("FromPort", "from_port", as_number);
  copy("ToPort", "to_port", as_number);
  copy("Description", "description", as_string);
  copy_list("CidrIp", "cidr_blocks");
  copy_list("CidrIpv6", "ipv6_cidr_blocks");
  copy_list(egress ? "DestinationSecurityGroupId" : "SourceSecurityGroupId",
            "source_security_groups");
  copy_list(egress ? "DestinationPrefixListId" : "SourcePrefixListId", "prefix_list_ids");
  return out;
}

Value rules(const Value& raw, bool egress) {
  if (!raw.is_list()) return raw;
  Value out = Value::list();
  out.set_pos(raw.pos());
  for (const auto& item : raw.items()) out.push_back(rule(item, egress));
  return out;
}

void append_rule(Node& sg, const char* direction, Value r) {
  Value* list = sg.attributes.find(direction);
  if (list == nullptr || !list->is_list()) {
    if (list != nullptr && list->is_unknown()) return;  // stays unknown
    list = &sg.attributes.set(direction, Value::list());
  }
  list->push_back(std::move(r));
}

void fold_rule(Normaliser& n, const Resource& r, bool egress) {
  auto groups = n.targets(NodeKind::kSecurityGroup, Normaliser::get(r, "GroupId"), id_key);
  n.fold(groups.empty() ? kNoNode : groups[0], r, "security group");
  if (groups.empty()) return;
  append_rule(n.node(groups[0]), egress ? "egress" : "ingress", rule(r.props, egress));
}

}  // namespace

void normalise_vpc(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kVpc);
  Node& node = n.node(id);
  put(node, "cidr_block", as_string(Normaliser::get(r, "CidrBlock")));
  put(node, "enable_dns_support", as_bool(Normaliser::get(r, "EnableDnsSupport")));
  put(node, "enable_dns_hostnames", as_bool(Normaliser::get(r, "EnableDnsHostnames")));
  put(node, "instance_tenancy", as_string(Normaliser::get(r, "InstanceTenancy")));
  put(node, "tags", tags_map(Normaliser::get(r, "Tags")));
}

void normalise_subnet(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kSubnet);
  Node& node = n.node(id);
  Value vpc = as_string(Normaliser::get(r, "VpcId"));
  put(node, "vpc_id", vpc);
  put(node, "cidr_block", as_string(Normaliser::get(r, "CidrBlock")));
  put(node, "availability_zone", as_string(Normaliser::get(r, "AvailabilityZone")));
  put(node, "map_public_ip_on_launch", as_bool(Normaliser::get(r, "MapPublicIpOnLaunch")));
  put(node, "tags", tags_map(Normaliser::get(r, "Tags")));
  n.link(id, Relation::kVpc, NodeKind::kVpc, vpc, id_key);
}

void normalise_security_group(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kSecurityGroup);
  Node& node = n.node(id);
  Value vpc = as_string(Normaliser::get(r, "VpcId"));
  put(node, "name", as_string(Normaliser::get(r, "GroupName")));
  put(node, "description", as_string(Normaliser::get(r, "GroupDescription")));
  put(node, "vpc_id", vpc);
  put(node, "tags", tags_map(Normaliser::get(r, "Tags")));
  put(node, "ingress", rules(Normaliser::get(r, "SecurityGroupIngress"), false));
  put(node, "egress", rules(Normaliser::get(r, "SecurityGroupEgress"), true));
  n.link(id, Relation::kVpc, NodeKind::kVpc, vpc, id_key);
}

void normalise_security_group_ingress(Normaliser& n, const Resource& r) { fold_rule(n, r, false); }

void normalise_security_group_egress(Normaliser& n, const Resource& r) { fold_rule(n, r, true); }

void normalise_vpc_endpoint(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kVpcEndpoint);
  Node& node = n.node(id);
  Value service_name = as_string(Normaliser::get(r, "ServiceName"));
  put(node, "service_name", service_name);
  // The service is known even when the region in the name is not
  // ("com.amazonaws.${AWS::Region}.ecr.api" → "ecr.api").
  std::string service =
      n.literal_key(service_name, [](std::string_view s) { return endpoint_service_from(s); });
  if (!service.empty()) {
    Value s = Value::string(service);
    s.set_pos(service_name.pos());
    put(node, "service", std::move(s));
  } else if (service_name.is_unknown()) {
    put(node, "service", service_name);
  }
  Value vpc = as_string(Normaliser::get(r, "VpcId"));
  Value subnets = as_strings(Normaliser::get(r, "SubnetIds"));
  Value groups = as_strings(Normaliser::get(r, "SecurityGroupIds"));
  put(node, "vpc_endpoint_type", as_string(Normaliser::get(r, "VpcEndpointType")));
  put(node, "vpc_id", vpc);
  put(node, "private_dns_enabled", as_bool(Normaliser::get(r, "PrivateDnsEnabled")));
  put(node, "subnet_ids", subnets);
  put(node, "security_group_ids", groups);
  put(node, "route_table_ids", as_strings(Normaliser::get(r, "RouteTableIds")));
  put(node, "ip_address_type", as_string(Normaliser::get(r, "IpAddressType")));
  put(node, "tags", tags_map(Normaliser::get(r, "Tags")));
  Value policy = Normaliser::get(r, "PolicyDocument");
  if (!policy.is_absent()) put(node, "policy_document", n.policy(policy, r));
  n.link(id, Relation::kVpc, NodeKind::kVpc, vpc, id_key);
  n.link(id, Relation::kSubnets, NodeKind::kSubnet, subnets, id_key);
  n.link(id, Relation::kSecurityGroups, NodeKind::kSecurityGroup, groups, id_key);
}

}  // namespace ecsguard::cloudformation
