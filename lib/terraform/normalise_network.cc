// aws_vpc, aws_subnet, aws_security_group (+ rule resources), aws_vpc_endpoint (+ policy and
// association resources).
#include "graph/iam_document.h"
#include "graph/identity.h"
#include "terraform/normalise.h"

namespace ecsguard::terraform {

namespace {

void register_id(Normaliser& n, NodeId id, const Resource& r) {
  Value v = r.values.child("id").value().effective();
  if (v.is_string() && !v.text().empty()) n.graph().add_key(id, id_key(v.text()));
}

// One canonical security group rule from any of Terraform's three spellings.
Value rule(const Value& raw, bool vpc_rule_resource) {
  Value out = Value::map();
  out.set_pos(raw.pos());
  auto copy = [&](const char* from, const char* to) {
    if (const Value* v = raw.find(from); v != nullptr && !(v->is_string() && v->text().empty())) {
      out.set(to, *v);
    }
  };
  auto copy_list = [&](const char* from, const char* to) {
    const Value* v = raw.find(from);
    // Inline rule blocks list every field; an empty list names no source, like an unset one.
    if (v == nullptr || v->is_null() || (v->is_list() && v->size() == 0)) return;
    if (v->is_string()) {
      if (v->text().empty()) return;
      Value l = Value::list({*v});
      l.set_pos(v->pos());
      out.set(to, std::move(l));
    } else {
      out.set(to, *v);
    }
  };
  copy(vpc_rule_resource ? "ip_protocol" : "protocol", "protocol");
  copy("from_port", "from_port");
  copy("to_port", "to_port");
  copy("description", "description");
  if (vpc_rule_resource) {
    copy_list("cidr_ipv4", "cidr_blocks");
    copy_list("cidr_ipv6", "ipv6_cidr_blocks");
    copy_list("referenced_security_group_id", "source_security_groups");
    copy_list("prefix_list_id", "prefix_list_ids");
  } else {
    copy_list("cidr_blocks", "cidr_blocks");
    copy_list("ipv6_cidr_blocks", "ipv6_cidr_blocks");
    copy_list("security_groups", "source_security_groups");
    copy_list("source_security_group_id", "source_security_groups");
    copy_list("prefix_list_ids", "prefix_list_ids");
  }
  return out;
}

void append_rule(Node& sg, const char* direction, Value r) {
  Value* list = sg.attributes.find(direction);
  if (list == nullptr || !list->is_list()) {
    list = &sg.attributes.set(direction, Value::list());
  }
  list->push_back(std::move(r));
}

void append_to_list(Node& node, const char* attribute, Value v) {
  Value* list = node.attributes.find(attribute);
  if (list == nullptr || !list->is_list()) {
    if (list != nullptr && list->is_unknown()) return;  // stays unknown
    list = &node.attributes.set(attribute, Value::list());
  }
  list->push_back(std::move(v));
}

}  // namespace

void normalise_vpc(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kVpc);
  register_id(n, id, r);
  Node& node = n.node(id);
  for (const char* a : {"cidr_block", "enable_dns_support", "enable_dns_hostnames",
                        "instance_tenancy", "tags"}) {
    put(node, a, r.values.child(a));
  }
}

void normalise_subnet(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kSubnet);
  register_id(n, id, r);
  Node& node = n.node(id);
  for (const char* a : {"vpc_id", "cidr_block", "availability_zone", "map_public_ip_on_launch",
                        "tags"}) {
    put(node, a, r.values.child(a));
  }
  n.link(id, Relation::kVpc, NodeKind::kVpc, r, r.values.child("vpc_id"), id_key);
}

void normalise_security_group(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kSecurityGroup);
  register_id(n, id, r);
  Node& node = n.node(id);
  for (const char* a : {"name", "description", "vpc_id", "tags"}) put(node, a, r.values.child(a));
  for (const char* dir : {"ingress", "egress"}) {
    Value rules = r.values.child(dir).value();
    if (rules.is_list()) {
      Value out = Value::list();
      out.set_pos(rules.pos());
      for (const auto& item : rules.items()) out.push_back(rule(item, false));
      rules = std::move(out);
    }
    put(node, dir, std::move(rules));
  }
  n.link(id, Relation::kVpc, NodeKind::kVpc, r, r.values.child("vpc_id"), id_key);
}

void normalise_security_group_rule(Normaliser& n, const Resource& r) {
  NodeId sg = n.target(NodeKind::kSecurityGroup, r, r.values.child("security_group_id"), id_key);
  n.fold(sg, r, "security group");
  if (sg == kNoNode) return;
  Value type = r.values.child("type").value();
  const char* dir = type.is_string() && type.text() == "egress" ? "egress" : "ingress";
  Value raw = r.values.value();
  append_rule(n.node(sg), dir, rule(raw, false));
}

void normalise_vpc_security_group_rule(Normaliser& n, const Resource& r) {
  NodeId sg = n.target(NodeKind::kSecurityGroup, r, r.values.child("security_group_id"), id_key);
  n.fold(sg, r, "security group");
  if (sg == kNoNode) return;
  const char* dir = r.type == "aws_vpc_security_group_egress_rule" ? "egress" : "ingress";
  append_rule(n.node(sg), dir, rule(r.values.value(), true));
}

void normalise_vpc_endpoint(Normaliser& n, const Resource& r) {
  NodeId id = n.add_node(r, NodeKind::kVpcEndpoint);
  register_id(n, id, r);
  Node& node = n.node(id);
  const Attribute& v = r.values;
  Value service_name = v.child("service_name").value();
  put(node, "service_name", service_name);
  if (service_name.is_string()) {
    std::string svc = endpoint_service_from(service_name.text());
    if (!svc.empty()) {
      Value s = Value::string(svc);
      s.set_pos(service_name.pos());
      put(node, "service", std::move(s));
    }
  } else if (service_name.is_unknown()) {
    put(node, "service", service_name);
  }
  for (const char* a : {"vpc_endpoint_type", "vpc_id", "private_dns_enabled", "subnet_ids",
                        "security_group_ids", "route_table_ids", "ip_address_type", "tags"}) {
    put(node, a, v.child(a));
  }
  Value policy = n.json_document(v.child("policy").value(), "tf.policy.bad_json", r);
  put(node, "policy_document", normalise_policy_document(policy));
  n.link(id, Relation::kVpc, NodeKind::kVpc, r, v.child("vpc_id"), id_key);
  n.link(id, Relation::kSubnets, NodeKind::kSubnet, r, v.child("subnet_ids"), id_key);
  n.link(id, Relation::kSecurityGroups, NodeKind::kSecurityGroup, r,
         v.child("security_group_ids"), id_key);
}

void normalise_vpc_endpoint_policy(Normaliser& n, const Resource& r) {
  NodeId ep = n.target(NodeKind::kVpcEndpoint, r, r.values.child("vpc_endpoint_id"), id_key);
  n.fold(ep, r, "VPC endpoint");
  if (ep == kNoNode) return;
  Value policy = n.json_document(r.values.child("policy").value(), "tf.policy.bad_json", r);
  n.node(ep).attributes.set("policy_document", normalise_policy_document(policy));
}

void normalise_vpc_endpoint_subnet_association(Normaliser& n, const Resource& r) {
  NodeId ep = n.target(NodeKind::kVpcEndpoint, r, r.values.child("vpc_endpoint_id"), id_key);
  n.fold(ep, r, "VPC endpoint");
  if (ep == kNoNode) return;
  Attribute subnet = r.values.child("subnet_id");
  append_to_list(n.node(ep), "subnet_ids", subnet.value());
  n.link(ep, Relation::kSubnets, NodeKind::kSubnet, r, subnet, id_key);
}

void normalise_vpc_endpoint_security_group_association(Normaliser& n, const Resource& r) {
  NodeId ep = n.target(NodeKind::kVpcEndpoint, r, r.values.child("vpc_endpoint_id"), id_key);
  n.fold(ep, r, "VPC endpoint");
  if (ep == kNoNode) return;
  Attribute sg = r.values.child("security_group_id");
  append_to_list(n.node(ep), "security_group_ids", sg.value());
  n.link(ep, Relation::kSecurityGroups, NodeKind::kSecurityGroup, r, sg, id_key);
}

}  // namespace ecsguard::terraform
