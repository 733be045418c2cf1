variable "services" {
  description = "Services to run, by name. \"resource\" blocks are not declared here: resource \"x\" \"y\" {"
  type = map(object({
    image_tag      = string
    desired_count  = number
    public         = bool
    scan_on_push   = bool
    tag_mutability = string
  }))
}

variable "subnet_ids" {
  type = list(string)
}
