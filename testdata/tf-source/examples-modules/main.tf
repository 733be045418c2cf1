# Root module of testdata/examples/modules/plan.json.
#
# resource "aws_ecs_cluster" "main" {   <- a comment, not a block
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

provider "aws" {
  region = "eu-central-1"
}

resource "aws_ecs_cluster" "main" {
  name = "commerce"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecr_registry_scanning_configuration" "this" {
  scan_type = "BASIC"

  rule {
    scan_frequency = "SCAN_ON_PUSH"
    repository_filter {
      filter      = "orders"
      filter_type = "WILDCARD"
    }
  }
}

module "service" {
  source   = "./modules/ecs-service"
  for_each = var.services

  name           = each.key
  cluster_arn    = aws_ecs_cluster.main.arn
  image_tag      = each.value.image_tag
  desired_count  = each.value.desired_count
  public         = each.value.public
  scan_on_push   = each.value.scan_on_push
  tag_mutability = each.value.tag_mutability
  subnet_ids     = var.subnet_ids
}
