// Located YAML through yaml-cpp.
//
// A YamlDocument is parsed and checked once, as a whole, when it is loaded: YAML syntax, mapping
// keys that are not scalars, duplicate mapping keys (yaml-cpp keeps both), tags the caller does
// not accept, and the limits (core/limits.h): nesting depth, scalar length, the number of nodes
// visited and the number reached again through aliases. Aliases are shared nodes in yaml-cpp, so
// a document can describe far more nodes than it has bytes ("billion laughs"): every visit of a
// node counts against `nodes`, however it was reached, those reached through an alias against
// `alias_expansion` too, and the check stops at the first limit exceeded.
//
// The document is never converted as a whole. Callers look at mapping members (entries()) and
// convert the subtrees they need, one at a time, into located JSON trees (to_json()), which they
// may drop again. Local tags such as `!Ref` become single-member objects ({"Ref": ...}), the way
// JSON spells the same thing, under names the caller's tag mapper chooses.
//
// Plain scalars are typed as YAML 1.1 does (the version CloudFormation reads): null (`~`, `null`,
// empty), booleans (`true`/`false`, `yes`/`no`, `on`/`off` in the three usual casings), decimal
// integers and floats. Numbers with leading zeros, hexadecimal, octal and sexagesimal forms stay
// strings: guessing there would turn account ids into wrong numbers. Quoted and block scalars are
// strings; a scalar under a local tag is a string.
//
// A YamlDocument is not thread-safe (entries() hands out handles); load one per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "read/json.h"

namespace YAML {
class Node;
}

namespace ecsguard {

// Maps a local tag ("!Ref") to the member name that represents it ("Ref"); an empty result
// rejects the tag.
using YamlTagMapper = std::function<std::string(std::string_view tag)>;

struct YamlProblem {
  enum class Kind { kSyntax, kDuplicateKey, kUnknownTag, kBadKey, kMergeKey, kLimit };
  Kind kind = Kind::kSyntax;
  uint32_t line = 0;  // 1-based
  uint32_t column = 0;
  std::string pointer;  // JSON pointer of the offending node, when known
  std::string message;  // what was found and what was expected
  std::string limit;    // for kLimit: the limit exceeded (limit_table() name)
};

// Checks a document parsed elsewhere (a policy file) against the limits of a YamlDocument:
// depth, nodes, alias_expansion and string_length; tags are not checked. Returns false and
// appends the problem when one is exceeded, before anything walks the document.
bool check_yaml_limits(const YAML::Node& root, const Limits& limits,
                       std::vector<YamlProblem>& problems);

class YamlDocument {
 public:
  using Handle = std::size_t;
  enum class Kind { kNull, kScalar, kSequence, kMap };
  struct Entry {
    std::string key;
    uint32_t line = 0;  // of the key
    uint32_t column = 0;
    Handle value = 0;
  };

  // Parses and checks `data`. Returns nullptr and appends at least one problem when the
  // document is not well-formed or breaks a limit; problems are in document order, at most 20.
  static std::unique_ptr<YamlDocument> load(std::string_view data, const Limits& limits,
                                            const Deadline& deadline, YamlTagMapper tags,
                                            std::vector<YamlProblem>& problems);
  ~YamlDocument();
  YamlDocument(const YamlDocument&) = delete;
  YamlDocument& operator=(const YamlDocument&) = delete;

  Handle root() const { return 0; }
  Kind kind(Handle h) const;
  // Members of a mapping in document order; empty for other kinds.
  std::vector<Entry> entries(Handle h) const;
  // Converts the subtree at `h` into a located JSON tree. Fails (filling `problem`) only when
  // the conversion would exceed the node limit.
  bool to_json(Handle h, JNode& out, YamlProblem& problem) const;

 private:
  YamlDocument();
  struct Impl;
  friend bool check_yaml_limits(const YAML::Node& root, const Limits& limits,
                                std::vector<YamlProblem>& problems);
  std::unique_ptr<Impl> impl_;
};

// Types a plain (unquoted, untagged) scalar as described above.
void resolve_plain_scalar(const std::string& text, JNode& out);

}  // namespace ecsguard
