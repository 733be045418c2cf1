#!/usr/bin/env python3
"""Seeded generator of large, realistic inputs for the ecsguard benchmark.

  generate.py plan --size 100M --modelled-share 0.2 --seed 1 -o plan.json
  generate.py template --resources 2000 --seed 1 --format yaml -o template.yaml
  generate.py template --size 50M --seed 1 --format json -o template.json
  generate.py templates --count 1000 --resources 30 --seed 1 -o templates/

`plan` writes a `terraform show -json` document (format 1.2, Terraform 1.9, hashicorp/aws 5.x)
that follows shared/reference/terraform-plan-json.md: compact single line, Go struct key order,
sorted attribute maps, `<>&` escaped as Go does, unknown attributes left out of `after` and
mirrored in `after_unknown`, `*_sensitive` mirrors, normalised JSON strings in
`container_definitions` and policies, `index` only on count/for_each resources, module instances
nested one and two levels deep, and a `configuration` section whose references link services to
their task definitions, clusters and roles. Its bulk is many ordinary resources, not a few giant
strings: about 2.5 KB per resource instance (its planned_values entry, its resource_changes entry
and its share of configuration, as real provider output), so about 430,000 resources per GiB at
--modelled-share 0.2 (ECS resources are larger: 270,000 per GiB at 1.0).

`template` writes one CloudFormation template (YAML with short-form tags, or JSON with the long
forms) with Parameters, Mappings, Conditions and intrinsics throughout; `templates` writes a
directory of small ones in both formats.

Output is a pure function of the arguments: the same seed gives byte-identical files. The plan is
written in one pass with bounded memory. Each module call is built, encoded and written before
the next one; `resource_changes` and `configuration`, which Terraform puts after
`planned_values`, go to temporary files next to the output and are appended at the end.

The modelled share counts resource instances whose type ecsguard reads in depth (MODELLED_TF_TYPES,
MODELLED_CFN_TYPES). Note that ecsguard also makes graph nodes of a few of the "other" types
(VPCs, subnets, security groups), which the issue counts as other.

One file on purpose: the benchmark runs it as a single script with no package to install.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass, field

ACCOUNT = "123456789012"
PROVIDER = "registry.terraform.io/hashicorp/aws"
TERRAFORM_VERSION = "1.9.8"
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
ENVIRONMENTS = ["dev", "staging", "prod"]
PROJECTS = ["shop", "ledger", "media", "travel", "games", "health", "freight", "insight", "crm"]
SERVICE_WORDS = [
    "api", "web", "worker", "orders", "payments", "search", "billing", "auth", "catalog", "cart",
    "checkout", "inventory", "notify", "reports", "gateway", "profile", "media", "events",
    "ledger", "pricing", "ingest", "export", "scheduler", "admin", "graphql", "images",
]

MODELLED_TF_TYPES = frozenset({
    "aws_ecs_cluster", "aws_ecs_cluster_capacity_providers", "aws_ecs_service",
    "aws_ecs_task_definition", "aws_ecs_task_set", "aws_ecr_repository",
    "aws_ecr_lifecycle_policy", "aws_vpc_endpoint", "aws_iam_role", "aws_iam_role_policy",
})
MODELLED_CFN_TYPES = frozenset({
    "AWS::ECS::Cluster", "AWS::ECS::Service", "AWS::ECS::TaskDefinition", "AWS::ECS::TaskSet",
    "AWS::ECR::Repository", "AWS::EC2::VPCEndpoint", "AWS::IAM::Role",
})


# --------------------------------------------------------------------------------------------
# Small shared helpers
# --------------------------------------------------------------------------------------------

def parse_size(text):
    """'100M' -> 104857600. Suffixes k, M, G are powers of 1024; 'iB' or 'B' may follow."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)(?:i?B)?\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (examples: 500k, 100M, 1G)")
    power = " kmg".index(match.group(2).lower() or " ")
    return int(float(match.group(1)) * 1024 ** power)


def share_fraction(text):
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("the modelled share is a fraction from 0 to 1")
    return value


def rng_for(*parts):
    """A random stream that depends only on its name (string seeds hash with SHA-512)."""
    return random.Random("/".join(str(part) for part in parts))


def hex_id(rng, digits=17):
    return f"{rng.getrandbits(4 * digits):0{digits}x}"


def go_escape(text):
    """Go's encoding/json escapes <, > and & in every string, also inside JSON-in-JSON."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


_COMPACT_SORTED = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def enc(value):
    """cty JSON: compact with sorted object keys (Go escaping is applied when written)."""
    return _COMPACT_SORTED(value)


def json_string(document):
    """A JSON-string attribute as the provider stores it (NormalizeJsonString): sorted keys,
    compact, HTML-escaped."""
    return go_escape(_COMPACT_SORTED(document))


# --------------------------------------------------------------------------------------------
# Terraform plan: planned vs. state values and their mirrors
# --------------------------------------------------------------------------------------------

UNKNOWN = object()  # the planned value is known only after apply
_CONTAINERS = (dict, list)


class Planned:
    """An attribute whose planned value differs from the value it has once applied."""

    __slots__ = ("plan", "state")

    def __init__(self, plan, state):
        self.plan = plan
        self.state = state


def unknown(state):
    """Unknown in a create plan (computed, Optional+Computed left unset, or derived from a
    resource created in the same plan); `state` is its value after apply."""
    return Planned(UNKNOWN, state)


def after_form(value):
    """`after` / `values` of a create: unknown attributes are left out."""
    if type(value) is list:
        return [after_form(item) for item in value]
    if type(value) is not dict:
        return value
    out = {}
    for key, item in value.items():
        if type(item) is Planned:
            if item.plan is UNKNOWN:
                continue
            item = item.plan
        out[key] = after_form(item) if type(item) in _CONTAINERS else item
    return out


def state_form(value):
    """The value in state: what `before` holds for updates, no-ops and replaces."""
    if type(value) is Planned:
        return value.state
    if type(value) is list:
        return [state_form(item) for item in value]
    if type(value) is not dict:
        return value
    return {key: state_form(item) if type(item) in (dict, list, Planned) else item
            for key, item in value.items()}


def unknown_mirror(value):
    """`after_unknown` of a create: true where unknown, known scalars left out, list items
    false, known maps and objects {}."""
    if type(value) is list:
        return [unknown_mirror(item) if type(item) in _CONTAINERS else False for item in value]
    out = {}
    for key, item in value.items():
        if type(item) is Planned:
            if item.plan is UNKNOWN:
                out[key] = True
                continue
            item = item.plan
        if type(item) in _CONTAINERS:
            out[key] = unknown_mirror(item)
    return out


def sensitive_mirror(value, secret=()):
    """`after_sensitive` / `sensitive_values`: unknown collections become empty ones, scalars
    are left out (or true when sensitive), list items false."""
    if type(value) is list:
        return [sensitive_mirror(item) if type(item) in _CONTAINERS else False for item in value]
    out = {}
    for key, item in value.items():
        if type(item) is Planned:
            if item.plan is UNKNOWN:
                if type(item.state) is list:
                    out[key] = []
                elif type(item.state) is dict:
                    out[key] = {}
                continue
            item = item.plan
        if type(item) in _CONTAINERS:
            out[key] = sensitive_mirror(item)
    for key in secret:
        out[key] = True
    return out


# --------------------------------------------------------------------------------------------
# Terraform plan: resources, scopes and configuration expressions
# --------------------------------------------------------------------------------------------

def const(value):
    return {"constant_value": value}


def refs(*names):
    return {"references": list(names)}


def ref_to(address, attribute, key_var=None):
    """References of `address.attribute`, or of `address[key_var].attribute`: a non-literal
    index ends the traversal, so Terraform lists the resource and the key variable."""
    if key_var:
        return refs(address, key_var)
    return refs(f"{address}.{attribute}", address)


@dataclass
class Resource:
    """One resource instance as the plan shows it, with its block's configuration."""
    type: str
    name: str
    attrs: dict                 # values, with Planned wrappers where plan and state differ
    expressions: dict           # the block's configuration expressions
    key: object = None          # count index (int) or for_each key (str)
    schema_version: int = 0
    secret: tuple = ()          # top-level attributes marked sensitive
    previous: dict = None       # state values a replace changes (ForceNew attributes)
    repeat: tuple = None        # ("count_expression" | "for_each_expression", expression)


@dataclass
class Scope:
    """One module instance: names, inputs and the randomness behind its referenced values."""
    name: str                   # resource name prefix, e.g. "shop12-orders"
    env: str
    region: str
    rng: random.Random
    tags: dict
    subnets: list
    vpc_id: str
    cluster_arn: str = None     # the cluster services deploy to (module input)
    name_expr: dict = field(default_factory=lambda: refs("var.name"))
    tags_expr: dict = field(default_factory=lambda: refs("var.tags"))
    cluster_expr: dict = field(default_factory=lambda: refs("var.cluster_arn"))

    def arn(self, service, resource, regional=True):
        return f"arn:aws:{service}:{self.region if regional else ''}:{ACCOUNT}:{resource}"


def tagged(scope, **attrs):
    """Adds `tags` and the provider's merged `tags_all` (known, as no default_tags are set)."""
    attrs["tags"] = scope.tags
    attrs["tags_all"] = scope.tags
    return attrs


def key_suffix(key):
    if key is None:
        return ""
    return f"[{key}]" if isinstance(key, int) else f"[{json.dumps(key)}]"


# --------------------------------------------------------------------------------------------
# Terraform plan: modelled resource types (ECS, ECR, VPC endpoints, IAM)
# --------------------------------------------------------------------------------------------

ASSUME_ECS_TASKS = {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                   "Principal": {"Service": "ecs-tasks.amazonaws.com"}}],
                    "Version": "2012-10-17"}

SIDECARS = [
    ("envoy", "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod", 9901),
    ("log-router", "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4", None),
    ("datadog-agent", "public.ecr.aws/datadog/agent:7.54.0", 8126),
    ("otel-collector", "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0", 4317),
    ("nginx", "nginx:1.27.0", 80),
]
ENV_NAMES = ["LOG_LEVEL", "PORT", "NODE_ENV", "JAVA_TOOL_OPTIONS", "SPRING_PROFILES_ACTIVE",
             "FEATURE_FLAGS", "CACHE_TTL_SECONDS", "UPSTREAM_URL", "OTEL_SERVICE_NAME",
             "AWS_REGION", "QUEUE_URL", "MAX_WORKERS", "TZ", "DB_HOST", "DB_NAME"]
LEAKY_ENV = [("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
             ("DB_PASSWORD", "hunter2-prod"), ("API_TOKEN", "tok_live_4eC39HqLyjWDarjtT1zdp7dc")]


def container(scope, name, image, port, essential):
    """One container definition in the provider's normalised form (keys sorted later)."""
    rng = scope.rng
    item = {"name": name, "image": image, "cpu": rng.choice([64, 128, 256, 512])}
    item["memory" if rng.random() < 0.6 else "memoryReservation"] = rng.choice([128, 256, 512, 1024])
    if essential is not None:
        item["essential"] = essential
    if port:
        mapping = {"containerPort": port}
        if rng.random() < 0.6:
            mapping["protocol"] = "tcp"
        item["portMappings"] = [mapping]
    env = [{"name": n, "value": f"{n.lower()}-{rng.randint(1, 99)}"}
           for n in rng.sample(ENV_NAMES, rng.randint(1, 7))]
    if rng.random() < 0.06:
        leak_name, leak_value = rng.choice(LEAKY_ENV)
        env.append({"name": leak_name, "value": leak_value})
    item["environment"] = sorted(env, key=lambda e: e["name"])
    if rng.random() < 0.6:
        item["secrets"] = sorted(
            ({"name": secret, "valueFrom": scope.arn(
                "secretsmanager", f"secret:{scope.name}/{secret.lower()}-{hex_id(rng, 6)}")}
             for secret in rng.sample(["DB_PASSWORD", "API_KEY", "JWT_SECRET", "STRIPE_KEY"],
                                      rng.randint(1, 3))),
            key=lambda s: s["name"])
    item["logConfiguration"] = {"logDriver": "awslogs", "options": {
        "awslogs-group": f"/ecs/{scope.name}", "awslogs-region": scope.region,
        "awslogs-stream-prefix": name}}
    roll = rng.random()
    if roll < 0.15:
        item["linuxParameters"] = {"capabilities": {"add": ["SYS_PTRACE"], "drop": []},
                                   "initProcessEnabled": True}
    elif roll < 0.45:
        item["linuxParameters"] = {"capabilities": {"drop": ["ALL"]}, "initProcessEnabled": True}
    if rng.random() < 0.04:
        item["privileged"] = True
    roll = rng.random()
    if roll < 0.45:
        item["readonlyRootFilesystem"] = True
    elif roll < 0.6:
        item["readonlyRootFilesystem"] = False
    if rng.random() < 0.2:
        item["user"] = rng.choice(["1000", "0", "nobody"])
    if port and rng.random() < 0.5:
        item["healthCheck"] = {"command": ["CMD-SHELL", f"curl -fs http://localhost:{port}/health"
                                           " && exit 0 || exit 1"],
                               "interval": 30, "retries": 3, "timeout": 5}
    return item


def api_form(containers, network_mode):
    """container_definitions as read back from the ECS API: AWS fills in these defaults."""
    out = []
    for item in containers:
        item = dict(item)
        item.setdefault("essential", True)
        for empty in ("environment", "mountPoints", "volumesFrom", "systemControls"):
            item.setdefault(empty, [])
        if "portMappings" in item:
            item["portMappings"] = [
                {"protocol": "tcp", **m, "hostPort": m["containerPort"] if network_mode == "awsvpc" else 0}
                for m in item["portMappings"]]
        out.append(item)
    return out


def task_containers(scope, spec, image_tag):
    main_image = f"{ACCOUNT}.dkr.ecr.{scope.region}.amazonaws.com/{scope.name}:{image_tag}"
    items = [container(scope, "app", main_image, spec["port"], True if scope.rng.random() < 0.7 else None)]
    for name, image, port in scope.rng.sample(SIDECARS, spec["containers"] - 1):
        items.append(container(scope, name, image, port, False))
    return sorted(items, key=lambda c: c["name"])


def tf_task_definition(scope, spec, block, key, family, exec_role, task_role):
    rng = scope.rng
    image_tag = f"2025.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d}-{hex_id(rng, 7)}"
    containers = task_containers(scope, spec, image_tag)
    state_defs = json_string(api_form(containers, spec["network_mode"]))
    planned_defs = json_string(containers)
    old_defs = json_string(api_form(containers, spec["network_mode"])).replace(image_tag, "2024.11.02-9e1d3c0")
    revision = rng.randint(1, 240)
    arn = scope.arn("ecs", f"task-definition/{family}:{revision}")
    defs_refs = ["var.name", "var.image_tag", "var.environment"]
    if spec["image_from_repo"]:
        defs_refs[1:1] = ["aws_ecr_repository.this.repository_url", "aws_ecr_repository.this"]
    if spec["secret_env"]:
        defs_refs.append("var.db_password")
    attrs = tagged(
        scope,
        arn=unknown(arn), arn_without_revision=unknown(arn.rsplit(":", 1)[0]),
        container_definitions=(unknown(state_defs) if spec["image_from_repo"]
                               else Planned(planned_defs, state_defs)),
        cpu=str(spec["cpu"]), enable_fault_injection=unknown(False), ephemeral_storage=[],
        execution_role_arn=unknown(exec_role), family=family, id=unknown(family),
        inference_accelerator=[], ipc_mode=None, memory=str(spec["memory"]),
        network_mode=spec["network_mode"], pid_mode=None, placement_constraints=[],
        proxy_configuration=[], requires_compatibilities=[spec["compat"]],
        revision=unknown(revision), runtime_platform=[], skip_destroy=False,
        task_role_arn=unknown(task_role) if task_role else None, track_latest=False, volume=[])
    exprs = {"container_definitions": refs(*defs_refs), "cpu": const(spec["cpu"]),
             "execution_role_arn": ref_to("aws_iam_role.execution", "arn"),
             "family": scope.name_expr, "memory": const(str(spec["memory"])),
             "network_mode": const(spec["network_mode"]),
             "requires_compatibilities": const([spec["compat"]]), "tags": scope.tags_expr}
    if task_role:
        exprs["task_role_arn"] = ref_to("aws_iam_role.task", "arn")
    if spec["arm64"]:
        attrs["runtime_platform"] = [{"cpu_architecture": "ARM64", "operating_system_family": "LINUX"}]
        exprs["runtime_platform"] = [{"cpu_architecture": const("ARM64"),
                                      "operating_system_family": const("LINUX")}]
    if spec["efs"]:
        attrs["volume"] = [{"configure_at_launch": unknown(False), "docker_volume_configuration": [],
                            "efs_volume_configuration": [{
                                "authorization_config": [], "file_system_id": spec["efs"],
                                "root_directory": "/", "transit_encryption": spec["efs_tls"],
                                "transit_encryption_port": 0}],
                            "fsx_windows_file_server_volume_configuration": [], "host_path": "",
                            "name": "shared"}]
        exprs["volume"] = [{"efs_volume_configuration": [{
            "file_system_id": const(spec["efs"]), "transit_encryption": const(spec["efs_tls"])}],
            "name": const("shared")}]
    return Resource("aws_ecs_task_definition", block, attrs, exprs, key, schema_version=1,
                    secret=("container_definitions",) if spec["secret_env"] else (),
                    previous={"container_definitions": old_defs})


def tf_service(scope, spec, block, key, key_var, name, td_arn):
    rng = scope.rng
    fargate = spec["compat"] == "FARGATE"
    desired = rng.choice([1, 2, 2, 3, 4, 6])
    attrs = tagged(
        scope,
        alarms=[], availability_zone_rebalancing="DISABLED", capacity_provider_strategy=[],
        cluster=unknown(scope.cluster_arn), deployment_circuit_breaker=[], deployment_controller=[],
        deployment_maximum_percent=200, deployment_minimum_healthy_percent=100,
        desired_count=desired, enable_ecs_managed_tags=False,
        enable_execute_command=spec["exec_command"], force_delete=None, force_new_deployment=None,
        health_check_grace_period_seconds=None, iam_role=unknown(""),
        id=unknown(scope.arn("ecs", f"service/{scope.cluster_arn.rsplit('/', 1)[1]}/{name}")),
        launch_type=spec["compat"], load_balancer=[], name=name, network_configuration=[],
        ordered_placement_strategy=[], placement_constraints=[],
        platform_version=unknown("LATEST" if fargate else ""), propagate_tags=None,
        scheduling_strategy="REPLICA", service_connect_configuration=[], service_registries=[],
        task_definition=unknown(td_arn), timeouts=None, triggers=unknown({}),
        volume_configuration=[], vpc_lattice_configurations=[], wait_for_steady_state=False)
    exprs = {"cluster": scope.cluster_expr, "desired_count": refs("var.desired_count"),
             "enable_execute_command": const(spec["exec_command"]),
             "launch_type": const(spec["compat"]), "name": scope.name_expr,
             "tags": scope.tags_expr,
             "task_definition": ref_to(f"aws_ecs_task_definition.{block}", "arn", key_var)}
    if spec["spot"]:
        attrs["launch_type"] = unknown("")
        del exprs["launch_type"]
        attrs["capacity_provider_strategy"] = [
            {"base": 1, "capacity_provider": "FARGATE", "weight": 1},
            {"base": 0, "capacity_provider": "FARGATE_SPOT", "weight": 3}]
        exprs["capacity_provider_strategy"] = [
            {"base": const(1), "capacity_provider": const("FARGATE"), "weight": const(1)},
            {"capacity_provider": const("FARGATE_SPOT"), "weight": const(3)}]
    if spec["network_mode"] == "awsvpc":
        attrs["network_configuration"] = [{"assign_public_ip": spec["public"],
                                           "security_groups": None, "subnets": scope.subnets}]
        exprs["network_configuration"] = [{"assign_public_ip": const(spec["public"]),
                                           "subnets": refs("var.subnet_ids")}]
        if spec["extras"]:
            network = attrs["network_configuration"][0]
            network["security_groups"] = unknown([f"sg-{hex_id(rng)}"])
            exprs["network_configuration"][0]["security_groups"] = refs(
                "aws_security_group.this.id", "aws_security_group.this")
    if spec["breaker"]:
        attrs["deployment_circuit_breaker"] = [{"enable": True, "rollback": True}]
        exprs["deployment_circuit_breaker"] = [{"enable": const(True), "rollback": const(True)}]
    if spec["task_set"]:
        attrs["deployment_controller"] = [{"type": "EXTERNAL"}]
        exprs["deployment_controller"] = [{"type": const("EXTERNAL")}]
    if spec["load_balancer"]:
        target_group = scope.arn("elasticloadbalancing", f"targetgroup/{name[:24]}/{hex_id(rng, 16)}")
        attrs["load_balancer"] = [{"container_name": "app", "container_port": spec["port"],
                                   "elb_name": "", "target_group_arn": target_group}]
        attrs["health_check_grace_period_seconds"] = 60
        exprs["load_balancer"] = [{"container_name": const("app"), "container_port": const(spec["port"]),
                                   "target_group_arn": refs("var.target_group_arn")}]
        exprs["health_check_grace_period_seconds"] = const(60)
    return Resource("aws_ecs_service", block, attrs, exprs, key, schema_version=1)


def tf_task_set(scope, spec, service_name, td_arn):
    attrs = tagged(
        scope,
        arn=unknown(scope.arn("ecs", f"task-set/{service_name}/ecs-svc/{hex_id(scope.rng, 19)}")),
        capacity_provider_strategy=[], cluster=unknown(scope.cluster_arn),
        external_id=f"canary-{hex_id(scope.rng, 6)}", force_delete=None, id=unknown(""),
        launch_type=spec["compat"], load_balancer=[],
        network_configuration=[{"assign_public_ip": False, "security_groups": None,
                                "subnets": scope.subnets}],
        platform_version=unknown("LATEST"), scale=[{"unit": "PERCENT", "value": 10}],
        service=unknown(service_name), service_registries=[], stability_status=unknown("STEADY_STATE"),
        status=unknown("ACTIVE"), task_definition=unknown(td_arn), task_set_id=unknown(""),
        wait_until_stable=False, wait_until_stable_timeout="10m")
    exprs = {"cluster": scope.cluster_expr, "external_id": refs("var.name"),
             "launch_type": const(spec["compat"]),
             "network_configuration": [{"assign_public_ip": const(False),
                                        "subnets": refs("var.subnet_ids")}],
             "scale": [{"unit": const("PERCENT"), "value": const(10)}],
             "service": ref_to("aws_ecs_service.this", "id"),
             "tags": scope.tags_expr,
             "task_definition": ref_to("aws_ecs_task_definition.this", "arn")}
    return Resource("aws_ecs_task_set", "canary", attrs, exprs)


def tf_iam_role(scope, block, name, key=None, assume=ASSUME_ECS_TASKS, managed=()):
    attrs = tagged(
        scope,
        arn=unknown(scope.arn("iam", f"role/{name}", regional=False)),
        assume_role_policy=json_string(assume), create_date=unknown("2025-06-03T14:22:41Z"),
        description=None, force_detach_policies=False, id=unknown(name),
        inline_policy=unknown([]), managed_policy_arns=unknown(sorted(managed)),
        max_session_duration=3600, name=name, name_prefix=unknown(""), path="/",
        permissions_boundary=None, unique_id=unknown("AROA" + hex_id(scope.rng, 17).upper()))
    exprs = {"assume_role_policy": refs("data.aws_iam_policy_document.assume.json",
                                        "data.aws_iam_policy_document.assume"),
             "name": scope.name_expr, "tags": scope.tags_expr}
    return Resource("aws_iam_role", block, attrs, exprs, key)


def tf_iam_role_policy(scope, block, role_block, role_name, statements, key=None):
    attrs = {"id": unknown(f"{role_name}:{role_name}-inline"), "name": f"{role_name}-inline",
             "name_prefix": unknown(""),
             "policy": json_string({"Statement": statements, "Version": "2012-10-17"}),
             "role": unknown(role_name)}
    exprs = {"name": scope.name_expr, "policy": {},
             "role": ref_to(f"aws_iam_role.{role_block}", "id")}
    return Resource("aws_iam_role_policy", block, attrs, exprs, key)


def task_role_statements(scope):
    rng = scope.rng
    bucket = f"{scope.name}-{scope.env}-data"
    statements = [{"Action": ["s3:GetObject", "s3:PutObject"], "Effect": "Allow",
                   "Resource": f"arn:aws:s3:::{bucket}/*"},
                  {"Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage"], "Effect": "Allow",
                   "Resource": scope.arn("sqs", f"{scope.name}-jobs")}]
    if rng.random() < 0.08:
        statements.append({"Action": "*", "Effect": "Allow", "Resource": "*"})
    if rng.random() < 0.3:
        statements.append({"Action": ["kms:Decrypt"], "Condition": {"StringEquals": {
            "kms:ViaService": f"secretsmanager.{scope.region}.amazonaws.com"}},
            "Effect": "Allow", "Resource": "*"})
    return statements


def tf_ecr_repository(scope, block, name, spec, key=None):
    repo = spec["repo"]
    attrs = tagged(
        scope,
        arn=unknown(scope.arn("ecr", f"repository/{name}")), encryption_configuration=[],
        force_delete=None, id=unknown(name), image_scanning_configuration=[],
        image_tag_mutability=repo["mutability"], name=name, registry_id=unknown(ACCOUNT),
        repository_url=unknown(f"{ACCOUNT}.dkr.ecr.{scope.region}.amazonaws.com/{name}"),
        timeouts=None)
    exprs = {"name": scope.name_expr, "tags": scope.tags_expr}
    if repo["mutability"] == "IMMUTABLE":
        exprs["image_tag_mutability"] = const("IMMUTABLE")
    if repo["scan"] is not None:
        attrs["image_scanning_configuration"] = [{"scan_on_push": repo["scan"]}]
        exprs["image_scanning_configuration"] = [{"scan_on_push": const(repo["scan"])}]
    if repo["kms"]:
        key_arn = scope.arn("kms", f"key/{hex_id(scope.rng, 8)}")
        attrs["encryption_configuration"] = [{"encryption_type": "KMS", "kms_key": unknown(key_arn)}]
        exprs["encryption_configuration"] = [{"encryption_type": const("KMS"),
                                              "kms_key": refs("var.kms_key_arn")}]
    return Resource("aws_ecr_repository", block, attrs, exprs, key)


def lifecycle_policy(days):
    return {"rules": [
        {"action": {"type": "expire"}, "description": f"Expire untagged images after {days} days",
         "rulePriority": 1, "selection": {"countNumber": days, "countType": "sinceImagePushed",
                                          "countUnit": "days", "tagStatus": "untagged"}},
        {"action": {"type": "expire"}, "description": "Keep the last 30 release images",
         "rulePriority": 2, "selection": {"countNumber": 30, "countType": "imageCountMoreThan",
                                          "tagPrefixList": ["v", "release"], "tagStatus": "tagged"}}]}


def tf_ecr_lifecycle_policy(scope, block, repo_name, key=None, key_var=None):
    days = scope.rng.choice([7, 14, 30])
    attrs = {"id": unknown(repo_name), "policy": json_string(lifecycle_policy(days)),
             "registry_id": unknown(ACCOUNT), "repository": repo_name}
    exprs = {"policy": {}, "repository": ref_to(f"aws_ecr_repository.{block}", "name", key_var)}
    return Resource("aws_ecr_lifecycle_policy", block, attrs, exprs, key,
                    previous={"policy": json_string(lifecycle_policy(days + 7))})


ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs", "s3", "ecs", "ecs-agent", "ecs-telemetry",
                     "secretsmanager", "ssm", "kms", "sts"]


def tf_vpc_endpoint(scope, service, policy_kind, keys_expr):
    rng = scope.rng
    gateway = service == "s3"
    endpoint_id = f"vpce-{hex_id(rng)}"
    attrs = tagged(
        scope,
        arn=unknown(scope.arn("ec2", f"vpc-endpoint/{endpoint_id}")), auto_accept=None,
        cidr_blocks=unknown([]), dns_entry=unknown([]), dns_options=unknown([]),
        id=unknown(endpoint_id), ip_address_type=unknown("ipv4"),
        network_interface_ids=unknown([]), owner_id=unknown(ACCOUNT),
        policy=unknown(json_string(full_access_policy())), prefix_list_id=unknown(""),
        private_dns_enabled=unknown(False), requester_managed=unknown(False),
        resource_configuration_arn=None, route_table_ids=unknown([]),
        security_group_ids=unknown([]), service_name=f"com.amazonaws.{scope.region}.{service}",
        service_network_arn=None, service_region=unknown(scope.region), state=unknown("available"),
        subnet_configuration=unknown([]), subnet_ids=unknown([]), timeouts=None,
        vpc_endpoint_type="Gateway" if gateway else "Interface", vpc_id=scope.vpc_id)
    exprs = {"service_name": refs("var.region", "each.value"), "tags": scope.tags_expr,
             "vpc_endpoint_type": refs("each.value"), "vpc_id": refs("var.vpc_id")}
    if not gateway:
        attrs["private_dns_enabled"] = rng.random() < 0.85
        attrs["subnet_ids"] = scope.subnets
        exprs["private_dns_enabled"] = const(attrs["private_dns_enabled"])
        exprs["subnet_ids"] = refs("var.subnet_ids")
    if policy_kind:
        attrs["policy"] = json_string(endpoint_policy(service, policy_kind))
        exprs["policy"] = {}
    return Resource("aws_vpc_endpoint", "this", attrs, exprs, service,
                    repeat=("for_each_expression", keys_expr))


def full_access_policy():
    return {"Statement": [{"Action": "*", "Effect": "Allow", "Principal": "*", "Resource": "*"}],
            "Version": "2008-10-17"}


def endpoint_policy(service, kind):
    if kind == "open":
        return full_access_policy()
    prefix = service.split(".")[0]
    return {"Statement": [{"Action": [f"{prefix}:Get*", f"{prefix}:Describe*", f"{prefix}:List*"],
                           "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}},
                           "Effect": "Allow", "Principal": "*", "Resource": "*",
                           "Sid": "AccountOnly"}],
            "Version": "2012-10-17"}


def tf_cluster(scope, block, name, insights, exec_logging):
    arn = scope.arn("ecs", f"cluster/{name}")
    attrs = tagged(
        scope,
        arn=unknown(arn), configuration=[], id=unknown(arn), name=name,
        service_connect_defaults=[],
        setting=unknown([{"name": "containerInsights", "value": "disabled"}]))
    exprs = {"name": scope.name_expr, "tags": scope.tags_expr}
    if insights:
        attrs["setting"] = [{"name": "containerInsights", "value": insights}]
        exprs["setting"] = [{"name": const("containerInsights"), "value": const(insights)}]
    if exec_logging:
        attrs["configuration"] = [{"execute_command_configuration": [{
            "kms_key_id": None, "logging": "OVERRIDE", "log_configuration": [{
                "cloud_watch_encryption_enabled": True, "cloud_watch_log_group_name": f"/ecs/{name}/exec",
                "s3_bucket_encryption_enabled": None, "s3_bucket_name": None, "s3_key_prefix": None}]}],
            "managed_storage_configuration": []}]
        exprs["configuration"] = [{"execute_command_configuration": [{
            "log_configuration": [{"cloud_watch_encryption_enabled": const(True),
                                   "cloud_watch_log_group_name": scope.name_expr}],
            "logging": const("OVERRIDE")}]}]
    return Resource("aws_ecs_cluster", block, attrs, exprs)


def tf_capacity_providers(scope, block, cluster_name):
    attrs = {"capacity_providers": ["FARGATE", "FARGATE_SPOT"], "cluster_name": cluster_name,
             "default_capacity_provider_strategy": [
                 {"base": 1, "capacity_provider": "FARGATE", "weight": 100}],
             "id": unknown(cluster_name)}
    exprs = {"capacity_providers": const(["FARGATE_SPOT", "FARGATE"]),
             "cluster_name": ref_to(f"aws_ecs_cluster.{block}", "name"),
             "default_capacity_provider_strategy": [{
                 "base": const(1), "capacity_provider": const("FARGATE"), "weight": const(100)}]}
    return Resource("aws_ecs_cluster_capacity_providers", block, attrs, exprs)


# --------------------------------------------------------------------------------------------
# Terraform plan: other AWS types (realistic attribute bags, best effort for aws 5.x)
# --------------------------------------------------------------------------------------------

def sg_rule(port, cidrs, description, protocol="tcp"):
    return {"cidr_blocks": cidrs, "description": description, "from_port": port,
            "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": protocol,
            "security_groups": [], "self": False, "to_port": port}


def tf_security_group(scope, block, name, ports, cidr):
    rng = scope.rng
    ingress = [sg_rule(port, [cidr], f"port {port}") for port in ports]
    group_id = f"sg-{hex_id(rng)}"
    attrs = tagged(
        scope,
        arn=unknown(scope.arn("ec2", f"security-group/{group_id}")),
        description=f"{name} security group", egress=[sg_rule(0, ["0.0.0.0/0"], "", "-1")],
        id=unknown(group_id), ingress=ingress, name=name, name_prefix=unknown(""),
        owner_id=unknown(ACCOUNT), revoke_rules_on_delete=False, timeouts=None,
        vpc_id=scope.vpc_id)
    exprs = {"description": scope.name_expr, "egress": const([sg_rule(0, ["0.0.0.0/0"], None, "-1")]),
             "ingress": const(ingress), "name": scope.name_expr, "tags": scope.tags_expr,
             "vpc_id": refs("var.vpc_id")}
    return Resource("aws_security_group", block, attrs, exprs,
                    previous={"description": "Managed by Terraform"})


def tf_policy_attachment(scope, role_block, role_name, policy):
    attrs = {"id": unknown(f"{role_name}-{hex_id(scope.rng, 20)}"),
             "policy_arn": f"arn:aws:iam::aws:policy/{policy}", "role": role_name}
    exprs = {"policy_arn": const(f"arn:aws:iam::aws:policy/{policy}"),
             "role": ref_to(f"aws_iam_role.{role_block}", "name")}
    return Resource("aws_iam_role_policy_attachment", role_block, attrs, exprs)


def tf_ingress_rule(scope, port, keys_expr):
    rule_id = f"sgr-{hex_id(scope.rng)}"
    attrs = tagged(
        scope,
        arn=unknown(scope.arn("ec2", f"security-group-rule/{rule_id}")), cidr_ipv4="10.0.0.0/8",
        cidr_ipv6=None, description=f"port {port} from the VPC", from_port=port,
        id=unknown(rule_id), ip_protocol="tcp", prefix_list_id=None,
        referenced_security_group_id=None, security_group_id=unknown(f"sg-{hex_id(scope.rng)}"),
        security_group_rule_id=unknown(rule_id), to_port=port)
    exprs = {"cidr_ipv4": const("10.0.0.0/8"), "description": refs("each.key"),
             "from_port": refs("each.value"), "ip_protocol": const("tcp"),
             "security_group_id": ref_to("aws_security_group.default", "id"),
             "tags": scope.tags_expr, "to_port": refs("each.value")}
    return Resource("aws_vpc_security_group_ingress_rule", "vpc", attrs, exprs, f"port-{port}",
                    repeat=("for_each_expression", keys_expr))


def tf_ssm_parameter(scope, name, value, secure, key, keys_expr):
    attrs = tagged(
        scope,
        allowed_pattern=None, arn=unknown(scope.arn("ssm", f"parameter{name}")), data_type="text",
        description=None, id=unknown(name), insecure_value=None,
        key_id=unknown("alias/aws/ssm") if secure else unknown(""), name=name, overwrite=None,
        tier="Standard", type="SecureString" if secure else "String", value=value,
        version=unknown(1))
    exprs = {"name": refs("var.prefix", "each.key"), "tags": scope.tags_expr,
             "type": refs("each.value.type", "each.value"), "value": refs("each.value.value", "each.value")}
    return Resource("aws_ssm_parameter", "this", attrs, exprs, key, secret=("value",),
                    repeat=("for_each_expression", keys_expr))


def tf_log_group(scope, block, name, key=None):
    attrs = tagged(
        scope,
        arn=unknown(scope.arn("logs", f"log-group:{name}")), id=unknown(name), kms_key_id=None,
        log_group_class="STANDARD", name=name, name_prefix=unknown(""),
        retention_in_days=scope.rng.choice([7, 14, 30, 90, 365]), skip_destroy=False)
    exprs = {"name": scope.name_expr, "retention_in_days": refs("var.log_retention_days"),
             "tags": scope.tags_expr}
    return Resource("aws_cloudwatch_log_group", block, attrs, exprs, key)


def tf_vpc(scope, cidr):
    rng = scope.rng
    vpc_id = f"vpc-{hex_id(rng)}"
    attrs = tagged(
        scope,
        arn=unknown(scope.arn("ec2", f"vpc/{vpc_id}")), assign_generated_ipv6_cidr_block=None,
        cidr_block=cidr, default_network_acl_id=unknown(f"acl-{hex_id(rng)}"),
        default_route_table_id=unknown(f"rtb-{hex_id(rng)}"),
        default_security_group_id=unknown(f"sg-{hex_id(rng)}"),
        dhcp_options_id=unknown(f"dopt-{hex_id(rng)}"), enable_dns_hostnames=True,
        enable_dns_support=True, enable_network_address_usage_metrics=unknown(False),
        id=unknown(vpc_id), instance_tenancy="default", ipv4_ipam_pool_id=None,
        ipv4_netmask_length=None, ipv6_association_id=unknown(""), ipv6_cidr_block=unknown(""),
        ipv6_cidr_block_network_border_group=unknown(""), ipv6_ipam_pool_id=None,
        ipv6_netmask_length=None, main_route_table_id=unknown(f"rtb-{hex_id(rng)}"),
        owner_id=unknown(ACCOUNT))
    exprs = {"cidr_block": refs("var.cidr_block"), "enable_dns_hostnames": const(True),
             "tags": scope.tags_expr}
    return Resource("aws_vpc", "this", attrs, exprs), vpc_id


def tf_subnet(scope, block, index, cidr, vpc_id, public):
    subnet_id = f"subnet-{hex_id(scope.rng)}"
    attrs = tagged(
        scope,
        arn=unknown(scope.arn("ec2", f"subnet/{subnet_id}")), assign_ipv6_address_on_creation=False,
        availability_zone=f"{scope.region}{'abc'[index % 3]}", availability_zone_id=unknown(""),
        cidr_block=cidr, customer_owned_ipv4_pool=None, enable_dns64=False,
        enable_lni_at_device_index=None, enable_resource_name_dns_a_record_on_launch=False,
        enable_resource_name_dns_aaaa_record_on_launch=False, id=unknown(subnet_id),
        ipv6_cidr_block=None, ipv6_cidr_block_association_id=unknown(""), ipv6_native=False,
        map_customer_owned_ip_on_launch=None, map_public_ip_on_launch=public, outpost_arn=None,
        owner_id=unknown(ACCOUNT), private_dns_hostname_type_on_launch=unknown("ip-name"),
        timeouts=None, vpc_id=unknown(vpc_id))
    exprs = {"availability_zone": refs("var.azs", "count.index"),
             "cidr_block": refs("var.cidr_block", "count.index"),
             "map_public_ip_on_launch": const(public), "tags": scope.tags_expr,
             "vpc_id": ref_to("aws_vpc.this", "id")}
    return Resource("aws_subnet", block, attrs, exprs, index, repeat=("count_expression", const(3)),
                    previous={"cidr_block": cidr.replace(".0/", ".128/")})


def tf_route_table(scope, block, vpc_id, key=None):
    rng = scope.rng
    table_id = f"rtb-{hex_id(rng)}"
    attrs = tagged(
        scope,
        arn=unknown(scope.arn("ec2", f"route-table/{table_id}")), id=unknown(table_id),
        owner_id=unknown(ACCOUNT), propagating_vgws=unknown([]), route=unknown([]),
        timeouts=None, vpc_id=unknown(vpc_id))
    exprs = {"route": [{"cidr_block": const("0.0.0.0/0"), "nat_gateway_id": refs(
        "aws_nat_gateway.this.id", "aws_nat_gateway.this")}], "tags": scope.tags_expr,
        "vpc_id": ref_to("aws_vpc.this", "id")}
    return Resource("aws_route_table", block, attrs, exprs, key)


def tf_route_table_association(scope, block, index):
    attrs = {"gateway_id": None, "id": unknown(f"rtbassoc-{hex_id(scope.rng)}"),
             "route_table_id": unknown(""), "subnet_id": unknown(""), "timeouts": None}
    exprs = {"route_table_id": ref_to(f"aws_route_table.{block}", "id"),
             "subnet_id": refs(f"aws_subnet.{block}", "count.index")}
    return Resource("aws_route_table_association", block, attrs, exprs, index,
                    repeat=("count_expression", const(3)))


def tf_s3_bucket(scope, bucket, key, keys_expr):
    attrs = tagged(
        scope,
        acceleration_status=unknown(""), acl=unknown(None), arn=unknown(f"arn:aws:s3:::{bucket}"),
        bucket=bucket, bucket_domain_name=unknown(f"{bucket}.s3.amazonaws.com"),
        bucket_prefix=unknown(""), bucket_regional_domain_name=unknown(""), cors_rule=unknown([]),
        force_destroy=False, grant=unknown([]), hosted_zone_id=unknown("Z3AQBSTGFYJSTF"),
        id=unknown(bucket), lifecycle_rule=unknown([]), logging=unknown([]),
        object_lock_configuration=unknown([]), object_lock_enabled=unknown(False),
        policy=unknown(""), region=unknown(scope.region),
        replication_configuration=unknown([]), request_payer=unknown("BucketOwner"),
        server_side_encryption_configuration=unknown([]), timeouts=None,
        versioning=unknown([{"enabled": False, "mfa_delete": False}]), website=unknown([]),
        website_domain=unknown(None), website_endpoint=unknown(None))
    exprs = {"bucket": refs("var.name", "each.key"), "tags": scope.tags_expr}
    return Resource("aws_s3_bucket", "this", attrs, exprs, key,
                    repeat=("for_each_expression", keys_expr))


def tf_s3_versioning(scope, bucket, key, keys_expr):
    attrs = {"bucket": unknown(bucket), "expected_bucket_owner": None, "id": unknown(bucket),
             "mfa": None, "versioning_configuration": [{"mfa_delete": unknown("Disabled"),
                                                        "status": "Enabled"}]}
    exprs = {"bucket": refs("aws_s3_bucket.this", "each.key"),
             "versioning_configuration": [{"status": const("Enabled")}]}
    return Resource("aws_s3_bucket_versioning", "this", attrs, exprs, key,
                    repeat=("for_each_expression", keys_expr))


def tf_s3_public_access_block(scope, bucket, key, keys_expr):
    attrs = {"block_public_acls": True, "block_public_policy": True, "bucket": unknown(bucket),
             "id": unknown(bucket), "ignore_public_acls": True, "restrict_public_buckets": True}
    exprs = {name: const(True) for name in ("block_public_acls", "block_public_policy",
                                             "ignore_public_acls", "restrict_public_buckets")}
    exprs["bucket"] = refs("aws_s3_bucket.this", "each.key")
    return Resource("aws_s3_bucket_public_access_block", "this", attrs, exprs, key,
                    repeat=("for_each_expression", keys_expr))


def tf_lambda(scope, function, key, keys_expr, role_arn):
    rng = scope.rng
    arn = scope.arn("lambda", f"function:{function}")
    runtime = rng.choice(["python3.12", "nodejs20.x", "java21", "provided.al2023"])
    attrs = tagged(
        scope,
        architectures=[rng.choice(["arm64", "x86_64"])], arn=unknown(arn),
        code_sha256=unknown(""), code_signing_config_arn=None, dead_letter_config=[],
        description=f"{function} handler",
        environment=[{"variables": {"LOG_LEVEL": "info", "STAGE": scope.env,
                                    "TABLE_NAME": f"{scope.name}-{key}"}}],
        ephemeral_storage=unknown([{"size": 512}]), file_system_config=[], filename=None,
        function_name=function, handler="main.handler" if runtime.startswith("python") else "index.handler",
        id=unknown(function), image_config=[], image_uri=None, invoke_arn=unknown(""),
        kms_key_arn=None, last_modified=unknown(""), layers=None, logging_config=unknown([]),
        memory_size=rng.choice([128, 256, 512, 1024]), package_type="Zip", publish=False,
        qualified_arn=unknown(f"{arn}:$LATEST"), qualified_invoke_arn=unknown(""),
        replace_security_groups_on_destroy=None, replacement_security_group_ids=None,
        reserved_concurrent_executions=-1, role=role_arn, runtime=runtime,
        s3_bucket=f"{scope.name}-artifacts", s3_key=f"lambda/{function}.zip", s3_object_version=None,
        signing_job_arn=unknown(""), signing_profile_version_arn=unknown(""), skip_destroy=False,
        snap_start=[], source_code_hash=hex_id(rng, 43), source_code_size=unknown(0),
        timeout=rng.choice([3, 10, 30, 60, 300]), timeouts=None, tracing_config=unknown([]),
        version=unknown("$LATEST"), vpc_config=[])
    exprs = {"architectures": refs("each.value.arch", "each.value"),
             "environment": [{"variables": refs("var.environment", "var.name", "each.key")}],
             "function_name": refs("var.name", "each.key"), "handler": refs("each.value.handler", "each.value"),
             "memory_size": refs("each.value.memory", "each.value"), "role": refs("var.lambda_role_arn"),
             "runtime": refs("each.value.runtime", "each.value"), "s3_bucket": refs("var.artifact_bucket"),
             "s3_key": refs("each.key"), "source_code_hash": refs("each.value.hash", "each.value"),
             "tags": scope.tags_expr, "timeout": refs("each.value.timeout", "each.value")}
    return Resource("aws_lambda_function", "this", attrs, exprs, key,
                    repeat=("for_each_expression", keys_expr))


def tf_route53_record(scope, zone_id, domain, key, keys_expr):
    rng = scope.rng
    record_type = rng.choice(["A", "CNAME", "TXT"])
    value = {"A": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
             "CNAME": f"{key}.{scope.region}.elb.amazonaws.com",
             "TXT": f"v=spf1 include:_spf.{domain} ~all"}[record_type]
    name = f"{key}.{domain}"
    attrs = {"alias": [], "allow_overwrite": unknown(False), "cidr_routing_policy": [],
             "failover_routing_policy": [], "fqdn": unknown(name), "geolocation_routing_policy": [],
             "geoproximity_routing_policy": [], "health_check_id": None,
             "id": unknown(f"{zone_id}_{name}_{record_type}"), "latency_routing_policy": [],
             "multivalue_answer_routing_policy": None, "name": name, "records": [value],
             "set_identifier": None, "ttl": 300, "type": record_type,
             "weighted_routing_policy": [], "zone_id": zone_id}
    exprs = {"name": refs("each.key", "var.domain"), "records": refs("each.value.records", "each.value"),
             "ttl": const(300), "type": refs("each.value.type", "each.value"),
             "zone_id": refs("var.zone_id")}
    return Resource("aws_route53_record", "this", attrs, exprs, key,
                    repeat=("for_each_expression", keys_expr))


def tf_db_subnet_group(scope, name):
    attrs = tagged(
        scope,
        arn=unknown(scope.arn("rds", f"subgrp:{name}")), description="Managed by Terraform",
        id=unknown(name), name=name, name_prefix=unknown(""), subnet_ids=scope.subnets,
        supported_network_types=unknown(["IPV4"]), vpc_id=unknown(scope.vpc_id))
    exprs = {"name": scope.name_expr, "subnet_ids": refs("var.subnet_ids"), "tags": scope.tags_expr}
    return Resource("aws_db_subnet_group", "this", attrs, exprs)


def tf_db_instance(scope, name, password):
    rng = scope.rng
    engine, version, port = rng.choice([("postgres", "16.3", 5432), ("mysql", "8.0.36", 3306),
                                        ("mariadb", "10.11.8", 3306)])
    host = f"{name}.c{hex_id(rng, 11)}.{scope.region}.rds.amazonaws.com"
    attrs = tagged(
        scope,
        address=unknown(host), allocated_storage=rng.choice([20, 50, 100, 200]),
        allow_major_version_upgrade=None, apply_immediately=False, arn=unknown(scope.arn("rds", f"db:{name}")),
        auto_minor_version_upgrade=True, availability_zone=unknown(f"{scope.region}a"),
        backup_retention_period=rng.choice([0, 7, 14]), backup_target=unknown("region"),
        backup_window=unknown("03:00-04:00"), blue_green_update=[], ca_cert_identifier=unknown(""),
        character_set_name=unknown(""), copy_tags_to_snapshot=True, custom_iam_instance_profile=None,
        customer_owned_ip_enabled=None, db_name=scope.name.replace("-", "_"),
        db_subnet_group_name=name, dedicated_log_volume=False, delete_automated_backups=True,
        deletion_protection=scope.env == "prod", domain=None, domain_auth_secret_arn=None,
        domain_dns_ips=None, domain_fqdn=unknown(""), domain_iam_role_name=None, domain_ou=None,
        enabled_cloudwatch_logs_exports=None, endpoint=unknown(f"{host}:{port}"), engine=engine,
        engine_lifecycle_support=unknown(""), engine_version=version,
        engine_version_actual=unknown(version), final_snapshot_identifier=f"{name}-final",
        hosted_zone_id=unknown(""), iam_database_authentication_enabled=None,
        id=unknown(f"db-{hex_id(rng, 26).upper()}"), identifier=name, identifier_prefix=unknown(""),
        instance_class=rng.choice(["db.t4g.medium", "db.r6g.large", "db.m6g.xlarge"]),
        iops=unknown(0), kms_key_id=unknown(""), latest_restorable_time=unknown(""),
        license_model=unknown(""), listener_endpoint=unknown([]), maintenance_window=unknown(""),
        manage_master_user_password=None, master_user_secret=unknown([]),
        master_user_secret_kms_key_id=unknown(""), max_allocated_storage=None,
        monitoring_interval=0, monitoring_role_arn=unknown(""), multi_az=scope.env == "prod",
        nchar_character_set_name=unknown(""), network_type=unknown("IPV4"),
        option_group_name=unknown(""), parameter_group_name=unknown(""), password=password,
        performance_insights_enabled=False, performance_insights_kms_key_id=unknown(""),
        performance_insights_retention_period=unknown(0), port=unknown(port),
        publicly_accessible=rng.random() < 0.05, replica_mode=unknown(""), replicas=unknown([]),
        replicate_source_db=None, resource_id=unknown(""), restore_to_point_in_time=[],
        s3_import=[], skip_final_snapshot=False, snapshot_identifier=unknown(""),
        status=unknown(""), storage_encrypted=rng.random() < 0.9, storage_throughput=unknown(0),
        storage_type=unknown("gp3"), timeouts=None, timezone=unknown(""),
        upgrade_storage_config=None, username="app", vpc_security_group_ids=unknown([]))
    exprs = {"allocated_storage": refs("var.allocated_storage"), "db_name": scope.name_expr,
             "db_subnet_group_name": ref_to("aws_db_subnet_group.this", "name"),
             "engine": const(engine), "engine_version": const(version),
             "final_snapshot_identifier": scope.name_expr, "identifier": scope.name_expr,
             "instance_class": refs("var.instance_class"), "password": refs("var.db_password"),
             "storage_encrypted": const(attrs["storage_encrypted"]), "tags": scope.tags_expr,
             "username": const("app"), "vpc_security_group_ids": ref_to("aws_security_group.this", "id")}
    return Resource("aws_db_instance", "this", attrs, exprs, secret=("password",))


def tf_sns_topic(scope, name):
    attrs = tagged(
        scope,
        application_failure_feedback_role_arn=None, application_success_feedback_role_arn=None,
        application_success_feedback_sample_rate=None, archive_policy=None,
        arn=unknown(scope.arn("sns", name)), beginning_archive_time=unknown(""),
        content_based_deduplication=False, delivery_policy=None, display_name=None,
        fifo_throughput_scope=unknown(""), fifo_topic=False, firehose_failure_feedback_role_arn=None,
        firehose_success_feedback_role_arn=None, firehose_success_feedback_sample_rate=None,
        http_failure_feedback_role_arn=None, http_success_feedback_role_arn=None,
        http_success_feedback_sample_rate=None, id=unknown(""), kms_master_key_id="alias/aws/sns",
        lambda_failure_feedback_role_arn=None, lambda_success_feedback_role_arn=None,
        lambda_success_feedback_sample_rate=None, name=name, name_prefix=unknown(""),
        owner=unknown(ACCOUNT), policy=unknown(""), signature_version=unknown(1),
        sqs_failure_feedback_role_arn=None, sqs_success_feedback_role_arn=None,
        sqs_success_feedback_sample_rate=None, tracing_config=unknown(""))
    exprs = {"kms_master_key_id": const("alias/aws/sns"), "name": scope.name_expr,
             "tags": scope.tags_expr}
    return Resource("aws_sns_topic", "alerts", attrs, exprs)


def tf_metric_alarm(scope, topic_arn, metric, key, keys_expr):
    rng = scope.rng
    name = f"{scope.name}-{key}"
    attrs = tagged(
        scope,
        actions_enabled=True, alarm_actions=unknown([topic_arn]),
        alarm_description=f"{metric} too high for {scope.name}", alarm_name=name,
        arn=unknown(scope.arn("cloudwatch", f"alarm:{name}")),
        comparison_operator="GreaterThanThreshold", datapoints_to_alarm=None,
        dimensions={"ClusterName": scope.name, "ServiceName": key},
        evaluate_low_sample_count_percentiles=unknown(""), evaluation_periods=rng.choice([1, 3, 5]),
        extended_statistic=None, id=unknown(name), insufficient_data_actions=None,
        metric_name=metric, metric_query=[], namespace="AWS/ECS", ok_actions=None,
        period=rng.choice([60, 300]), statistic="Average", threshold=rng.choice([70, 80, 90]),
        threshold_metric_id=None, treat_missing_data="missing", unit=None)
    exprs = {"alarm_actions": refs("aws_sns_topic.alerts.arn", "aws_sns_topic.alerts"),
             "alarm_description": refs("each.key", "var.name"),
             "alarm_name": refs("var.name", "each.key"),
             "comparison_operator": const("GreaterThanThreshold"),
             "dimensions": refs("var.name", "each.key"),
             "evaluation_periods": refs("each.value.periods", "each.value"),
             "metric_name": refs("each.value.metric", "each.value"),
             "namespace": const("AWS/ECS"), "period": refs("each.value.period", "each.value"),
             "statistic": const("Average"), "tags": scope.tags_expr,
             "threshold": refs("each.value.threshold", "each.value")}
    return Resource("aws_cloudwatch_metric_alarm", "this", attrs, exprs, key,
                    repeat=("for_each_expression", keys_expr))


# --------------------------------------------------------------------------------------------
# Terraform plan: module kinds
# --------------------------------------------------------------------------------------------

@dataclass
class ModuleInstance:
    address: str                  # e.g. module.team000012_svc["orders"] ("" for the root)
    key: object
    resources: list
    children: list                # nested Calls
    actions: random.Random        # picks each resource's planned action


@dataclass
class Call:
    """A module call: its configuration and its instances (all built from the same spec)."""
    name: str
    source: str
    expressions: dict
    repeat: tuple                 # ("for_each_expression" | "count_expression", expr) or None
    variables: dict
    outputs: dict
    instances: list = field(default_factory=list)
    version: str = None


@dataclass
class CallContext:
    """What a module call gets from its parent module."""
    world: "World"
    rng: random.Random
    parent: str                   # parent module address ("" for the root)
    project: str
    env: str
    cluster_arn: str = None       # the parent's cluster, when it has one
    cluster_expr: dict = None     # how the parent passes it (call argument expression)


def service_spec(rng, share):
    """Block-level choices for one ECS service module: the same for every instance, so the
    configuration section can state them as constants."""
    compat = "FARGATE" if rng.random() < 0.85 else "EC2"
    cpu, memory = rng.choice([(256, 512), (512, 1024), (1024, 2048), (2048, 4096)])
    return {
        "compat": compat, "cpu": cpu, "memory": memory,
        "network_mode": "awsvpc" if compat == "FARGATE" or rng.random() < 0.5 else "bridge",
        "port": rng.choice([80, 3000, 8080, 8443, 9000]),
        "containers": rng.choice([1, 1, 2, 2, 3, 4]),
        "public": rng.random() < 0.12, "exec_command": rng.random() < 0.3,
        "breaker": rng.random() < 0.7, "load_balancer": rng.random() < 0.4,
        "spot": compat == "FARGATE" and rng.random() < 0.15,
        "task_set": rng.random() < 0.08, "task_role": rng.random() < 0.8,
        "image_from_repo": rng.random() < 0.2, "secret_env": rng.random() < 0.05,
        "arm64": rng.random() < 0.3,
        "efs": f"fs-{hex_id(rng, 8)}" if rng.random() < 0.08 else None,
        "efs_tls": rng.choice(["ENABLED", "ENABLED", "DISABLED"]),
        "workers": rng.choice([0, 0, 0, 1, 2, 3]),
        "repo": {"mutability": rng.choice(["MUTABLE", "IMMUTABLE", "IMMUTABLE"]),
                 "scan": rng.choice([None, True, True, False]), "kms": rng.random() < 0.3},
        "extras": share < 1 and rng.random() < 1 - share,
        "ingress_cidr": rng.choice(["10.0.0.0/8", "10.0.0.0/8", "0.0.0.0/0", "172.16.0.0/12"]),
    }


def service_module_resources(scope, spec):
    """One instance of ./modules/ecs-service: roles, repository, task definitions, services."""
    name = scope.name
    exec_name, task_name = f"{name}-execution", f"{name}-task"
    exec_arn = scope.arn("iam", f"role/{exec_name}", regional=False)
    task_arn = scope.arn("iam", f"role/{task_name}", regional=False) if spec["task_role"] else None
    out = [tf_iam_role(scope, "execution", exec_name, managed=[
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"])]
    if task_arn:
        out.append(tf_iam_role(scope, "task", task_name))
        out.append(tf_iam_role_policy(scope, "task", "task", task_name, task_role_statements(scope)))
    out.append(tf_ecr_repository(scope, "this", name, spec))
    out.append(tf_ecr_lifecycle_policy(scope, "this", name))
    td = tf_task_definition(scope, spec, "this", None, name, exec_arn, task_arn)
    out.append(td)
    td_arn = td.attrs["arn"].state
    out.append(tf_service(scope, spec, "this", None, None, name, td_arn))
    if spec["task_set"]:
        out.append(tf_task_set(scope, spec, name, td_arn))
    count_expr = refs("var.worker_count")
    for index in range(spec["workers"]):
        worker = f"{name}-worker-{index}"
        wtd = tf_task_definition(scope, spec, "worker", index, worker, exec_arn, task_arn)
        wtd.repeat = ("count_expression", count_expr)
        service = tf_service(scope, {**spec, "load_balancer": False, "task_set": False}, "worker",
                             index, "count.index", worker, wtd.attrs["arn"].state)
        service.repeat = ("count_expression", count_expr)
        out += [wtd, service]
    if spec["extras"]:
        out.append(tf_security_group(scope, "this", name, [spec["port"]], spec["ingress_cidr"]))
        out.append(tf_log_group(scope, "this", f"/ecs/{name}"))
        out.append(tf_policy_attachment(scope, "execution", exec_name,
                                        "service-role/AmazonECSTaskExecutionRolePolicy"))
    return out


SERVICE_VARIABLES = {
    "cluster_arn": {"description": "ARN of the ECS cluster to run in"},
    "db_password": {"sensitive": True}, "desired_count": {"default": 2},
    "environment": {}, "image_tag": {"description": "Image tag to deploy"},
    "kms_key_arn": {"default": None}, "log_retention_days": {"default": 30}, "name": {},
    "subnet_ids": {}, "tags": {"default": {}}, "target_group_arn": {"default": None},
    "vpc_id": {}, "worker_count": {"default": 0},
}
SERVICE_OUTPUTS = {
    "service_name": {"expression": ref_to("aws_ecs_service.this", "name")},
    "task_definition_arn": {"expression": ref_to("aws_ecs_task_definition.this", "arn")},
}


def module_keys(rng, words, most=6):
    """for_each keys (sorted, as Terraform orders them) or a count, or no repetition."""
    roll = rng.random()
    if roll < 0.65:
        return sorted(rng.sample(words, rng.randint(1, most))), "for_each"
    if roll < 0.85:
        return list(range(rng.randint(1, 3))), "count"
    return [None], None


def call_repeat(ctx, name, keys, style):
    if style == "for_each":
        if rng_for(ctx.world.seed, "repeat", name).random() < 0.5:
            return ("for_each_expression", refs(f"local.{name}"))
        return ("for_each_expression", const({key: {"image_tag": "stable"} for key in keys}))
    if style == "count":
        return ("count_expression", const(len(keys)))
    return None


def instance_scope(ctx, address, key, suffix):
    world = ctx.world
    name = f"{ctx.project}-{suffix}" if key is None else f"{ctx.project}-{suffix}-{key}"
    env = key if key in ENVIRONMENTS else ctx.env
    return Scope(name=name, env=env, region=world.region, rng=rng_for(world.seed, address),
                 tags={"Environment": env, "ManagedBy": "terraform", "Project": ctx.project,
                       "Service": name},
                 subnets=world.subnets, vpc_id=world.vpc_id, cluster_arn=ctx.cluster_arn)


def build_call(ctx, name, source, keys, style, variables, outputs, expressions, build_instance,
               version=None):
    """Builds every instance of a module call; build_instance(scope) returns (resources, calls)."""
    call = Call(name, source, expressions, call_repeat(ctx, name, keys, style), variables, outputs,
                version=version)
    prefix = f"{ctx.parent}." if ctx.parent else ""
    for key in keys:
        address = f"{prefix}module.{name}{key_suffix(key)}"
        scope = instance_scope(ctx, address, key, name.rsplit("_", 1)[-1])
        resources, children = build_instance(scope, address)
        call.instances.append(ModuleInstance(address, key, resources, children,
                                             rng_for(ctx.world.seed, address, "actions")))
    return call


def service_call_expressions(ctx, style):
    name = {"for_each": refs("each.key"), "count": refs("count.index")}.get(style, const("app"))
    return {"cluster_arn": ctx.cluster_expr, "db_password": refs("var.db_password"),
            "environment": refs("var.environment"), "image_tag": refs("var.image_tag"),
            "name": name, "subnet_ids": refs("var.subnet_ids"), "tags": refs("local.tags"),
            "vpc_id": refs("var.vpc_id")}


def kind_ecs_service(ctx, name):
    spec = service_spec(ctx.rng, ctx.world.share)
    keys, style = module_keys(ctx.rng, SERVICE_WORDS)
    expressions = service_call_expressions(ctx, style)
    if spec["workers"]:
        expressions["worker_count"] = const(spec["workers"])
    source, version = ctx.rng.choice([("./modules/ecs-service", None),
                                      ("app.terraform.io/acme/ecs-service/aws", "~> 3.2"),
                                      ("git::https://github.com/acme/terraform-aws-ecs-service.git?ref=v2.4.1", None)])
    return build_call(ctx, name, source, keys, style, SERVICE_VARIABLES, SERVICE_OUTPUTS,
                      expressions, lambda scope, _: (service_module_resources(scope, spec), []),
                      version)


def kind_ecs_platform(ctx, name):
    """A cluster with VPC endpoints and, nested, its services (and maybe its network)."""
    rng, share = ctx.rng, ctx.world.share
    insights = rng.choice([None, "enabled", "enhanced", "disabled"])
    exec_logging = rng.random() < 0.5
    endpoints = sorted(rng.sample(ENDPOINT_SERVICES, rng.randint(2, 6)))
    policy_kind = rng.choice([None, "open", "scoped", "scoped"])
    with_network = share < 1 and rng.random() < 1 - share
    keys_expr = refs("local.endpoints")
    service_spec_ = service_spec(rng, share)
    service_keys = sorted(rng.sample(SERVICE_WORDS, rng.randint(1, 5)))
    envs = sorted(rng.sample(ENVIRONMENTS, rng.randint(1, 3))) if rng.random() < 0.6 else [None]

    def build_instance(scope, address):
        cluster_name = scope.name
        cluster = tf_cluster(scope, "this", cluster_name, insights, exec_logging)
        resources = [cluster, tf_capacity_providers(scope, "this", cluster_name)]
        resources += [tf_vpc_endpoint(scope, service, policy_kind, keys_expr) for service in endpoints]
        child = CallContext(ctx.world, rng_for(ctx.world.seed, address, "calls"), address,
                            scope.name, scope.env, cluster.attrs["arn"].state,
                            ref_to("aws_ecs_cluster.this", "arn"))
        calls = []
        if with_network:
            calls.append(network_call(child, "net", nested=True))
        calls.append(build_call(
            child, "svc", "../ecs-service", service_keys, "for_each", SERVICE_VARIABLES,
            SERVICE_OUTPUTS, service_call_expressions(child, "for_each"),
            lambda s, _: (service_module_resources(s, service_spec_), [])))
        return resources, calls

    style = "for_each" if envs != [None] else None
    variables = {"environment": {}, "name": {}, "subnet_ids": {}, "tags": {"default": {}},
                 "vpc_id": {}}
    outputs = {"cluster_arn": {"expression": ref_to("aws_ecs_cluster.this", "arn")},
               "cluster_name": {"expression": ref_to("aws_ecs_cluster.this", "name")}}
    expressions = {"environment": refs("each.key") if style else refs("var.environment"),
                   "name": const(ctx.project), "subnet_ids": refs("var.subnet_ids"),
                   "tags": refs("local.tags"), "vpc_id": refs("var.vpc_id")}
    return build_call(ctx, name, "./modules/ecs-platform", envs, style, variables, outputs,
                      expressions, build_instance)


def kind_ecr(ctx, name):
    """Shared ECR repositories (for_each) and the CI role that pushes to them."""
    rng = ctx.rng
    repos = sorted(rng.sample(SERVICE_WORDS, rng.randint(2, 8)))
    spec = {"repo": {"mutability": rng.choice(["MUTABLE", "IMMUTABLE"]),
                     "scan": rng.choice([None, True, False]), "kms": rng.random() < 0.4}}
    keys_expr = refs("var.repositories")

    def build_instance(scope, address):
        resources = []
        for repo in repos:
            repository = tf_ecr_repository(scope, "this", f"{scope.name}/{repo}", spec, key=repo)
            policy = tf_ecr_lifecycle_policy(scope, "this", f"{scope.name}/{repo}", repo, "each.key")
            for resource in (repository, policy):
                resource.repeat = ("for_each_expression", keys_expr)
            resources += [repository, policy]
        github = {"Statement": [{"Action": "sts:AssumeRoleWithWebIdentity", "Effect": "Allow",
                                 "Principal": {"Federated": scope.arn(
                                     "iam", "oidc-provider/token.actions.githubusercontent.com", False)},
                                 "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub":
                                                              f"repo:acme/{scope.name}:*"}}}],
                  "Version": "2012-10-17"}
        resources.append(tf_iam_role(scope, "ci", f"{scope.name}-ci-push", assume=github))
        resources.append(tf_iam_role_policy(scope, "ci", "ci", f"{scope.name}-ci-push", [
            {"Action": ["ecr:BatchCheckLayerAvailability", "ecr:CompleteLayerUpload",
                        "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"],
             "Effect": "Allow", "Resource": scope.arn("ecr", f"repository/{scope.name}/*")},
            {"Action": "ecr:GetAuthorizationToken", "Effect": "Allow", "Resource": "*"}]))
        return resources, []

    variables = {"name": {}, "repositories": {"description": "Repository names"},
                 "tags": {"default": {}}, "kms_key_arn": {"default": None}}
    expressions = {"name": const(ctx.project), "repositories": const(repos),
                   "tags": refs("local.tags")}
    return build_call(ctx, name, "./modules/ecr", [None], None, variables, {}, expressions,
                      build_instance)


def network_call(ctx, name, nested=False):
    """./modules/network: a VPC with three private and three public subnets."""
    ports = sorted(ctx.rng.sample([22, 80, 443, 3306, 5432, 6379, 8080, 9090, 9200], ctx.rng.randint(2, 6)))
    keys_expr = refs("var.ingress_ports")

    def build_instance(scope, address):
        second = scope.rng.randint(0, 250)
        vpc, vpc_id = tf_vpc(scope, f"10.{second}.0.0/16")
        resources = [vpc]
        for tier, offset in (("private", 0), ("public", 100)):
            resources += [tf_subnet(scope, tier, i, f"10.{second}.{offset + i}.0/24", vpc_id,
                                    tier == "public") for i in range(3)]
            resources.append(tf_route_table(scope, tier, vpc_id))
            resources += [tf_route_table_association(scope, tier, i) for i in range(3)]
        resources.append(tf_security_group(scope, "default", f"{scope.name}-default", [443],
                                           "10.0.0.0/8"))
        resources += [tf_ingress_rule(scope, port, keys_expr) for port in ports]
        return resources, []

    variables = {"azs": {}, "cidr_block": {}, "ingress_ports": {"default": {}}, "name": {},
                 "tags": {"default": {}}}
    outputs = {"private_subnet_ids": {"expression": refs("aws_subnet.private")},
               "vpc_id": {"expression": ref_to("aws_vpc.this", "id")}}
    expressions = {"azs": refs("data.aws_availability_zones.available.names",
                               "data.aws_availability_zones.available"),
                   "cidr_block": refs("var.cidr_block") if nested else const("10.0.0.0/16"),
                   "name": refs("var.name") if nested else const(ctx.project),
                   "tags": refs("var.tags") if nested else refs("local.tags")}
    source = "../network" if nested else "terraform-aws-modules/vpc/aws"
    return build_call(ctx, name, source, [None], None, variables, outputs, expressions,
                      build_instance, None if nested else "~> 5.8")


def for_each_kind(builder, source, words, most):
    """An unmodelled module whose resources are one for_each over a few keys."""
    def kind(ctx, name):
        keys_expr = refs("var.items")
        items = sorted(ctx.rng.sample(words, ctx.rng.randint(2, most)))

        def build_instance(scope, address):
            return builder(scope, items, keys_expr), []

        variables = {"items": {}, "name": {}, "tags": {"default": {}}}
        expressions = {"items": refs(f"local.{name}"), "name": const(ctx.project),
                       "tags": refs("local.tags")}
        keys, style = module_keys(ctx.rng, ENVIRONMENTS, 3)
        return build_call(ctx, name, source, keys, style, variables, {}, expressions, build_instance)
    return kind


def storage_resources(scope, items, keys_expr):
    out = []
    for item in items:
        bucket = f"{scope.name}-{item}-{hex_id(scope.rng, 6)}"
        out += [tf_s3_bucket(scope, bucket, item, keys_expr),
                tf_s3_versioning(scope, bucket, item, keys_expr),
                tf_s3_public_access_block(scope, bucket, item, keys_expr)]
    return out


def lambda_resources(scope, items, keys_expr):
    role = scope.arn("iam", f"role/{scope.name}-lambda", regional=False)
    out = []
    for item in items:
        function = f"{scope.name}-{item}"
        out.append(tf_lambda(scope, function, item, keys_expr, role))
        log_group = tf_log_group(scope, "this", f"/aws/lambda/{function}", key=item)
        log_group.repeat = ("for_each_expression", keys_expr)
        out.append(log_group)
    return out


def dns_resources(scope, items, keys_expr):
    zone = "Z" + hex_id(scope.rng, 20).upper()
    domain = f"{scope.name}.example.com"
    return [tf_route53_record(scope, zone, domain, item, keys_expr) for item in items]


def monitoring_resources(scope, items, keys_expr):
    topic = tf_sns_topic(scope, f"{scope.name}-alerts")
    metrics = ["CPUUtilization", "MemoryUtilization"]
    return [topic] + [tf_metric_alarm(scope, topic.attrs["arn"].state, scope.rng.choice(metrics),
                                      item, keys_expr) for item in items]


def parameter_resources(scope, items, keys_expr):
    out = []
    for item in items:
        for setting in ("endpoint", "timeout", "token"):
            name = f"/{scope.env}/{scope.name}/{item}/{setting}"
            secure = setting == "token"
            value = hex_id(scope.rng, 32) if secure else f"{item}-{setting}-{scope.rng.randint(1, 999)}"
            out.append(tf_ssm_parameter(scope, name, value, secure, f"{item}/{setting}", keys_expr))
    return out


def kind_database(ctx, name):
    def build_instance(scope, address):
        return [tf_db_subnet_group(scope, scope.name), tf_db_instance(scope, scope.name, ctx.world.password),
                tf_security_group(scope, "this", f"{scope.name}-db", [5432, 3306], "10.0.0.0/8")], []

    variables = {"allocated_storage": {"default": 50}, "db_password": {"sensitive": True},
                 "instance_class": {"default": "db.t4g.medium"}, "name": {}, "subnet_ids": {},
                 "tags": {"default": {}}, "vpc_id": {}}
    expressions = {"db_password": refs("var.db_password"), "name": const(ctx.project),
                   "subnet_ids": refs("var.subnet_ids"), "tags": refs("local.tags"),
                   "vpc_id": refs("var.vpc_id")}
    keys, style = module_keys(ctx.rng, ENVIRONMENTS, 2)
    return build_call(ctx, name, "./modules/database", keys, style, variables, {}, expressions,
                      build_instance)


MODELLED_KINDS = [("svc", kind_ecs_service, 6), ("platform", kind_ecs_platform, 2), ("ecr", kind_ecr, 1)]
OTHER_KINDS = [  # weighted towards the many small resources that dominate real estates
    ("net", network_call, 1),
    ("storage", for_each_kind(storage_resources, "./modules/storage", SERVICE_WORDS, 5), 3),
    ("lambda", for_each_kind(lambda_resources, "./modules/lambda", SERVICE_WORDS, 6), 2),
    ("dns", for_each_kind(dns_resources, "./modules/dns", SERVICE_WORDS, 16), 3),
    ("monitoring", for_each_kind(monitoring_resources, "./modules/alarms", SERVICE_WORDS, 8), 2),
    ("db", kind_database, 1),
    ("config", for_each_kind(parameter_resources, "./modules/parameters", SERVICE_WORDS, 8), 5),
]


@dataclass
class World:
    """Plan-wide settings and the running count that steers the modelled share."""
    seed: int
    share: float
    region: str
    env: str
    project: str
    subnets: list
    vpc_id: str
    image_tag: str
    password: str
    modelled: int = 0
    total: int = 0

    @classmethod
    def create(cls, seed, share):
        rng = rng_for(seed, "world")
        return cls(seed, share, rng.choice(REGIONS), rng.choice(ENVIRONMENTS), rng.choice(PROJECTS),
                   sorted(f"subnet-{hex_id(rng)}" for _ in range(3)), f"vpc-{hex_id(rng)}",
                   f"2025.06.{rng.randint(10, 28)}-{hex_id(rng, 7)}", f"pw-{hex_id(rng, 12)}")

    def wants_modelled(self):
        """True while the modelled share of what has been written is below the target."""
        if self.share in (0, 1):
            return self.share == 1
        return self.modelled < self.share * self.total

    def count(self, resources):
        self.total += len(resources)
        self.modelled += sum(r.type in MODELLED_TF_TYPES for r in resources)


def next_call(world, index, root_cluster):
    """The index-th root module call; its kind keeps the modelled share on target."""
    rng = rng_for(world.seed, "call", index)
    kinds = MODELLED_KINDS if world.wants_modelled() else OTHER_KINDS
    tag, kind, _ = rng.choices(kinds, [weight for _, _, weight in kinds])[0]
    project = f"{rng.choice(PROJECTS)}{index}"
    ctx = CallContext(world, rng, "", project, world.env, *root_cluster)
    return kind(ctx, f"team{index:06d}_{tag}")


def root_resources(world):
    """Root-level resources: the shared cluster (when anything is modelled) and an artifacts
    bucket (when anything is not)."""
    scope = Scope(name=f"{world.project}-{world.env}", env=world.env, region=world.region,
                  rng=rng_for(world.seed, "root"),
                  tags={"Environment": world.env, "ManagedBy": "terraform", "Project": world.project},
                  subnets=world.subnets, vpc_id=world.vpc_id,
                  name_expr=refs("local.name_prefix"), tags_expr=refs("local.tags"))
    resources, cluster = [], (None, None)
    if world.share > 0:
        main = tf_cluster(scope, "main", scope.name, "enabled", True)
        resources += [main, tf_capacity_providers(scope, "main", scope.name)]
        cluster = (main.attrs["arn"].state, ref_to("aws_ecs_cluster.main", "arn"))
    if world.share < 1:
        bucket = tf_s3_bucket(scope, f"{scope.name}-artifacts", None, None)
        bucket.name = "artifacts"
        bucket.expressions["bucket"] = refs("local.name_prefix")
        resources.append(bucket)
    return resources, cluster


# --------------------------------------------------------------------------------------------
# Terraform plan: encoding
# --------------------------------------------------------------------------------------------

def change_of(resource, rng):
    """Picks the planned action and returns (actions, before, after, after_unknown,
    before_sensitive, after_sensitive, replace_path)."""
    roll = rng.random()
    attrs = resource.attrs
    if roll < 0.8:
        return ["create"], None, after_form(attrs), unknown_mirror(attrs), False, \
            sensitive_mirror(attrs, resource.secret), None
    before = state_form(attrs)
    if roll < 0.84 and resource.previous:
        path, old = next(iter(resource.previous.items()))
        before[path] = old
        return ["delete", "create"], before, after_form(attrs), unknown_mirror(attrs), \
            sensitive_mirror(before, resource.secret), sensitive_mirror(attrs, resource.secret), path
    after = before
    actions = ["no-op"]
    if roll < 0.92:
        after = updated(before)
        if after is not before:
            actions = ["update"]
    return actions, before, after, {}, sensitive_mirror(before, resource.secret), \
        sensitive_mirror(after, resource.secret), None


def updated(before):
    """An in-place change: a new desired count, or a new tag."""
    if isinstance(before.get("desired_count"), int):
        return {**before, "desired_count": before["desired_count"] + 1}
    if isinstance(before.get("tags"), dict):
        tags = {**before["tags"], "Revision": "r2"}
        return {**before, "tags": tags, "tags_all": tags}
    return before


def encode_resource(resource, module_address, rng):
    """Returns (planned_values entry, resource_changes entry) as JSON text."""
    address = f"{module_address}.{resource.type}.{resource.name}" if module_address \
        else f"{resource.type}.{resource.name}"
    address += key_suffix(resource.key)
    ident = f'"mode":"managed","type":"{resource.type}","name":"{resource.name}"'
    if resource.key is not None:
        ident += f',"index":{enc(resource.key)}'
    ident += f',"provider_name":"{PROVIDER}"'
    actions, before, after, after_unknown, before_sensitive, after_sensitive, path = change_of(resource, rng)
    after_text, after_sensitive_text = enc(after), enc(after_sensitive)
    planned = (f'{{"address":{enc(address)},{ident},"schema_version":{resource.schema_version},'
               f'"values":{after_text},"sensitive_values":{after_sensitive_text}}}')
    change = (f'"actions":{enc(actions)},"before":{enc(before)},"after":{after_text},'
              f'"after_unknown":{enc(after_unknown)},"before_sensitive":{enc(before_sensitive)},'
              f'"after_sensitive":{after_sensitive_text}')
    tail = ""
    if path:
        change += f',"replace_paths":[["{path}"]]'
        tail = ',"action_reason":"replace_because_cannot_update"'
    module = f',"module_address":{enc(module_address)}' if module_address else ""
    return planned, f'{{"address":{enc(address)}{module},{ident},"change":{{{change}}}{tail}}}'


def resource_order(resource):
    """Terraform's resource_changes order inside one module: type, name, then key."""
    return (resource.type, resource.name, resource.key if resource.key is not None else -1)


@dataclass
class EncodedCall:
    planned: str                  # planned_values child_modules entries
    changes: dict                 # depth -> resource_changes entries (joined)
    config: str                   # "name":{module call}
    resources: list

    def size(self):
        return len(self.planned) + sum(map(len, self.changes.values())) + len(self.config) + 4


def encode_call(call, depth=1):
    """Encodes a module call and its nested calls, each section in its own order."""
    planned, changes, resources = {}, {}, []
    for instance in call.instances:
        texts = {id(r): encode_resource(r, instance.address, instance.actions)
                 for r in instance.resources}
        resources += instance.resources
        entries = [texts[id(r)][1] for r in sorted(instance.resources, key=resource_order)]
        changes.setdefault(depth, []).extend(entries)
        module_entries = sorted((f"{instance.address}.{r.type}.{r.name}{key_suffix(r.key)}", texts[id(r)][0])
                                for r in instance.resources)
        children = []
        for child in sorted(instance.children, key=lambda c: c.name):
            encoded = encode_call(child, depth + 1)
            children.append(encoded.planned)
            resources += encoded.resources
            for child_depth, text in encoded.changes.items():
                changes.setdefault(child_depth, []).append(text)
        text = ""
        if module_entries:
            text = f'"resources":[{",".join(entry for _, entry in module_entries)}],'
        text += f'"address":{enc(instance.address)}'
        if children:
            text += f',"child_modules":[{",".join(children)}]'
        planned[instance.address] = "{" + text + "}"
    return EncodedCall(",".join(planned[a] for a in sorted(planned)),
                       {d: ",".join(t for t in texts if t) for d, texts in changes.items()},
                       f"{enc(call.name)}:{call_config(call)}", resources)


def config_resources(resources):
    """configuration resources of a module: one per block, in address order."""
    blocks = {}
    for resource in resources:
        blocks.setdefault(f"{resource.type}.{resource.name}", resource)
    out = []
    for address in sorted(blocks):
        resource = blocks[address]
        text = (f'{{"address":"{address}","mode":"managed","type":"{resource.type}",'
                f'"name":"{resource.name}","provider_config_key":"aws",'
                f'"expressions":{enc(resource.expressions)},"schema_version":{resource.schema_version}')
        if resource.repeat and resource.repeat[1] is not None:
            text += f',"{resource.repeat[0]}":{enc(resource.repeat[1])}'
        out.append(text + "}")
    return "[" + ",".join(out) + "]"


def call_config(call):
    """A module_calls entry; the module body comes from the first instance (all are alike)."""
    first = call.instances[0]
    module = []
    if call.outputs:
        module.append(f'"outputs":{enc(call.outputs)}')
    module.append(f'"resources":{config_resources(first.resources)}')
    if first.children:
        nested = ",".join(f"{enc(c.name)}:{call_config(c)}" for c in sorted(first.children, key=lambda c: c.name))
        module.append(f'"module_calls":{{{nested}}}')
    module.append(f'"variables":{enc(call.variables)}')
    text = f'{{"source":{enc(call.source)},"expressions":{enc(call.expressions)}'
    if call.repeat:
        text += f',"{call.repeat[0]}":{enc(call.repeat[1])}'
    text += f',"module":{{{",".join(module)}}}'
    if call.version:
        text += f',"version_constraint":{enc(call.version)}'
    return text + "}"


def root_variables(world):
    """(plan `variables`, configuration `variables`)."""
    values = {"account_id": ACCOUNT, "db_password": world.password, "environment": world.env,
              "image_tag": world.image_tag, "region": world.region, "subnet_ids": world.subnets,
              "vpc_id": world.vpc_id}
    declared = {"account_id": {"default": ACCOUNT}, "db_password": {"sensitive": True},
                "environment": {"default": world.env}, "image_tag": {"description": "Image tag to deploy"},
                "region": {"default": world.region}, "subnet_ids": {"description": "Private subnets"},
                "vpc_id": {}}
    return {name: {"value": value} for name, value in values.items()}, declared


def root_outputs(world, has_cluster):
    """(planned_values outputs, output_changes, configuration outputs)."""
    planned = {"environment": {"sensitive": False, "type": "string", "value": world.env}}
    changes = {"environment": {"actions": ["create"], "before": None, "after": world.env,
                               "after_unknown": False, "before_sensitive": False,
                               "after_sensitive": False}}
    config = {"environment": {"expression": refs("var.environment")}}
    if has_cluster:
        planned["cluster_arn"] = {"sensitive": False}
        changes["cluster_arn"] = {"actions": ["create"], "before": None, "after_unknown": True,
                                  "before_sensitive": False, "after_sensitive": False}
        config["cluster_arn"] = {"expression": ref_to("aws_ecs_cluster.main", "arn")}
    return planned, changes, config


def output_changes_text(changes):
    """output_changes keep the change struct's key order, not alphabetical."""
    entries = []
    for name in sorted(changes):
        change = changes[name]
        body = ",".join(f'"{k}":{enc(v)}' for k, v in change.items())
        entries.append(f'"{name}":{{{body}}}')
    return "{" + ",".join(entries) + "}"


class Sink:
    """A binary file that counts bytes and applies Go's <>& escaping to what is written."""

    def __init__(self, file):
        self.file = file
        self.size = 0
        self.items = 0

    def write(self, text):
        data = go_escape(text).encode("utf-8")
        self.file.write(data)
        self.size += len(data)

    def item(self, text):
        """Writes one element of a JSON array or object, with a comma after the first."""
        if text:
            self.write(("," if self.items else "") + text)
            self.items += 1


def write_plan(path, target, share, seed):
    """Writes the plan; returns (bytes, resources, modelled resources)."""
    world = World.create(seed, share)
    roots, root_cluster = root_resources(world)
    world.count(roots)
    plan_variables, declared_variables = root_variables(world)
    planned_outputs, output_changes, config_outputs = root_outputs(world, root_cluster[0] is not None)
    root_rng = rng_for(seed, "root", "actions")
    root_texts = {id(r): encode_resource(r, "", root_rng) for r in roots}
    head = (f'{{"format_version":"1.2","terraform_version":"{TERRAFORM_VERSION}",'
            f'"variables":{enc(plan_variables)},"planned_values":{{"outputs":{enc(planned_outputs)},'
            f'"root_module":{{"resources":['
            + ",".join(root_texts[id(r)][0] for r in sorted(roots, key=lambda r: f"{r.type}.{r.name}"))
            + '],"child_modules":[')
    provider = {"aws": {"name": "aws", "full_name": PROVIDER, "version_constraint": "~> 5.0",
                        "expressions": {"region": refs("var.region")}}}
    config_head = (f'],"output_changes":{output_changes_text(output_changes)},'
                   f'"configuration":{{"provider_config":{json.dumps(provider, separators=(",", ":"))},'
                   f'"root_module":{{"outputs":{enc(config_outputs)},'
                   f'"resources":{config_resources(roots)},"module_calls":{{')
    timestamp = f"2025-{1 + seed % 12:02d}-{1 + seed % 28:02d}T{seed % 24:02d}:{seed % 60:02d}:41Z"
    tail = (f'}},"variables":{enc(declared_variables)}}}}},"timestamp":"{timestamp}",'
            f'"applyable":true,"complete":true,"errored":false}}\n')
    fixed = len(go_escape(']}},"resource_changes":[' + config_head + tail))

    directory = os.path.dirname(os.path.abspath(path))
    with open(path, "wb") as out, tempfile.TemporaryDirectory(dir=directory, prefix=".plan-") as tmp:
        main = Sink(out)
        changes = {depth: Sink(open(os.path.join(tmp, f"changes{depth}"), "w+b")) for depth in (0, 1, 2)}
        config = Sink(open(os.path.join(tmp, "config"), "w+b"))
        main.write(head)
        for resource in sorted(roots, key=resource_order):
            changes[0].item(root_texts[id(resource)][1])
        index = misses = 0
        while misses < 50:  # near the target, skip calls that overshoot and try smaller ones
            written = main.size + config.size + fixed + sum(s.size for s in changes.values())
            call = encode_call(next_call(world, index, root_cluster))
            index += 1
            if written + call.size() - target > target - written:
                misses += 1
                continue
            misses = 0
            main.item(call.planned)
            for depth, text in call.changes.items():
                changes[depth].item(text)
            config.item(call.config)
            world.count(call.resources)
        main.write("]}}")
        main.write(',"resource_changes":[')
        first = True
        for sink in changes.values():
            if sink.items:
                main.write("" if first else ",")
                first = False
                append_file(out, sink.file)
                main.size += sink.size
        main.write(config_head)
        append_file(out, config.file)
        main.size += config.size
        main.write(tail)
        for sink in [*changes.values(), config]:
            sink.file.close()
    return main.size, world.total, world.modelled


def append_file(out, file):
    file.flush()
    file.seek(0)
    shutil.copyfileobj(file, out, 1 << 20)


# --------------------------------------------------------------------------------------------
# CloudFormation: intrinsics and the two serialisations
# --------------------------------------------------------------------------------------------

class Fn:
    """An intrinsic function call, e.g. Fn("Fn::Sub", "...") or Fn("Ref", "Cluster")."""

    __slots__ = ("name", "arg")

    def __init__(self, name, arg):
        self.name = name
        self.arg = arg

    def tag(self):
        return "!" + self.name.replace("Fn::", "")


def Ref(name):
    return Fn("Ref", name)


def Sub(text):
    return Fn("Fn::Sub", text)


def GetAtt(resource, attribute):
    return Fn("Fn::GetAtt", [resource, attribute])


def Join(delimiter, items):
    return Fn("Fn::Join", [delimiter, items])


def If(condition, then, otherwise):
    return Fn("Fn::If", [condition, then, otherwise])


def FindInMap(mapping, key, attribute):
    return Fn("Fn::FindInMap", [mapping, key, attribute])


def Select(index, items):
    return Fn("Fn::Select", [index, items])


def Equals(left, right):
    return Fn("Fn::Equals", [left, right])


def Not(condition):
    return Fn("Fn::Not", [condition])


def And(*conditions):
    return Fn("Fn::And", list(conditions))


def Condition(name):
    return Fn("Condition", name)


NO_VALUE = Ref("AWS::NoValue")


def long_form(value):
    """The JSON template form: {"Fn::Sub": ...}, {"Ref": ...}."""
    if isinstance(value, Fn):
        return {value.name: long_form(value.arg)}
    if isinstance(value, dict):
        return {key: long_form(item) for key, item in value.items()}
    if isinstance(value, list):
        return [long_form(item) for item in value]
    return value


_PLAIN = re.compile(r"[A-Za-z/][A-Za-z0-9_./@ -]*")
_PLAIN_BLOCK = re.compile(r"[A-Za-z/](?:[A-Za-z0-9_./@ -]|:(?=[A-Za-z0-9/*:]))*")  # no ": ", no final ":"
_PSEUDO = re.compile(r"AWS::[A-Za-z]+")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def yaml_scalar(value, flow=True):
    """A scalar, plain when YAML reads it back as the same string, else single-quoted. Plain
    scalars may hold ':' only outside flow collections."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    plain = _PLAIN if flow else _PLAIN_BLOCK
    if plain.fullmatch(value) and value.lower() not in _RESERVED and not value.endswith(" "):
        return value
    return "'" + value.replace("'", "''") + "'"


def yaml_inline(value):
    """The flow form of a value, or None when it needs block style."""
    if isinstance(value, Fn):
        if value.name == "Fn::GetAtt":
            return f"!GetAtt {value.arg[0]}.{value.arg[1]}"
        if value.name == "Ref" and _PSEUDO.fullmatch(value.arg):
            return f"!Ref {value.arg}"
        if not isinstance(value.arg, list):
            return f"{value.tag()} {yaml_scalar(value.arg)}"
        inner = yaml_inline(value.arg)
        return f"{value.tag()} {inner}" if inner else None
    if isinstance(value, list):
        items = [yaml_inline(item) for item in value]
        if all(items) and not any(isinstance(item, dict) for item in value):
            return "[" + ", ".join(items) + "]"
        return None
    if isinstance(value, dict):
        return "{}" if not value else None
    return yaml_scalar(value)


def yaml_block(value, indent, lines):
    """Appends the block form of a mapping or sequence at the given indent."""
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            inline = yaml_scalar(item, flow=False) if isinstance(item, str) else yaml_inline(item)
            if inline is not None:
                lines.append(f"{pad}{yaml_scalar(key)}: {inline}")
            elif isinstance(item, Fn):
                lines.append(f"{pad}{yaml_scalar(key)}: {item.tag()}")
                yaml_block(item.arg, indent + 2, lines)
            else:
                lines.append(f"{pad}{yaml_scalar(key)}:")
                yaml_block(item, indent + 2, lines)
        return
    for item in value:
        inline = yaml_scalar(item, flow=False) if isinstance(item, str) else yaml_inline(item)
        if inline is not None:
            lines.append(f"{pad}- {inline}")
        elif isinstance(item, Fn):
            lines.append(f"{pad}- {item.tag()}")
            yaml_block(item.arg, indent + 2, lines)
        else:
            start = len(lines)
            yaml_block(item, indent + 2, lines)
            lines[start] = f"{pad}- " + lines[start][indent + 2:]


def yaml_section(name, value):
    lines = [f"{name}:"]
    yaml_block(value, 2, lines)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# CloudFormation: template content
# --------------------------------------------------------------------------------------------

CFN_PARAMETERS = {
    "EnvironmentName": {"Type": "String", "Default": "prod", "AllowedValues": ENVIRONMENTS,
                        "Description": "Environment the stack belongs to"},
    "VpcId": {"Type": "AWS::EC2::VPC::Id", "Default": "vpc-0a1b2c3d4e5f60718"},
    "SubnetIds": {"Type": "List<AWS::EC2::Subnet::Id>",
                  "Default": "subnet-04c9d1e2f3a4b5c6d,subnet-0b7e2c41d9a3f5e60"},
    "ImageTag": {"Type": "String", "Default": "2025.06.12-3f2a9c1"},
    "KmsKeyArn": {"Type": "String", "Default": "", "Description": "Optional CMK for ECR and logs"},
    "EnableContainerInsights": {"Type": "String", "Default": "true", "AllowedValues": ["true", "false"]},
    "CreateTaskRoles": {"Type": "String", "Default": "true", "AllowedValues": ["true", "false"]},
    "LogRetentionDays": {"Type": "Number", "Default": 30},
}
CFN_MAPPINGS = {
    "EnvironmentSizing": {
        "dev": {"Cpu": "256", "Memory": "512", "DesiredCount": 1},
        "staging": {"Cpu": "512", "Memory": "1024", "DesiredCount": 2},
        "prod": {"Cpu": "1024", "Memory": "2048", "DesiredCount": 3}},
    "RegionSettings": {region: {"LogRetention": 30 if region.startswith("us") else 90,
                                "Az1": f"{region}a"} for region in REGIONS},
}
CFN_CONDITIONS = {
    "IsProd": Equals(Ref("EnvironmentName"), "prod"),
    "IsNotProd": Not(Condition("IsProd")),
    "HasKmsKey": Not(Equals(Ref("KmsKeyArn"), "")),
    "EnableInsights": Equals(Ref("EnableContainerInsights"), "true"),
    "HasTaskRoles": Equals(Ref("CreateTaskRoles"), "true"),
    "ProdWithKms": And(Condition("IsProd"), Condition("HasKmsKey")),
}
CFN_TAGS = [{"Key": "Environment", "Value": Ref("EnvironmentName")},
            {"Key": "Stack", "Value": Ref("AWS::StackName")}]


def cfn_container(rng, prefix, name, image, port, log_group):
    item = {"Name": name, "Image": image, "Essential": name == "app",
            "Cpu": rng.choice([128, 256, 512]), "Memory": rng.choice([256, 512, 1024])}
    if port:
        item["PortMappings"] = [{"ContainerPort": port, "Protocol": "tcp"}]
    env = rng.sample(ENV_NAMES, rng.randint(1, 5))
    item["Environment"] = [{"Name": n, "Value": Sub(f"${{EnvironmentName}}-{n.lower()}")
                            if rng.random() < 0.3 else f"{n.lower()}-{rng.randint(1, 9)}"} for n in env]
    if rng.random() < 0.06:
        leak_name, leak_value = rng.choice(LEAKY_ENV)
        item["Environment"].append({"Name": leak_name, "Value": leak_value})
    if rng.random() < 0.6:
        item["Secrets"] = [{"Name": "DB_PASSWORD", "ValueFrom": Sub(
            f"arn:aws:secretsmanager:${{AWS::Region}}:${{AWS::AccountId}}:secret:{prefix.lower()}/db")}]
    item["LogConfiguration"] = {"LogDriver": "awslogs", "Options": {
        "awslogs-group": log_group, "awslogs-region": Ref("AWS::Region"),
        "awslogs-stream-prefix": name}}
    roll = rng.random()
    if roll < 0.15:
        item["LinuxParameters"] = {"Capabilities": {"Add": ["SYS_PTRACE"]}, "InitProcessEnabled": True}
    elif roll < 0.45:
        item["LinuxParameters"] = {"Capabilities": {"Drop": ["ALL"]}, "InitProcessEnabled": True}
    if rng.random() < 0.04:
        item["Privileged"] = True
    if rng.random() < 0.5:
        item["ReadonlyRootFilesystem"] = If("IsProd", True, False) if rng.random() < 0.3 else True
    return item


def cfn_service_group(rng, prefix, cluster, extras):
    """Roles, repository, task definition and service (and sometimes a task set) for one app."""
    out = {}
    role = {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
            "Action": "sts:AssumeRole"}]},
        "ManagedPolicyArns": [Sub("arn:${AWS::Partition}:iam::aws:policy/service-role/"
                                  "AmazonECSTaskExecutionRolePolicy")],
        "Tags": CFN_TAGS}}
    out[f"{prefix}ExecutionRole"] = role
    task_role = rng.random() < 0.8
    if task_role:
        out[f"{prefix}TaskRole"] = {"Type": "AWS::IAM::Role", "Condition": "HasTaskRoles", "Properties": {
            "RoleName": Sub(f"${{EnvironmentName}}-{prefix.lower()}-task"),
            "AssumeRolePolicyDocument": role["Properties"]["AssumeRolePolicyDocument"],
            "Policies": [{"PolicyName": "app", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                 "Resource": Sub(f"arn:${{AWS::Partition}}:s3:::${{EnvironmentName}}-{prefix.lower()}/*")},
                {"Effect": "Allow", "Action": "*" if rng.random() < 0.08 else "sqs:ReceiveMessage",
                 "Resource": "*"}]}}]}}
    out[f"{prefix}Repository"] = {"Type": "AWS::ECR::Repository", "Properties": {
        "RepositoryName": Sub(f"${{EnvironmentName}}/{prefix.lower()}"),
        "ImageTagMutability": rng.choice(["MUTABLE", "IMMUTABLE"]),
        "ImageScanningConfiguration": {"ScanOnPush": rng.random() < 0.7},
        "EncryptionConfiguration": If("HasKmsKey", {"EncryptionType": "KMS", "KmsKey": Ref("KmsKeyArn")},
                                      NO_VALUE),
        "LifecyclePolicy": {"LifecyclePolicyText": json.dumps(lifecycle_policy(14), sort_keys=True)},
        "Tags": CFN_TAGS}}
    log_group = Sub(f"/ecs/${{EnvironmentName}}/{prefix.lower()}")
    if extras:
        out[f"{prefix}LogGroup"] = {"Type": "AWS::Logs::LogGroup", "Properties": {
            "LogGroupName": log_group,
            "RetentionInDays": FindInMap("RegionSettings", Ref("AWS::Region"), "LogRetention")}}
        log_group = Ref(f"{prefix}LogGroup")
        out[f"{prefix}SecurityGroup"] = cfn_security_group(rng, prefix, [8080])
    port = rng.choice([80, 8080, 3000])
    image = Sub(f"${{AWS::AccountId}}.dkr.ecr.${{AWS::Region}}.amazonaws.com/${{{prefix}Repository}}:${{ImageTag}}")
    containers = [cfn_container(rng, prefix, "app", image, port, log_group)]
    for name, sidecar, sidecar_port in rng.sample(SIDECARS, rng.choice([0, 0, 1, 2])):
        containers.append(cfn_container(rng, prefix, name, sidecar, sidecar_port, log_group))
    out[f"{prefix}TaskDefinition"] = {"Type": "AWS::ECS::TaskDefinition", "Properties": {
        "Family": Sub(f"${{EnvironmentName}}-{prefix.lower()}"),
        "Cpu": FindInMap("EnvironmentSizing", Ref("EnvironmentName"), "Cpu"),
        "Memory": FindInMap("EnvironmentSizing", Ref("EnvironmentName"), "Memory"),
        "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
        "ExecutionRoleArn": GetAtt(f"{prefix}ExecutionRole", "Arn"),
        "TaskRoleArn": If("HasTaskRoles", GetAtt(f"{prefix}TaskRole", "Arn"), NO_VALUE) if task_role else NO_VALUE,
        "ContainerDefinitions": containers, "Tags": CFN_TAGS}}
    task_set = rng.random() < 0.08
    security_groups = [GetAtt(f"{prefix}SecurityGroup", "GroupId")] if extras else NO_VALUE
    network = {"AssignPublicIp": If("IsProd", "DISABLED", "ENABLED") if rng.random() < 0.2 else "DISABLED",
               "SecurityGroups": security_groups,
               "Subnets": rng.choice([Ref("SubnetIds"),
                                      [Select(0, Ref("SubnetIds")), Select(1, Ref("SubnetIds"))]])}
    service = {"ServiceName": Sub(f"${{EnvironmentName}}-{prefix.lower()}"), "Cluster": Ref(cluster),
               "TaskDefinition": Ref(f"{prefix}TaskDefinition"), "LaunchType": "FARGATE",
               "DesiredCount": FindInMap("EnvironmentSizing", Ref("EnvironmentName"), "DesiredCount"),
               "EnableExecuteCommand": If("IsProd", False, True),
               "DeploymentConfiguration": {"MaximumPercent": 200, "MinimumHealthyPercent": 100,
                                           "DeploymentCircuitBreaker": {"Enable": True, "Rollback": True}},
               "NetworkConfiguration": {"AwsvpcConfiguration": network},
               "PropagateTags": "SERVICE", "Tags": CFN_TAGS}
    if task_set:
        service["DeploymentController"] = {"Type": "EXTERNAL"}
        del service["LaunchType"], service["TaskDefinition"], service["NetworkConfiguration"]
    out[f"{prefix}Service"] = {"Type": "AWS::ECS::Service", "Properties": service}
    if task_set:
        out[f"{prefix}TaskSet"] = {"Type": "AWS::ECS::TaskSet", "Properties": {
            "Cluster": Ref(cluster), "Service": Ref(f"{prefix}Service"),
            "TaskDefinition": Ref(f"{prefix}TaskDefinition"), "LaunchType": "FARGATE",
            "Scale": {"Unit": "PERCENT", "Value": 100},
            "NetworkConfiguration": {"AwsVpcConfiguration": network}}}
    return out


def cfn_cluster(rng, prefix):
    return {f"{prefix}Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {
        "ClusterName": Sub(f"${{EnvironmentName}}-{prefix.lower()}"),
        "ClusterSettings": [{"Name": "containerInsights",
                             "Value": If("EnableInsights", "enabled", "disabled")}],
        "CapacityProviders": ["FARGATE", "FARGATE_SPOT"],
        "DefaultCapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Weight": 1, "Base": 1},
                                            {"CapacityProvider": "FARGATE_SPOT", "Weight": 3}],
        "Configuration": {"ExecuteCommandConfiguration": {
            "Logging": rng.choice(["DEFAULT", "OVERRIDE"]),
            "KmsKeyId": If("HasKmsKey", Ref("KmsKeyArn"), NO_VALUE)}},
        "Tags": CFN_TAGS}}}


def cfn_endpoints(rng, prefix):
    out = {}
    for service in rng.sample(ENDPOINT_SERVICES, rng.randint(1, 4)):
        gateway = service == "s3"
        name = prefix + "".join(part.capitalize() for part in re.split(r"[.-]", service)) + "Endpoint"
        properties = {"VpcId": Ref("VpcId"), "ServiceName": Sub(f"com.amazonaws.${{AWS::Region}}.{service}"),
                      "VpcEndpointType": "Gateway" if gateway else "Interface"}
        if not gateway:
            properties["PrivateDnsEnabled"] = rng.random() < 0.85
            properties["SubnetIds"] = Ref("SubnetIds")
        if rng.random() < 0.7:
            properties["PolicyDocument"] = {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": "*", "Action": "*" if rng.random() < 0.3 else [
                    f"{service.split('.')[0]}:Get*", f"{service.split('.')[0]}:Describe*"],
                "Resource": "*", "Condition": {"StringEquals": {
                    "aws:PrincipalAccount": Ref("AWS::AccountId")}}}]}
        out[name] = {"Type": "AWS::EC2::VPCEndpoint", "Properties": properties}
    return out


def cfn_security_group(rng, prefix, ports):
    return {"Type": "AWS::EC2::SecurityGroup", "Properties": {
        "GroupDescription": Sub(f"${{EnvironmentName}} {prefix}"), "VpcId": Ref("VpcId"),
        "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                                  "CidrIp": rng.choice(["10.0.0.0/8", "0.0.0.0/0"])} for port in ports],
        "Tags": CFN_TAGS}}


def cfn_other_group(rng, prefix):
    kind = rng.choice(["bucket", "function", "security_group", "log_group"])
    if kind == "bucket":
        return {f"{prefix}Bucket": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {
            "BucketName": Sub(f"${{EnvironmentName}}-${{AWS::AccountId}}-{prefix.lower()}"),
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": If(
                "HasKmsKey", {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": Ref("KmsKeyArn")},
                {"SSEAlgorithm": "AES256"})}]},
            "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                               "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
            "VersioningConfiguration": {"Status": If("IsProd", "Enabled", "Suspended")},
            "Tags": CFN_TAGS}}}
    if kind == "function":
        return {f"{prefix}Function": {"Type": "AWS::Lambda::Function", "Properties": {
            "FunctionName": Join("-", [Ref("EnvironmentName"), prefix.lower()]),
            "Runtime": rng.choice(["python3.12", "nodejs20.x"]), "Handler": "index.handler",
            "Role": Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${EnvironmentName}-lambda"),
            "Code": {"S3Bucket": Sub("${EnvironmentName}-artifacts-${AWS::Region}"),
                     "S3Key": f"lambda/{prefix.lower()}.zip"},
            "MemorySize": rng.choice([128, 256, 512]), "Timeout": rng.choice([10, 30, 60]),
            "Environment": {"Variables": {"STAGE": Ref("EnvironmentName"), "LOG_LEVEL": "info"}},
            "Tags": CFN_TAGS}}}
    if kind == "security_group":
        return {f"{prefix}SecurityGroup": cfn_security_group(rng, prefix, rng.sample([22, 80, 443, 5432, 6379], 2))}
    return {f"{prefix}LogGroup": {"Type": "AWS::Logs::LogGroup", "Properties": {
        "LogGroupName": Sub(f"/app/${{EnvironmentName}}/{prefix.lower()}"),
        "RetentionInDays": Ref("LogRetentionDays"), "KmsKeyId": If("HasKmsKey", Ref("KmsKeyArn"), NO_VALUE)}}}


def cfn_resources(seed, share):
    """Yields (comment, {logical id: resource}) groups forever; the caller stops."""
    rng = rng_for(seed, "cfn")
    modelled = total = 0
    cluster = None
    for index in range(1, 10 ** 9):
        prefix = f"{rng.choice(SERVICE_WORDS).capitalize()}{index}"
        if share >= 1 or (share > 0 and modelled < share * total):
            if cluster is None or rng.random() < 0.1:
                group, comment = cfn_cluster(rng, prefix), "cluster"
                cluster = f"{prefix}Cluster"
            elif rng.random() < 0.15:
                group, comment = cfn_endpoints(rng, prefix), "VPC endpoints"
            else:
                extras = share < 1 and rng.random() < 1 - share
                group, comment = cfn_service_group(rng, prefix, cluster, extras), "service on Fargate"
        else:
            group, comment = cfn_other_group(rng, prefix), "supporting resource"
        for resource in group.values():
            total += 1
            modelled += resource["Type"] in MODELLED_CFN_TYPES
        yield f"{prefix}: {comment}", group


def cfn_stream(seed, share):
    """Yields (comment for the first resource of a group, logical id, resource)."""
    for comment, group in cfn_resources(seed, share):
        for logical_id, resource in group.items():
            yield comment, logical_id, resource
            comment = None


def write_template(path, fmt, seed, share, resources=None, size=None):
    """Writes one template, resource by resource; returns (bytes, resources, modelled)."""
    description = f"ecsguard benchmark stack (seed {seed}): ECS services, clusters and endpoints"
    count = modelled = 0
    outputs = {}
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        written = 0

        def emit(text):
            nonlocal written
            out.write(text)
            written += len(text)

        if fmt == "yaml":
            emit(f"AWSTemplateFormatVersion: '2010-09-09'\nDescription: {yaml_scalar(description)}\n\n")
            for name, value in (("Parameters", CFN_PARAMETERS), ("Mappings", CFN_MAPPINGS),
                                ("Conditions", CFN_CONDITIONS)):
                emit(yaml_section(name, value) + "\n")
            emit("Resources:\n")
        else:
            emit('{\n  "AWSTemplateFormatVersion": "2010-09-09",\n'
                 f'  "Description": {json.dumps(description)},\n')
            for name, value in (("Parameters", CFN_PARAMETERS), ("Mappings", CFN_MAPPINGS),
                                ("Conditions", CFN_CONDITIONS)):
                emit(json_member(name, long_form(value), 1) + ",\n")
            emit('  "Resources": {\n')
        for comment, logical_id, resource in cfn_stream(seed, share):
            if (resources is not None and count >= resources) or (size is not None and written >= size):
                break
            if fmt == "yaml":
                emit((f"\n  # {comment}\n" if comment else "") + yaml_resource(logical_id, resource))
            else:
                emit(("" if count == 0 else ",\n") + json_member(logical_id, long_form(resource), 2))
            count += 1
            modelled += resource["Type"] in MODELLED_CFN_TYPES
            remember_output(outputs, logical_id, resource["Type"])
        if fmt == "yaml":
            if outputs:
                emit("\n" + yaml_section("Outputs", outputs))
        else:
            emit("\n  }")
            if outputs:
                emit(",\n" + json_member("Outputs", long_form(outputs), 1))
            emit("\n}\n")
    return written, count, modelled


def yaml_resource(logical_id, resource):
    lines = [f"  {logical_id}:"]
    yaml_block(resource, 4, lines)
    return "\n".join(lines) + "\n"


def json_member(key, value, level):
    pad = "  " * level
    return f"{pad}{json.dumps(key)}: " + json.dumps(value, indent=2).replace("\n", "\n" + pad)


def remember_output(outputs, logical_id, resource_type):
    """Exports the first cluster and the first service, as stacks usually do."""
    if resource_type == "AWS::ECS::Cluster" and "ClusterName" not in outputs:
        outputs["ClusterName"] = {"Value": Ref(logical_id), "Export": {"Name": Sub("${AWS::StackName}-ClusterName")}}
        outputs["ClusterArn"] = {"Value": GetAtt(logical_id, "Arn")}
    if resource_type == "AWS::ECS::Service" and "ServiceArn" not in outputs:
        outputs["ServiceArn"] = {"Value": Ref(logical_id)}


def write_templates(directory, count, resources, seed, share):
    os.makedirs(directory, exist_ok=True)
    totals = [0, 0, 0]
    for index in range(count):
        fmt = "yaml" if rng_for(seed, "templates", index).random() < 0.5 else "json"
        path = os.path.join(directory, f"stack-{index:05d}.{fmt}")
        for i, value in enumerate(write_template(path, fmt, f"{seed}.{index}", share, resources=resources)):
            totals[i] += value
    return tuple(totals)


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------

def publish(path, write):
    """Runs write(temporary path), then renames the result to `path`. An interrupted run leaves
    no complete-looking output behind; the benchmark caches inputs by name. A `templates`
    directory that already exists is written in place."""
    if os.path.isdir(path):
        return write(path)
    partial = f"{path}.partial"
    if os.path.isdir(partial):
        shutil.rmtree(partial)
    try:
        result = write(partial)
    except BaseException:
        if os.path.isdir(partial):
            shutil.rmtree(partial)
        elif os.path.exists(partial):
            os.remove(partial)
        raise
    os.replace(partial, path)
    return result


def summary(target, written, resources, modelled):
    share = modelled / resources if resources else 0.0
    print(f"{target}: {written} bytes ({written / 2**20:.1f} MiB), {resources} resources, "
          f"{share:.1%} modelled", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    plan = commands.add_parser("plan", help="a Terraform plan JSON of about --size bytes")
    plan.add_argument("--size", type=parse_size, required=True, help="e.g. 20M, 100M, 1G")
    plan.add_argument("--modelled-share", type=share_fraction, default=0.2)
    plan.add_argument("--seed", type=int, default=1)
    plan.add_argument("-o", "--output", required=True)

    template = commands.add_parser("template", help="one CloudFormation template")
    amount = template.add_mutually_exclusive_group(required=True)
    amount.add_argument("--resources", type=int)
    amount.add_argument("--size", type=parse_size)
    template.add_argument("--format", choices=["yaml", "json"], default="yaml")
    template.add_argument("--modelled-share", type=share_fraction, default=0.5)
    template.add_argument("--seed", type=int, default=1)
    template.add_argument("-o", "--output", required=True)

    templates = commands.add_parser("templates", help="a directory of small templates")
    templates.add_argument("--count", type=int, required=True)
    templates.add_argument("--resources", type=int, default=30)
    templates.add_argument("--modelled-share", type=share_fraction, default=0.5)
    templates.add_argument("--seed", type=int, default=1)
    templates.add_argument("-o", "--output", required=True)

    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up temporary files too
    if args.command == "plan":
        result = publish(args.output, lambda path: write_plan(
            path, args.size, args.modelled_share, args.seed))
    elif args.command == "template":
        result = publish(args.output, lambda path: write_template(
            path, args.format, args.seed, args.modelled_share, args.resources, args.size))
    else:
        result = publish(args.output, lambda path: write_templates(
            path, args.count, args.resources, args.seed, args.modelled_share))
    summary(args.output, *result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
