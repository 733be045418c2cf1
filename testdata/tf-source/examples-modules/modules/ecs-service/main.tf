/*
resource "aws_ecs_service" "this" {
  name = "an old version, commented out"
}
*/

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name      = var.name
    image     = "${aws_ecr_repository.this.repository_url}:${var.image_tag}"
    essential = true
    command   = ["sh", "-c", "echo \"${var.name} {\" && exec app"]
  }])

  lifecycle {
    ignore_changes = [tags]
  }
}

locals {
  runbook = <<-EOT
    To recreate ${var.name} by hand, start from
resource "aws_ecs_service" "this" {
    and fill in the rest; a lone " does not open a string here.
    EOT
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = var.subnet_ids
    assign_public_ip = var.public
  }
}
