variable "cluster_arn" { type = string }
variable "name" { type = string }
variable "image" { type = string }

module "td" {
  source = "../td"
  family = var.name
  image  = var.image
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = module.td.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  network_configuration {
    subnets = ["subnet-0a1b2c3d4e5f60718"]
  }
}
