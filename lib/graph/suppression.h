// A suppression: a written decision that a policy does not apply to a resource, with the reason.
//
// Readers attach the ones written inside an input to the node they sit on (Node::suppressions):
// a CloudFormation resource's Metadata, in ecsguard's own form or in Checkov's and cfn_nag's.
// Suppressions files (--suppressions) produce the same type with a resource glob. The review
// stage (lib/review) decides which results they cover; nothing before it interprets them.
#pragma once

#include <string>

#include "core/location.h"

namespace ecsguard {

struct Suppression {
  // The policy id for ecsguard suppressions; an external control id (e.g. "CKV_AWS_97", "W79")
  // when `catalogue` is set, matched against each policy's `controls` in that catalogue.
  std::string id;
  std::string catalogue;  // "" (ecsguard policy id), "checkov", "cfn_nag", ...
  // Address glob (`*` any run of characters, `?` one character). Suppressions files only;
  // empty for node suppressions, which cover the node they are attached to.
  std::string resource;
  std::string reason;   // required: a suppression without one is reported and not applied
  std::string expires;  // "YYYY-MM-DD", inclusive; empty when it never expires
  std::string origin;  // where it was written: "file", "metadata:ecsguard", "metadata:checkov", ...
  Location location;   // the entry itself (file:line:col)

  friend bool operator==(const Suppression& a, const Suppression& b) {
    return a.id == b.id && a.catalogue == b.catalogue && a.resource == b.resource &&
           a.reason == b.reason && a.expires == b.expires && a.origin == b.origin &&
           a.location == b.location;
  }
};

}  // namespace ecsguard
