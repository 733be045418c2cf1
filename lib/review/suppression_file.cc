// The suppressions file (--suppressions FILE): YAML, parsed with yaml-cpp, every problem a
// diagnostic at the offending node.
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "review/suppressions.h"

namespace ecsguard::review {

namespace {

// A suppressions file is a short list written by people; anything larger is a mistake (or an
// attempt to make yaml-cpp work hard).
constexpr std::size_t kMaxFileSize = 1 << 20;

class FileParser {
 public:
  FileParser(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  void parse(std::string_view text, std::vector<Suppression>& out) {
    if (text.size() > kMaxFileSize) {
      error("suppression.too_large", Location(file_, {}),
            "the suppressions file is " + std::to_string(text.size()) +
                " bytes; expected at most " + std::to_string(kMaxFileSize));
      return;
    }
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      Location at(file_, SourcePos{static_cast<uint32_t>(e.mark.line + 1),
                                   static_cast<uint32_t>(e.mark.column + 1), ""});
      error("suppression.yaml_syntax", at, "invalid YAML: " + e.msg);
      return;
    }
    const char* expected =
        "expected a mapping with a `suppressions` list of {id, resource, reason, expires}";
    if (!root.IsMap()) {
      error("suppression.bad_file", at(root),
            std::string("the file is not a mapping; ") + expected);
      return;
    }
    YAML::Node list;
    for (const auto& kv : root) {
      std::string key = kv.first.Scalar();
      if (key == "suppressions") {
        list = kv.second;
      } else {
        error("suppression.unknown_key", at(kv.first),
              "unknown key '" + key + "' at the top of the file; expected only `suppressions`");
      }
    }
    if (!list.IsDefined()) {
      error("suppression.bad_file", at(root), std::string("no `suppressions` key; ") + expected);
      return;
    }
    if (list.IsNull()) return;  // `suppressions:` with nothing under it: an empty list
    if (!list.IsSequence()) {
      error("suppression.wrong_type", at(list), "`suppressions` must be a list");
      return;
    }
    for (const auto& item : list) entry(item, out);
  }

 private:
  Location at(const YAML::Node& n) const {
    YAML::Mark m = n.Mark();
    if (m.line < 0) return Location(file_, {});
    return Location(file_, SourcePos{static_cast<uint32_t>(m.line + 1),
                                     static_cast<uint32_t>(m.column + 1), ""});
  }

  void error(const char* code, Location where, std::string message) {
    Diagnostic d;
    d.code = code;
    d.message = std::move(message);
    d.location = std::move(where);
    diags_.push_back(std::move(d));
  }

  void entry(const YAML::Node& item, std::vector<Suppression>& out) {
    if (!item.IsMap()) {
      error("suppression.wrong_type", at(item),
            "a suppression must be a mapping with id, resource, reason and (optionally) expires");
      return;
    }
    Suppression s;
    s.origin = "file";
    s.location = at(item);
    bool good = true;
    std::set<std::string> seen;
    for (const auto& kv : item) {
      std::string key = kv.first.Scalar();
      std::string* field = key == "id"         ? &s.id
                           : key == "resource" ? &s.resource
                           : key == "reason"   ? &s.reason
                           : key == "expires"  ? &s.expires
                                               : nullptr;
      if (field == nullptr) {
        error("suppression.unknown_key", at(kv.first),
              "unknown key '" + key + "' in a suppression; expected id, resource, reason, expires");
        good = false;
        continue;
      }
      if (!seen.insert(key).second) {
        error("suppression.duplicate_key", at(kv.first), "duplicate key '" + key + "'");
        good = false;
        continue;
      }
      if (!kv.second.IsScalar()) {
        error("suppression.wrong_type", at(kv.second), "`" + key + "` must be a string");
        good = false;
        continue;
      }
      *field = kv.second.Scalar();
    }
    if (good && s.id.empty()) {
      error("suppression.missing_field", s.location,
            "a suppression needs `id`: the id of the policy it applies to");
      good = false;
    }
    if (good && s.resource.empty()) {
      error("suppression.missing_field", s.location,
            "a suppression needs `resource`: an address glob such as 'aws_ecs_service.web', "
            "'module.api.*' or '*'");
      good = false;
    }
    if (good) out.push_back(std::move(s));
  }

  const std::string& file_;
  Diagnostics& diags_;
};

}  // namespace

void parse_suppressions(std::string_view text, const std::string& file,
                        std::vector<Suppression>& out, Diagnostics& diags) {
  FileParser(file, diags).parse(text, out);
}

bool load_suppression_file(const std::string& path, std::vector<Suppression>& out,
                           Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Diagnostic d;
    d.code = "suppression.unreadable";
    d.message = "cannot read the suppressions file";
    d.location.file = path;
    diags.push_back(std::move(d));
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  parse_suppressions(text.str(), path, out, diags);
  return true;
}

}  // namespace ecsguard::review
