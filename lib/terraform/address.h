// Terraform resource instance addresses: module.a["x"].module.b[0].aws_ecs_service.web[1]
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ecsguard::terraform {

struct ModuleStep {
  std::string name;
  std::string key;  // "" or "[0]" or "[\"blue\"]", as written
};

struct Address {
  std::vector<ModuleStep> modules;
  std::string type;
  std::string name;
  std::string key;  // instance key of the resource, as written

  // "module.a[\"x\"].module.b[0]." (empty for the root module)
  std::string module_instance() const;
  // "module.a.module.b" — the configuration module, keys dropped ("" for the root)
  std::string module_path() const;
  // type.name
  std::string local() const { return type + "." + name; }
  std::string full() const { return module_instance() + local() + key; }
};

// Parses an absolute instance address; data sources ("data.x.y") are rejected.
bool parse_address(std::string_view s, Address& out);

// Splits a reference like `module.x[0].out` or `aws_ecs_cluster.main["k"].arn` into its dotted
// steps, keeping bracketed keys attached: {"module", "x[0]", "out"}.
std::vector<std::string> split_reference(std::string_view s);

// Separates "name[key]" into name and "[key]".
void split_key(const std::string& step, std::string& name, std::string& key);

}  // namespace ecsguard::terraform
