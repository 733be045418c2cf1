resource "aws_ecs_cluster" "platform" {
  name = "platform"
}

module "batch" {
  source       = "terraform-aws-modules/ecs/aws//modules/cluster"
  version      = "~> 5.11"
  cluster_name = "batch"
}
