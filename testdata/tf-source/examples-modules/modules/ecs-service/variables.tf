variable "name" { type = string }
variable "cluster_arn" { type = string }
variable "image_tag" { type = string }
variable "desired_count" { type = number }
variable "public" { type = bool }
variable "scan_on_push" { type = bool }
variable "tag_mutability" { type = string }
variable "subnet_ids" { type = list(string) }
