// IAM policy documents in one canonical shape, whatever the input wrote:
//   {version, statements: [{sid, effect, principals, not_principals, actions, not_actions,
//                           resources, not_resources, conditions}]}
// `Statement` may be one object or a list; Action/Resource a string or a list; a Principal of
// "*" and {"AWS": "*"} both become ["*"], others "AWS:<arn>", "Service:<name>", ... Condition
// blocks are kept as written. Unknown parts stay unknown.
#pragma once

#include "core/value.h"

namespace ecsguard {

Value normalise_policy_document(const Value& raw);

}  // namespace ecsguard
