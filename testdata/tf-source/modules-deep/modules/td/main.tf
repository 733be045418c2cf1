variable "family" { type = string }
variable "image" { type = string }

output "arn" {
  value = aws_ecs_task_definition.this.arn
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.family
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name  = "app"
    image = var.image
  }])
}
