#include "graph/identity.h"

#include "core/strings.h"

namespace ecsguard {

namespace {

// The resource part of an ARN ("cluster/main"), or empty when `s` is not an ARN.
std::string_view arn_resource(std::string_view s) {
  if (!starts_with(s, "arn:")) return {};
  std::size_t pos = 0;
  for (int i = 0; i < 5; ++i) {
    pos = s.find(':', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  return s.substr(pos);
}

bool plain_name(std::string_view s) {
  return !s.empty() && s.find(':') == std::string_view::npos &&
         s.find('/') == std::string_view::npos;
}

}  // namespace

std::string cluster_name_from(std::string_view s) {
  if (plain_name(s)) return std::string(s);
  std::string_view r = arn_resource(s);
  if (!starts_with(r, "cluster/")) return {};
  return std::string(r.substr(8));
}

std::string task_family_from(std::string_view s) {
  std::string_view r = arn_resource(s);
  if (!r.empty()) {
    if (!starts_with(r, "task-definition/")) return {};
    s = r.substr(16);
  }
  if (s.empty() || s.find('/') != std::string_view::npos) return {};
  return std::string(s.substr(0, s.find(':')));
}

std::string service_name_from(std::string_view s) {
  if (plain_name(s)) return std::string(s);
  std::string_view r = arn_resource(s);
  if (!starts_with(r, "service/")) return {};
  r = r.substr(8);
  return std::string(r.substr(r.rfind('/') + 1));
}

std::string ecr_repository_from_image(std::string_view image) {
  auto slash = image.find('/');
  if (slash == std::string_view::npos) return {};
  std::string_view host = image.substr(0, slash);
  if (host.find(".dkr.ecr.") == std::string_view::npos ||
      (!ends_with(host, ".amazonaws.com") && !ends_with(host, ".amazonaws.com.cn"))) {
    return {};
  }
  std::string_view rest = image.substr(slash + 1);
  rest = rest.substr(0, rest.find('@'));
  auto colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find('/', colon) == std::string_view::npos) {
    rest = rest.substr(0, colon);
  }
  return std::string(rest);
}

std::string iam_role_name_from(std::string_view s) {
  if (plain_name(s)) return std::string(s);
  std::string_view r = arn_resource(s);
  if (!starts_with(r, "role/")) return {};
  return std::string(r.substr(r.rfind('/') + 1));
}

std::string endpoint_service_from(std::string_view name) {
  for (std::string_view prefix : {"cn.com.amazonaws.", "com.amazonaws."}) {
    if (!starts_with(name, prefix)) continue;
    std::string_view rest = name.substr(prefix.size());
    if (starts_with(rest, "vpce.")) return {};
    auto dot = rest.find('.');  // the region
    if (dot == std::string_view::npos) return {};
    return std::string(rest.substr(dot + 1));
  }
  return {};
}

std::string name_key(std::string_view name) { return "name:" + std::string(name); }

std::string id_key(std::string_view id) { return "id:" + std::string(id); }

namespace {
std::string prefixed(const char* prefix, const std::string& value) {
  return value.empty() ? std::string() : prefix + value;
}
}  // namespace

std::string cluster_key(std::string_view s) { return prefixed("name:", cluster_name_from(s)); }

std::string family_key(std::string_view s) { return prefixed("family:", task_family_from(s)); }

std::string service_key(std::string_view s) { return prefixed("name:", service_name_from(s)); }

std::string role_key(std::string_view s) { return prefixed("name:", iam_role_name_from(s)); }

std::string repository_key(std::string_view name) { return name_key(name); }

std::string image_repository_key(std::string_view image) {
  return prefixed("name:", ecr_repository_from_image(image));
}

}  // namespace ecsguard
