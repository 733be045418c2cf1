# The Terraform configuration of each equivalence case, as make_cases.py turns it into plan.json:
# CASES[case] = [(type, name, {attribute: value})]. Ref("a.b.attr") is known only after apply,
# Known("a.b.attr", value) is resolved while planning, Json(value) is jsonencode(value). Blocks
# are dicts (or lists of dicts for repeated blocks).

ASSUME_ECS_TASKS = Json({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                   "Action": "sts:AssumeRole"}],
})

CASES = {}

CASES["fargate_service"] = [
    ("aws_vpc", "main", {"cidr_block": "10.0.0.0/16", "enable_dns_hostnames": True,
                         "enable_dns_support": True, "tags": {"Name": "app"}}),
    ("aws_subnet", "a", {"vpc_id": Ref("aws_vpc.main.id"), "cidr_block": "10.0.1.0/24",
                         "availability_zone": "us-east-1a", "tags": {"Name": "app-private-a"}}),
    ("aws_subnet", "b", {"vpc_id": Ref("aws_vpc.main.id"), "cidr_block": "10.0.2.0/24",
                         "availability_zone": "us-east-1b", "tags": {"Name": "app-private-b"}}),
    ("aws_security_group", "tasks", {
        "name": "app-tasks", "description": "app tasks", "vpc_id": Ref("aws_vpc.main.id"),
        "ingress": [{"protocol": "tcp", "from_port": 8080, "to_port": 8080,
                     "cidr_blocks": ["10.0.0.0/16"], "description": "app from the VPC"}],
        "egress": [{"protocol": "-1", "from_port": 0, "to_port": 0,
                    "cidr_blocks": ["0.0.0.0/0"], "description": "all outbound"}]}),
    ("aws_ecs_cluster", "main", {"name": "app",
                                 "setting": {"name": "containerInsights", "value": "enabled"}}),
    ("aws_iam_role", "execution", {"name": "app-execution",
                                   "assume_role_policy": ASSUME_ECS_TASKS}),
    ("aws_iam_role_policy_attachment", "execution", {
        "role": Known("aws_iam_role.execution.name", "app-execution"),
        "policy_arn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}),
    ("aws_ecr_repository", "app", {"name": "app", "image_tag_mutability": "IMMUTABLE",
                                   "image_scanning_configuration": {"scan_on_push": True}}),
    ("aws_ecs_task_definition", "app", {
        "family": "app", "cpu": "256", "memory": "512", "network_mode": "awsvpc",
        "requires_compatibilities": ["FARGATE"],
        "execution_role_arn": Ref("aws_iam_role.execution.arn"),
        "container_definitions": Json([{
            "name": "app", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0",
            "essential": True, "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/app", "awslogs-region": "us-east-1",
                "awslogs-stream-prefix": "app"}}}])}),
    ("aws_ecs_service", "app", {
        "name": "app", "cluster": Ref("aws_ecs_cluster.main.id"),
        "task_definition": Ref("aws_ecs_task_definition.app.arn"), "launch_type": "FARGATE",
        "desired_count": 2,
        "network_configuration": {
            "assign_public_ip": False,
            "subnets": [Ref("aws_subnet.a.id"), Ref("aws_subnet.b.id")],
            "security_groups": [Ref("aws_security_group.tasks.id")]}}),
]

CASES["task_set_external"] = [
    ("aws_vpc", "main", {"cidr_block": "10.1.0.0/16", "enable_dns_hostnames": True}),
    ("aws_subnet", "a", {"vpc_id": Ref("aws_vpc.main.id"), "cidr_block": "10.1.0.0/24",
                         "availability_zone": "us-east-1a"}),
    ("aws_ecs_cluster", "main", {"name": "blue-green"}),
    ("aws_ecs_task_definition", "web", {
        "family": "web", "cpu": 512, "memory": 1024, "network_mode": "awsvpc",
        "requires_compatibilities": ["FARGATE"],
        "container_definitions": Json([{"name": "web", "image": "public.ecr.aws/nginx/nginx:1.27",
                                        "essential": True}])}),
    ("aws_ecs_service", "web", {
        "name": "web", "cluster": Ref("aws_ecs_cluster.main.id"), "desired_count": 1,
        "deployment_controller": {"type": "EXTERNAL"}}),
    ("aws_ecs_task_set", "blue", {
        "cluster": Ref("aws_ecs_cluster.main.id"), "service": Ref("aws_ecs_service.web.id"),
        "task_definition": Ref("aws_ecs_task_definition.web.arn"), "external_id": "blue",
        "launch_type": "FARGATE", "platform_version": "1.4.0",
        "scale": {"unit": "PERCENT", "value": 50},
        "network_configuration": {"assign_public_ip": True,
                                  "subnets": [Ref("aws_subnet.a.id")]}}),
]

CASES["ecr_registry"] = [
    ("aws_kms_key", "ecr", {"description": "ECR encryption", "enable_key_rotation": True}),
    ("aws_ecr_repository", "api", {
        "name": "api", "image_tag_mutability": "IMMUTABLE",
        "image_scanning_configuration": {"scan_on_push": True},
        "encryption_configuration": {"encryption_type": "KMS",
                                     "kms_key": Ref("aws_kms_key.ecr.arn")}}),
    ("aws_ecr_lifecycle_policy", "api", {
        "repository": Known("aws_ecr_repository.api.name", "api"),
        "policy": Json({"rules": [{
            "rulePriority": 1, "description": "Keep 30 images",
            "selection": {"tagStatus": "any", "countType": "imageCountMoreThan",
                          "countNumber": 30},
            "action": {"type": "expire"}}]})}),
    ("aws_ecr_repository_policy", "api", {
        "repository": Known("aws_ecr_repository.api.name", "api"),
        "policy": Json({"Version": "2012-10-17", "Statement": [{
            "Sid": "AllowPull", "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]})}),
    ("aws_ecr_repository", "worker", {"name": "worker", "force_delete": True,
                                      "tags": {"team": "data"}}),
    ("aws_ecr_registry_scanning_configuration", "main", {
        "scan_type": "ENHANCED",
        "rule": {"scan_frequency": "CONTINUOUS_SCAN",
                 "repository_filter": {"filter": "*", "filter_type": "WILDCARD"}}}),
    ("aws_ecr_replication_configuration", "main", {
        "replication_configuration": {"rule": {
            "destination": {"region": "us-west-2", "registry_id": "123456789012"},
            "repository_filter": {"filter": "prod", "filter_type": "PREFIX_MATCH"}}}}),
]

CASES["vpc_endpoints"] = [
    ("aws_vpc", "main", {"cidr_block": "10.2.0.0/16", "enable_dns_hostnames": True,
                         "enable_dns_support": True}),
    ("aws_subnet", "a", {"vpc_id": Ref("aws_vpc.main.id"), "cidr_block": "10.2.1.0/24",
                         "availability_zone": "us-east-1a"}),
    ("aws_subnet", "b", {"vpc_id": Ref("aws_vpc.main.id"), "cidr_block": "10.2.2.0/24",
                         "availability_zone": "us-east-1b"}),
    ("aws_route_table", "private", {"vpc_id": Ref("aws_vpc.main.id")}),
    ("aws_security_group", "vpce", {
        "name": "vpce", "description": "Interface endpoints", "vpc_id": Ref("aws_vpc.main.id"),
        "ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443,
                     "cidr_blocks": ["10.2.0.0/16"]}]}),
    ("aws_vpc_endpoint", "ecr_api", {
        "vpc_id": Ref("aws_vpc.main.id"), "service_name": "com.amazonaws.us-east-1.ecr.api",
        "vpc_endpoint_type": "Interface", "private_dns_enabled": True,
        "subnet_ids": [Ref("aws_subnet.a.id"), Ref("aws_subnet.b.id")],
        "security_group_ids": [Ref("aws_security_group.vpce.id")]}),
    ("aws_vpc_endpoint", "ecr_dkr", {
        "vpc_id": Ref("aws_vpc.main.id"), "service_name": "com.amazonaws.us-east-1.ecr.dkr",
        "vpc_endpoint_type": "Interface", "private_dns_enabled": True,
        "subnet_ids": [Ref("aws_subnet.a.id"), Ref("aws_subnet.b.id")],
        "security_group_ids": [Ref("aws_security_group.vpce.id")],
        "policy": Json({"Version": "2012-10-17", "Statement": [{
            "Sid": "PullOnly", "Effect": "Allow", "Principal": "*",
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            "Resource": "*"}]})}),
    ("aws_vpc_endpoint", "s3", {
        "vpc_id": Ref("aws_vpc.main.id"), "service_name": "com.amazonaws.us-east-1.s3",
        "route_table_ids": [Ref("aws_route_table.private.id")]}),
]

CASES["iam_roles"] = [
    ("aws_iam_role", "task", {
        "name": "app-task", "path": "/app/",
        "permissions_boundary": "arn:aws:iam::123456789012:policy/app-boundary",
        "assume_role_policy": ASSUME_ECS_TASKS, "tags": {"team": "app"},
        "inline_policy": {"name": "read-config", "policy": Json({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                           "Resource": "arn:aws:s3:::app-config/*"}]})}}),
    ("aws_iam_role_policy", "queue", {
        "name": "write-queue", "role": Known("aws_iam_role.task.name", "app-task"),
        "policy": Json({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": ["sqs:SendMessage"],
            "Resource": "arn:aws:sqs:us-east-1:123456789012:jobs"}]})}),
    ("aws_iam_policy", "secrets", {
        "name": "app-read-secrets",
        "policy": Json({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
            "Resource": "*"}]})}),
    ("aws_iam_role_policy_attachment", "task_secrets", {
        "role": Known("aws_iam_role.task.name", "app-task"),
        "policy_arn": Ref("aws_iam_policy.secrets.arn")}),
    ("aws_iam_role", "execution", {"name": "app-exec", "assume_role_policy": ASSUME_ECS_TASKS}),
    ("aws_iam_role_policy_attachment", "execution", {
        "role": Known("aws_iam_role.execution.name", "app-exec"),
        "policy_arn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}),
    ("aws_ecs_task_definition", "roles", {
        "family": "roles", "cpu": "256", "memory": "512", "network_mode": "awsvpc",
        "requires_compatibilities": ["FARGATE"],
        "task_role_arn": Ref("aws_iam_role.task.arn"),
        "execution_role_arn": Ref("aws_iam_role.execution.arn"),
        "container_definitions": Json([{
            "name": "app", "image": "public.ecr.aws/docker/library/busybox:1.36",
            "essential": True}])}),
]

CASES["ec2_bridge_privileged"] = [
    ("aws_ecs_cluster", "legacy", {"name": "legacy"}),
    ("aws_ecs_task_definition", "web", {
        "family": "legacy-web", "network_mode": "bridge", "pid_mode": "host",
        "ipc_mode": "host", "requires_compatibilities": ["EC2"],
        "volume": [{"name": "docker-sock", "host_path": "/var/run/docker.sock"},
                   {"name": "scratch"}],
        "container_definitions": Json([{
            "name": "web", "image": "nginx:latest", "cpu": 256, "memory": 512,
            "memoryReservation": 256, "essential": True, "privileged": True, "user": "root",
            "portMappings": [{"containerPort": 80, "hostPort": 80, "protocol": "tcp"}],
            "mountPoints": [{"sourceVolume": "docker-sock",
                             "containerPath": "/var/run/docker.sock", "readOnly": True}],
            "linuxParameters": {"capabilities": {"add": ["SYS_ADMIN", "NET_ADMIN"],
                                                 "drop": ["MKNOD"]},
                                "initProcessEnabled": True},
            "dockerSecurityOptions": ["apparmor:unconfined"],
            "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 4096}]}])}),
    ("aws_ecs_service", "web", {
        "name": "legacy-web", "cluster": "legacy", "task_definition": "legacy-web",
        "launch_type": "EC2", "scheduling_strategy": "DAEMON"}),
]

CASES["efs_volume"] = [
    ("aws_ecs_task_definition", "files", {
        "family": "files", "cpu": "512", "memory": "1024", "network_mode": "awsvpc",
        "requires_compatibilities": ["FARGATE"], "tags": {"app": "files"},
        "ephemeral_storage": {"size_in_gib": 50},
        "runtime_platform": {"cpu_architecture": "ARM64", "operating_system_family": "LINUX"},
        "volume": [
            {"name": "efs-data", "efs_volume_configuration": {
                "file_system_id": "fs-0a1b2c3d4e5f67890", "transit_encryption": "ENABLED",
                "transit_encryption_port": 2999,
                "authorization_config": {"access_point_id": "fsap-0123456789abcdef0",
                                         "iam": "ENABLED"}}},
            {"name": "efs-plain", "efs_volume_configuration": {
                "file_system_id": "fs-0a1b2c3d4e5f67890", "root_directory": "/plain"}}],
        "container_definitions": Json([{
            "name": "files", "image": "public.ecr.aws/docker/library/alpine:3.20",
            "essential": True,
            "mountPoints": [{"sourceVolume": "efs-data", "containerPath": "/data"}]}])}),
]

CASES["capacity_providers"] = [
    ("aws_ecs_cluster", "main", {"name": "batch"}),
    ("aws_ecs_cluster_capacity_providers", "main", {
        "cluster_name": Known("aws_ecs_cluster.main.name", "batch"),
        "capacity_providers": ["FARGATE_SPOT", "FARGATE"],
        "default_capacity_provider_strategy": [
            {"capacity_provider": "FARGATE", "base": 1, "weight": 1},
            {"capacity_provider": "FARGATE_SPOT", "weight": 4}]}),
    ("aws_ecs_task_definition", "job", {
        "family": "batch-job", "cpu": "1024", "memory": "2048", "network_mode": "awsvpc",
        "requires_compatibilities": ["FARGATE"],
        "container_definitions": Json([{
            "name": "job", "image": "public.ecr.aws/docker/library/python:3.12",
            "essential": True, "command": ["python", "-m", "job"]}])}),
    ("aws_ecs_service", "batch", {
        "name": "batch", "cluster": Ref("aws_ecs_cluster.main.id"),
        "task_definition": Ref("aws_ecs_task_definition.job.arn"), "desired_count": 4,
        "capacity_provider_strategy": [
            {"capacity_provider": "FARGATE", "weight": 1, "base": 1},
            {"capacity_provider": "FARGATE_SPOT", "weight": 3}],
        "network_configuration": {
            "subnets": ["subnet-0bb2c3d4e5f678901", "subnet-0aa1b2c3d4e5f6789"],
            "security_groups": ["sg-0123456789abcdef0"]}}),
]

CASES["exec_logging"] = [
    ("aws_kms_key", "exec", {"description": "ECS Exec and Fargate storage",
                             "enable_key_rotation": True}),
    ("aws_ecs_cluster", "ops", {
        "name": "ops", "setting": {"name": "containerInsights", "value": "enhanced"},
        "tags": {"env": "ops"},
        "configuration": {
            "execute_command_configuration": {
                "kms_key_id": Ref("aws_kms_key.exec.arn"), "logging": "OVERRIDE",
                "log_configuration": {"cloud_watch_log_group_name": "/ecs/exec",
                                      "cloud_watch_encryption_enabled": True}},
            "managed_storage_configuration": {
                "fargate_ephemeral_storage_kms_key_id": Ref("aws_kms_key.exec.arn")}}}),
    ("aws_ecs_task_definition", "shell", {
        "family": "ops-shell", "cpu": "256", "memory": "512", "network_mode": "awsvpc",
        "requires_compatibilities": ["FARGATE"],
        "container_definitions": Json([{
            "name": "shell", "image": "public.ecr.aws/amazonlinux/amazonlinux:2023",
            "essential": True, "portMappings": [{"containerPort": 8080}]}])}),
    ("aws_ecs_service", "shell", {
        "name": "ops-shell", "cluster": Ref("aws_ecs_cluster.ops.id"),
        "task_definition": Ref("aws_ecs_task_definition.shell.arn"), "launch_type": "FARGATE",
        "platform_version": "LATEST", "desired_count": 1, "enable_execute_command": True,
        "enable_ecs_managed_tags": True, "propagate_tags": "SERVICE",
        "health_check_grace_period_seconds": 60, "deployment_maximum_percent": 150,
        "deployment_minimum_healthy_percent": 50,
        "deployment_circuit_breaker": {"enable": True, "rollback": True},
        "load_balancer": {
            "target_group_arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                                "targetgroup/ops/0123456789abcdef",
            "container_name": "shell", "container_port": 8080},
        "network_configuration": {"assign_public_ip": True,
                                  "subnets": ["subnet-0aa1b2c3d4e5f6789"]},
        "tags": {"env": "ops"}}),
]

CASES["security_group_rules"] = [
    ("aws_vpc", "main", {"cidr_block": "10.3.0.0/16"}),
    ("aws_security_group", "lb", {
        "name": "lb", "description": "load balancer", "vpc_id": Ref("aws_vpc.main.id"),
        "ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443,
                     "cidr_blocks": ["0.0.0.0/0"], "description": "https from anywhere"},
                    {"protocol": "tcp", "from_port": 80, "to_port": 80,
                     "ipv6_cidr_blocks": ["::/0"], "description": "http from anywhere"}]}),
    ("aws_security_group", "app", {"name": "app", "description": "app tasks",
                                   "vpc_id": Ref("aws_vpc.main.id")}),
    ("aws_vpc_security_group_ingress_rule", "app_from_lb", {
        "security_group_id": Ref("aws_security_group.app.id"), "ip_protocol": "tcp",
        "from_port": 8080, "to_port": 8080,
        "referenced_security_group_id": Ref("aws_security_group.lb.id"),
        "description": "from the load balancer"}),
    ("aws_vpc_security_group_egress_rule", "app_https_out", {
        "security_group_id": Ref("aws_security_group.app.id"), "ip_protocol": "tcp",
        "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0"}),
]

CASES["container_settings"] = [
    ("aws_ecs_task_definition", "api", {
        "family": "api", "cpu": 1024, "memory": 2048, "network_mode": "awsvpc",
        "requires_compatibilities": ["FARGATE"], "tags": {"app": "api"},
        "execution_role_arn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
        "container_definitions": Json([
            {"name": "api",
             "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:"
                      "5f9c1e3b2a4d6c8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e",
             "essential": True, "readonlyRootFilesystem": True, "user": "1000",
             "environment": [{"name": "LOG_LEVEL", "value": "info"},
                             {"name": "PORT", "value": "8080"},
                             {"name": "FEATURE_X", "value": "true"}],
             "secrets": [{"name": "DB_PASSWORD", "valueFrom":
                          "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}],
             "healthCheck": {"command": ["CMD-SHELL",
                                         "curl -f http://localhost:8080/health || exit 1"],
                             "interval": 15, "timeout": 5, "retries": 3, "startPeriod": 10},
             "dependsOn": [{"containerName": "log-router", "condition": "START"}],
             "dockerLabels": {"team": "api", "com.example.version": "2"},
             "portMappings": [{"containerPort": 8080, "protocol": "tcp", "name": "http",
                               "appProtocol": "http"}],
             "stopTimeout": 30,
             "logConfiguration": {"logDriver": "awsfirelens",
                                  "options": {"Name": "cloudwatch", "region": "us-east-1"}}},
            {"name": "log-router",
             "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
             "essential": False, "user": "0", "memoryReservation": 50,
             "firelensConfiguration": {"type": "fluentbit",
                                       "options": {"enable-ecs-log-metadata": "true"}}}])}),
]

CASES["conditions_parameters"] = [
    ("aws_ecs_cluster", "main", {"name": "prod-cluster",
                                 "setting": {"name": "containerInsights", "value": "enabled"}}),
    ("aws_ecr_repository", "app", {"name": "prod-app", "image_tag_mutability": "IMMUTABLE",
                                   "image_scanning_configuration": {"scan_on_push": True}}),
    ("aws_ecs_task_definition", "app", {
        "family": "prod-app", "cpu": "1024", "memory": "2048", "network_mode": "awsvpc",
        "requires_compatibilities": ["FARGATE"],
        "container_definitions": Json([{
            "name": "app",
            "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/prod-app:1.4.2",
            "essential": True, "readonlyRootFilesystem": True,
            "environment": [{"name": "STAGE", "value": "prod"},
                            {"name": "DEBUG", "value": "false"}]}])}),
]
