// --changes-only: review what a plan changes, not what it leaves alone.
//
// Terraform plans describe every resource of a configuration, including the ones they do not
// touch. A pull-request review is about the change, so this stage keeps only the results of
// resources the plan creates, updates or replaces (Node::action) and drops the rest (`no-op`,
// `read`). Inputs without planned actions — CloudFormation templates, Terraform states, plans
// written without resource_changes — are left alone: there, everything is the change.
#pragma once

#include <vector>

#include "graph/graph.h"
#include "policy/result.h"

namespace ecsguard::review {

// Removes the results of resources whose planned action is known and is not create, update or
// replace; returns how many were removed.
std::size_t keep_changes_only(std::vector<policy::Result>& results,
                              const std::vector<Graph>& graphs);

}  // namespace ecsguard::review
