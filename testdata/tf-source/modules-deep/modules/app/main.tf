variable "cluster_arn" { type = string }
variable "color" { type = string }
variable "image_tag" { type = string }
variable "repository_url" { type = string }

module "svc" {
  source = "../svc"
  count  = 2

  cluster_arn = var.cluster_arn
  name        = "${var.color}-${count.index}"
  image       = "${var.repository_url}:${var.image_tag}"
}
