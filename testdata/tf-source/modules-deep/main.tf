# Root module of testdata/terraform/modules_deep/plan.json.

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_cluster" "extra" {
  count = 2
  name  = "extra-${count.index}"
}

resource "aws_ecr_repository" "repo" {
  for_each             = { api = "IMMUTABLE", web = "MUTABLE" }
  name                 = each.key
  image_tag_mutability = each.value
}

module "app" {
  source   = "./modules/app"
  for_each = { blue = "1.4.0", green = "1.5.0" }

  cluster_arn    = aws_ecs_cluster.main.arn
  color          = each.key
  image_tag      = each.value
  repository_url = aws_ecr_repository.repo["web"].repository_url
}
