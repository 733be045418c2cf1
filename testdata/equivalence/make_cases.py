#!/usr/bin/env python3
"""Writes the generated files of every equivalence case.

For each case directory under testdata/equivalence/ this writes:

* template.json from template.yaml: the same template with every short-form tag in its JSON long
  form (`!Ref X` -> {"Ref": "X"}, `!GetAtt A.B` -> {"Fn::GetAtt": ["A", "B"]}, ...).
* plan.json from the case's Terraform configuration in terraform.py: what `terraform show -json`
  writes for a create of that configuration with Terraform 1.9.5 and hashicorp/aws 5.100,
  following shared/reference/terraform-plan-json.md: Go struct key order, sorted object keys,
  sets of strings sorted, unknown attributes left out of `after`/`values` and `true` in
  `after_unknown`, the `after_sensitive` mirror, provider defaults planned, Optional+Computed
  attributes unknown when unset, set blocks zero-filled and list blocks null-filled, and
  configuration expressions with `constant_value` (the literal's own type) or `references`
  (longest first), `jsonencode(...)` as `{}`.

Run from the repository root after editing a case: python3 testdata/equivalence/make_cases.py
"""

import importlib.util
import json
import os

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

# --- template.yaml -> template.json ---------------------------------------------------------

SHORT = {
    "Ref": "Ref", "Sub": "Fn::Sub", "GetAtt": "Fn::GetAtt", "Join": "Fn::Join",
    "Select": "Fn::Select", "Split": "Fn::Split", "If": "Fn::If", "Equals": "Fn::Equals",
    "And": "Fn::And", "Or": "Fn::Or", "Not": "Fn::Not", "Condition": "Condition",
    "FindInMap": "Fn::FindInMap", "ImportValue": "Fn::ImportValue", "Base64": "Fn::Base64",
    "Cidr": "Fn::Cidr", "GetAZs": "Fn::GetAZs",
}


class Loader(yaml.SafeLoader):
    pass


def _tag(name):
    def construct(loader, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
            if name == "Fn::GetAtt":
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {name: value}
    return construct


for _short, _long in SHORT.items():
    Loader.add_constructor("!" + _short, _tag(_long))
# Dates stay strings ("Version: 2012-10-17"), as CloudFormation reads them.
Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def write_template_json(case_dir):
    with open(os.path.join(case_dir, "template.yaml")) as f:
        doc = yaml.load(f, Loader=Loader)
    with open(os.path.join(case_dir, "template.json"), "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


# --- configuration values ---------------------------------------------------------------------

class Ref:
    """An attribute known only after apply, e.g. Ref("aws_iam_role.exec.arn")."""

    def __init__(self, expr):
        self.expr = expr


class Known:
    """A reference Terraform resolves while planning (a value set literally on its target)."""

    def __init__(self, expr, value):
        self.expr = expr
        self.value = value


class Json:
    """jsonencode(value): a function call, so the configuration has no constant_value."""

    def __init__(self, value):
        self.value = value


def references(v):
    if isinstance(v, (Ref, Known)):
        parts = v.expr.split(".")
        return [v.expr, ".".join(parts[:2])]
    if isinstance(v, Json):
        return references(v.value)
    if isinstance(v, dict):
        return [r for x in v.values() for r in references(x)]
    if isinstance(v, list):
        return [r for x in v for r in references(x)]
    return []


def has_unknown(v):
    if isinstance(v, Ref):
        return True
    if isinstance(v, Json):
        return has_unknown(v.value)
    if isinstance(v, dict):
        return any(has_unknown(x) for x in v.values())
    if isinstance(v, list):
        return any(has_unknown(x) for x in v)
    return False


def plain(v):
    if isinstance(v, Known):
        return v.value
    if isinstance(v, Json):
        return plain(v.value)
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def normalise_json(value):
    """structure.NormalizeJsonString: keys sorted, compact."""
    return json.dumps(plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def container_json(containers):
    """The container_definitions StateFunc: containers, environment and secrets sorted by name,
    keys sorted, compact, no defaults added."""
    out = []
    for c in plain(containers):
        c = dict(c)
        for key in ("environment", "secrets"):
            if key in c:
                c[key] = sorted(c[key], key=lambda e: e["name"])
        out.append(c)
    out.sort(key=lambda c: c["name"])
    return json.dumps(out, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# --- attribute kinds --------------------------------------------------------------------------
# Scalars carry their type ("s", "n", "b") for set-block zero values and for config literals
# that Terraform converts (cpu = 256 is planned as "256").

def req(t="s"): return ("req", t)
def null(t="s"): return ("null", t)
def default(v): return ("default", v)
def oc(t="s"): return ("oc", t)
def computed(t="s"): return ("computed", t)
def strset(): return ("strset",)
def strset_oc(): return ("strset_oc",)
def strmap(): return ("map",)
def map_oc(): return ("map_oc",)
def tags(): return ("tags",)
def tags_all(): return ("tags_all",)
def timeouts(): return ("timeouts",)
def blist(**sub): return ("list", sub)
def blist_oc(**sub): return ("list_oc", sub)
def bset(**sub): return ("set", sub)
def bset_oc(**sub): return ("set_oc", sub)
def json_attr(style="plain"): return ("json", style)
def json_oc(): return ("json_oc",)
def rules(): return ("rules",)
def list_computed(): return ("list_computed",)


LIST_KINDS = {"strset", "strset_oc", "list", "list_oc", "set", "set_oc", "rules", "list_computed"}
MAP_KINDS = {"map", "map_oc", "tags", "tags_all"}
RULE_FIELDS = {"cidr_blocks": [], "description": "", "from_port": 0, "ipv6_cidr_blocks": [],
               "prefix_list_ids": [], "protocol": "", "security_groups": [], "self": False,
               "to_port": 0}
ZERO = {"s": "", "n": 0, "b": False}
UNKNOWN = object()
OMIT = object()

SCHEMA_VERSION = {"aws_ecs_task_definition": 1, "aws_ecs_service": 1}

SCHEMAS = {
    "aws_ecs_cluster": dict(
        arn=computed(), id=computed(), name=req(),
        configuration=blist(
            execute_command_configuration=blist(
                kms_key_id=null(), logging=default("DEFAULT"),
                log_configuration=blist(
                    cloud_watch_encryption_enabled=null("b"), cloud_watch_log_group_name=null(),
                    s3_bucket_encryption_enabled=null("b"), s3_bucket_name=null(),
                    s3_key_prefix=null())),
            managed_storage_configuration=blist(
                fargate_ephemeral_storage_kms_key_id=null(), kms_key_id=null())),
        service_connect_defaults=blist(namespace=req()),
        setting=bset_oc(name=req(), value=req()), tags=tags(), tags_all=tags_all()),
    "aws_ecs_cluster_capacity_providers": dict(
        id=computed(), cluster_name=req(), capacity_providers=strset(),
        default_capacity_provider_strategy=bset(base=default(0), capacity_provider=req(),
                                                weight=default(0))),
    "aws_ecs_service": dict(
        alarms=blist(alarm_names=strset(), enable=req("b"), rollback=req("b")),
        availability_zone_rebalancing=default("DISABLED"),
        capacity_provider_strategy=bset(base=null("n"), capacity_provider=req(),
                                        weight=null("n")),
        cluster=oc(), deployment_circuit_breaker=blist(enable=req("b"), rollback=req("b")),
        deployment_controller=blist(type=default("ECS")),
        deployment_maximum_percent=default(200), deployment_minimum_healthy_percent=default(100),
        desired_count=null("n"), enable_ecs_managed_tags=default(False),
        enable_execute_command=default(False), force_delete=null("b"),
        force_new_deployment=null("b"), health_check_grace_period_seconds=null("n"),
        iam_role=oc(), id=computed(), launch_type=oc(),
        load_balancer=bset(container_name=req(), container_port=req("n"), elb_name=null(),
                           target_group_arn=null()),
        name=req(),
        network_configuration=blist(assign_public_ip=default(False), security_groups=strset(),
                                    subnets=strset()),
        ordered_placement_strategy=blist(field=null(), type=req()),
        placement_constraints=bset(expression=null(), type=req()),
        platform_version=oc(), propagate_tags=null(), scheduling_strategy=default("REPLICA"),
        service_connect_configuration=blist(enabled=req("b")),
        service_registries=blist(registry_arn=req()), tags=tags(), tags_all=tags_all(),
        task_definition=null(), timeouts=timeouts(), triggers=map_oc(),
        volume_configuration=blist(name=req()),
        vpc_lattice_configurations=bset(port_name=req(), role_arn=req(),
                                        target_group_arn=req()),
        wait_for_steady_state=default(False)),
    "aws_ecs_task_set": dict(
        arn=computed(),
        capacity_provider_strategy=bset(base=null("n"), capacity_provider=req(), weight=req("n")),
        cluster=req(), external_id=oc(), force_delete=null("b"), id=computed(), launch_type=oc(),
        load_balancer=bset(container_name=req(), container_port=null("n"),
                           load_balancer_name=null(), target_group_arn=null()),
        network_configuration=blist(assign_public_ip=default(False), security_groups=strset(),
                                    subnets=strset()),
        platform_version=oc(), scale=blist_oc(unit=default("PERCENT"), value=null("n")),
        service=req(), service_registries=blist(registry_arn=req()),
        stability_status=computed(), status=computed(), tags=tags(), tags_all=tags_all(),
        task_definition=req(), task_set_id=computed(), wait_until_stable=default(False),
        wait_until_stable_timeout=default("10m")),
    "aws_ecs_task_definition": dict(
        arn=computed(), arn_without_revision=computed(),
        container_definitions=json_attr("containers"), cpu=null(),
        enable_fault_injection=oc("b"), ephemeral_storage=blist(size_in_gib=req("n")),
        execution_role_arn=null(), family=req(), id=computed(),
        inference_accelerator=bset(device_name=req(), device_type=req()), ipc_mode=null(),
        memory=null(), network_mode=oc(), pid_mode=null(),
        placement_constraints=bset(expression=null(), type=req()),
        proxy_configuration=blist(container_name=req(), properties=strmap(),
                                  type=default("APPMESH")),
        requires_compatibilities=strset(), revision=computed("n"),
        runtime_platform=blist(cpu_architecture=null(), operating_system_family=null()),
        skip_destroy=default(False), tags=tags(), tags_all=tags_all(), task_role_arn=null(),
        track_latest=default(False),
        volume=bset(
            configure_at_launch=oc("b"),
            docker_volume_configuration=blist(autoprovision=default(False), driver=oc(),
                                              driver_opts=strmap(), labels=strmap(),
                                              scope=oc()),
            efs_volume_configuration=blist(
                authorization_config=blist(access_point_id=null(), iam=null()),
                file_system_id=req(), root_directory=default("/"), transit_encryption=null(),
                transit_encryption_port=default(0)),
            fsx_windows_file_server_volume_configuration=blist(file_system_id=req()),
            host_path=null(), name=req())),
    "aws_ecr_repository": dict(
        arn=computed(),
        encryption_configuration=blist(encryption_type=default("AES256"), kms_key=oc()),
        force_delete=null("b"), id=computed(),
        image_scanning_configuration=blist(scan_on_push=req("b")),
        image_tag_mutability=default("MUTABLE"), name=req(), registry_id=computed(),
        repository_url=computed(), tags=tags(), tags_all=tags_all(), timeouts=timeouts()),
    "aws_ecr_lifecycle_policy": dict(id=computed(), policy=json_attr(), registry_id=computed(),
                                     repository=req()),
    "aws_ecr_repository_policy": dict(id=computed(), policy=json_attr(),
                                      registry_id=computed(), repository=req()),
    "aws_ecr_registry_scanning_configuration": dict(
        id=computed(), registry_id=computed(),
        rule=bset(repository_filter=bset(filter=req(), filter_type=req()),
                  scan_frequency=req()),
        scan_type=req()),
    "aws_ecr_replication_configuration": dict(
        id=computed(), registry_id=computed(),
        replication_configuration=blist(
            rule=blist(destination=blist(region=req(), registry_id=req()),
                       repository_filter=blist(filter=req(), filter_type=req())))),
    "aws_vpc": dict(
        arn=computed(), assign_generated_ipv6_cidr_block=null("b"), cidr_block=null(),
        default_network_acl_id=computed(), default_route_table_id=computed(),
        default_security_group_id=computed(), dhcp_options_id=computed(),
        enable_dns_hostnames=oc("b"), enable_dns_support=default(True),
        enable_network_address_usage_metrics=oc("b"), id=computed(),
        instance_tenancy=default("default"), ipv4_ipam_pool_id=null(),
        ipv4_netmask_length=null("n"), ipv6_association_id=computed(), ipv6_cidr_block=oc(),
        ipv6_cidr_block_network_border_group=oc(), ipv6_ipam_pool_id=null(),
        ipv6_netmask_length=null("n"), main_route_table_id=computed(), owner_id=computed(),
        tags=tags(), tags_all=tags_all()),
    "aws_subnet": dict(
        arn=computed(), assign_ipv6_address_on_creation=default(False),
        availability_zone=oc(), availability_zone_id=oc(), cidr_block=null(),
        customer_owned_ipv4_pool=null(), enable_dns64=default(False),
        enable_lni_at_device_index=null("n"),
        enable_resource_name_dns_a_record_on_launch=default(False),
        enable_resource_name_dns_aaaa_record_on_launch=default(False), id=computed(),
        ipv6_cidr_block=null(), ipv6_cidr_block_association_id=computed(),
        ipv6_native=default(False), map_customer_owned_ip_on_launch=null("b"),
        map_public_ip_on_launch=default(False), outpost_arn=null(), owner_id=computed(),
        private_dns_hostname_type_on_launch=oc(), tags=tags(), tags_all=tags_all(),
        timeouts=timeouts(), vpc_id=req()),
    "aws_security_group": dict(
        arn=computed(), description=default("Managed by Terraform"), egress=rules(),
        id=computed(), ingress=rules(), name=oc(), name_prefix=oc(), owner_id=computed(),
        revoke_rules_on_delete=default(False), tags=tags(), tags_all=tags_all(),
        timeouts=timeouts(), vpc_id=oc()),
    "aws_vpc_security_group_ingress_rule": dict(
        arn=computed(), cidr_ipv4=null(), cidr_ipv6=null(), description=null(),
        from_port=null("n"), id=computed(), ip_protocol=req(), prefix_list_id=null(),
        referenced_security_group_id=null(), security_group_id=req(),
        security_group_rule_id=computed(), tags=tags(), tags_all=tags_all(), to_port=null("n")),
    "aws_vpc_endpoint": dict(
        arn=computed(), auto_accept=null("b"), cidr_blocks=list_computed(),
        dns_entry=list_computed(),
        dns_options=blist_oc(dns_record_ip_type=oc(),
                             private_dns_only_for_inbound_resolver_endpoint=null("b")),
        id=computed(), ip_address_type=oc(), network_interface_ids=list_computed(),
        owner_id=computed(), policy=json_oc(), prefix_list_id=computed(),
        private_dns_enabled=oc("b"), requester_managed=computed("b"),
        resource_configuration_arn=null(), route_table_ids=strset_oc(),
        security_group_ids=strset_oc(), service_name=null(), service_network_arn=null(),
        service_region=oc(), state=computed(),
        subnet_configuration=bset_oc(ipv4=oc(), ipv6=oc(), subnet_id=oc()),
        subnet_ids=strset_oc(), tags=tags(), tags_all=tags_all(), timeouts=timeouts(),
        vpc_endpoint_type=default("Gateway"), vpc_id=req()),
    "aws_iam_role": dict(
        arn=computed(), assume_role_policy=json_attr(), create_date=computed(),
        description=null(), force_detach_policies=default(False), id=computed(),
        inline_policy=bset_oc(name=null(), policy=json_attr()),
        managed_policy_arns=strset_oc(), max_session_duration=default(3600), name=oc(),
        name_prefix=oc(), path=default("/"), permissions_boundary=null(), tags=tags(),
        tags_all=tags_all(), unique_id=computed()),
    "aws_iam_role_policy": dict(id=computed(), name=oc(), name_prefix=oc(), policy=json_attr(),
                                role=req()),
    "aws_iam_role_policy_attachment": dict(id=computed(), policy_arn=req(), role=req()),
    "aws_iam_policy": dict(
        arn=computed(), attachment_count=computed("n"), description=null(), id=computed(),
        name=oc(), name_prefix=oc(), path=default("/"), policy=json_attr(),
        policy_id=computed(), tags=tags(), tags_all=tags_all()),
    "aws_kms_key": dict(
        arn=computed(), bypass_policy_lockout_safety_check=default(False),
        custom_key_store_id=null(), customer_master_key_spec=default("SYMMETRIC_DEFAULT"),
        deletion_window_in_days=null("n"), description=oc(), enable_key_rotation=default(False),
        id=computed(), is_enabled=default(True), key_id=computed(),
        key_usage=default("ENCRYPT_DECRYPT"), multi_region=oc("b"), policy=json_oc(),
        rotation_period_in_days=oc("n"), tags=tags(), tags_all=tags_all(), timeouts=timeouts(),
        xks_key_id=null()),
    "aws_route_table": dict(
        arn=computed(), id=computed(), owner_id=computed(), propagating_vgws=strset_oc(),
        route=rules(), tags=tags(), tags_all=tags_all(), timeouts=timeouts(), vpc_id=req()),
}
SCHEMAS["aws_vpc_security_group_egress_rule"] = SCHEMAS["aws_vpc_security_group_ingress_rule"]


# --- planning -----------------------------------------------------------------------------

def unknown_sensitive(spec):
    if spec[0] in LIST_KINDS:
        return []
    if spec[0] in MAP_KINDS:
        return {}
    return OMIT


def scalar(t, v):
    v = plain(v)
    if t == "s" and isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    return v


def known_list_mirror(items):
    return [False for _ in items]


class Planned:
    """One attribute's planned value and its two mirrors (OMIT: left out)."""

    def __init__(self, after, unknown=OMIT, sensitive=OMIT):
        self.after = after
        self.unknown = unknown
        self.sensitive = sensitive


def unknown_attr(spec):
    return Planned(UNKNOWN, True, unknown_sensitive(spec))


def plan_block(sub, elements, in_set):
    afters, unknowns, sensitives = [], [], []
    for element in elements:
        a, u, s = plan_object(sub, element, in_set)
        afters.append(a)
        unknowns.append(u)
        sensitives.append(s)
    return Planned(afters, unknowns, sensitives)


def plan_attr(spec, v, in_set, missing):
    kind = spec[0]
    if kind == "computed":
        return unknown_attr(spec)
    if kind == "timeouts":
        return Planned(None)
    if kind == "list_computed":
        return unknown_attr(spec)
    if isinstance(v, Ref) or (not missing and has_unknown(v) and kind in
                              ("json", "json_oc", "strset", "strset_oc", "map", "rules")):
        return unknown_attr(spec)
    if kind in ("req", "null", "oc", "default"):
        if missing:
            if kind == "oc":
                return unknown_attr(spec)
            if kind == "default":
                return Planned(spec[1])
            return Planned(ZERO[spec[1]] if in_set else None)
        t = spec[1] if kind != "default" else ("s" if isinstance(spec[1], str) else "x")
        return Planned(scalar(t, v))
    if kind in ("strset", "strset_oc"):
        if missing:
            if kind == "strset_oc":
                return unknown_attr(spec)
            return Planned([] if in_set else None)
        items = sorted(plain(v))
        return Planned(items, known_list_mirror(items), known_list_mirror(items))
    if kind in ("map", "map_oc", "tags"):
        if missing:
            if kind == "map_oc":
                return unknown_attr(spec)
            return Planned({} if in_set else None)
        return Planned(plain(v), {}, {})
    if kind in ("json", "json_oc"):
        if missing:
            return unknown_attr(spec) if kind == "json_oc" else Planned(None)
        text = container_json(v.value) if spec[1:] == ("containers",) else normalise_json(v)
        return Planned(text)
    if kind == "rules":
        if missing:
            return unknown_attr(spec)
        items = []
        for rule in plain(v):
            full = dict(RULE_FIELDS)
            full.update(rule)
            items.append(full)
        items.sort(key=lambda r: json.dumps(r, sort_keys=True))
        mirror = [{k: [False] * len(x) for k, x in r.items() if isinstance(x, list)}
                  for r in items]
        return Planned(items, mirror, [dict(m) for m in mirror])
    if kind in ("list", "list_oc", "set", "set_oc"):
        if missing:
            return unknown_attr(spec) if kind.endswith("_oc") else Planned([], [], [])
        elements = v if isinstance(v, list) else [v]
        p = plan_block(spec[1], elements, in_set or kind.startswith("set"))
        if kind.startswith("set") and len(elements) > 1:
            order = sorted(range(len(elements)),
                           key=lambda i: json.dumps(p.after[i], sort_keys=True))
            p = Planned([p.after[i] for i in order], [p.unknown[i] for i in order],
                        [p.sensitive[i] for i in order])
        return p
    raise ValueError("unknown kind " + kind)


def plan_object(schema, config, in_set):
    after, unknown, sensitive = {}, {}, {}
    for name in sorted(schema):
        spec = schema[name]
        if spec[0] == "tags_all":
            continue
        missing = name not in config
        p = plan_attr(spec, config.get(name), in_set, missing)
        if p.after is not UNKNOWN:
            after[name] = p.after
        if p.unknown is not OMIT:
            unknown[name] = p.unknown
        if p.sensitive is not OMIT:
            sensitive[name] = p.sensitive
    if "tags_all" in schema:
        t = config.get("tags")
        if t is not None and not has_unknown(t):
            after["tags_all"] = plain(t)
            unknown["tags_all"] = {}
        else:
            unknown["tags_all"] = True
        sensitive["tags_all"] = {}
    return (dict(sorted(after.items())), dict(sorted(unknown.items())),
            dict(sorted(sensitive.items())))


def expression(spec, v):
    kind = spec[0]
    if isinstance(v, Json):
        refs = references(v)
        return {"references": refs} if refs else {}
    if kind in ("list", "list_oc", "set", "set_oc"):
        elements = v if isinstance(v, list) else [v]
        return [expressions(spec[1], e) for e in elements]
    refs = references(v)
    if refs:
        return {"references": refs}
    if kind == "rules":
        full = []
        for rule in v:
            r = {k: None for k in RULE_FIELDS}
            r.update(rule)
            full.append(dict(sorted(r.items())))
        return {"constant_value": full}
    return {"constant_value": v}


def expressions(schema, config):
    out = {}
    for name in sorted(config):
        out[name] = expression(schema[name], config[name])
    return out


def go_json(value):
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


PROVIDER = "registry.terraform.io/hashicorp/aws"


def make_plan(resources):
    """resources: [(type, name, config)] of one root module, all created."""
    changes, planned, configured = [], [], []
    for rtype, name, config in resources:
        schema = SCHEMAS[rtype]
        address = rtype + "." + name
        after, unknown, sensitive = plan_object(schema, config, False)
        version = SCHEMA_VERSION.get(rtype, 0)
        changes.append({
            "address": address, "mode": "managed", "type": rtype, "name": name,
            "provider_name": PROVIDER,
            "change": {"actions": ["create"], "before": None, "after": after,
                       "after_unknown": unknown, "before_sensitive": False,
                       "after_sensitive": sensitive}})
        planned.append({
            "address": address, "mode": "managed", "type": rtype, "name": name,
            "provider_name": PROVIDER, "schema_version": version, "values": after,
            "sensitive_values": sensitive})
        configured.append({
            "address": address, "mode": "managed", "type": rtype, "name": name,
            "provider_config_key": "aws", "expressions": expressions(schema, config),
            "schema_version": version})
    planned.sort(key=lambda r: r["address"])
    changes.sort(key=lambda r: (r["type"], r["name"]))
    configured.sort(key=lambda r: r["address"])
    return {
        "format_version": "1.2", "terraform_version": "1.9.5",
        "planned_values": {"root_module": {"resources": planned}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {"aws": {
                "name": "aws", "full_name": PROVIDER, "version_constraint": "~> 5.0",
                "expressions": {"region": {"constant_value": "us-east-1"}}}},
            "root_module": {"resources": configured}},
        "timestamp": "2026-05-06T09:00:00Z", "applyable": True, "complete": True,
        "errored": False,
    }


def main():
    spec = importlib.util.spec_from_file_location("terraform_cases",
                                                  os.path.join(HERE, "terraform.py"))
    cases = importlib.util.module_from_spec(spec)
    cases.__dict__.update(Ref=Ref, Known=Known, Json=Json)
    spec.loader.exec_module(cases)
    for case, resources in sorted(cases.CASES.items()):
        case_dir = os.path.join(HERE, case)
        write_template_json(case_dir)
        with open(os.path.join(case_dir, "plan.json"), "w") as f:
            f.write(go_json(make_plan(resources)))
            f.write("\n")
        print("wrote", case)


if __name__ == "__main__":
    main()
