// Located YAML through yaml-cpp's event parser.
//
// A YamlDocument is read once, as a stream of parser events, into a compact tree of its own
// (texts in one buffer, each collection's children in one slice of one array) and checked as it
// is read: YAML syntax, mapping keys that are not scalars, duplicate mapping keys, tags the caller
// does not accept, and the limits (core/limits.h): nesting depth, scalar length, the number of
// values and the number reached through aliases, and the time limit, which stops the parser
// itself. An alias is not copied: it refers to its anchored node, so a document can describe far
// more values than it has bytes ("billion laughs"); every use of an alias counts the values it
// stands for against `nodes` and `alias_expansion`, and reading stops building at the first
// limit exceeded (the parser still reads on, so a later syntax error is the one reported). An
// alias to a node that contains it nests without end and is reported against `depth`.
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
// A loaded YamlDocument is immutable: its handles are node indexes, valid as long as it lives.
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
  enum class Kind : uint8_t { kNull, kScalar, kSequence, kMap };
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

  struct Impl;  // the tree, defined in yaml.cc (and filled there by the parser's events)

 private:
  YamlDocument();
  std::unique_ptr<Impl> impl_;
};

// Types a plain (unquoted, untagged) scalar as described above.
void resolve_plain_scalar(std::string_view text, JNode& out);

}  // namespace ecsguard
