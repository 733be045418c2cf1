// Pointing Terraform plan findings at the .tf code a reviewer edits (--tf-source DIR).
//
// A plan knows resource addresses, not source lines. This stage, run on results after
// evaluation, finds the `resource "TYPE" "NAME"` block of each result's resource: in DIR for the
// root module, and for `module.a.module.b.TYPE.NAME` in the directory the plan's module calls
// name (`configuration.module_calls.*.source`, each relative to its caller's directory). Instance
// keys do not matter: every instance of a `count` / `for_each` resource, and of a module called
// with them, comes from the same block. A module that is not a local path (a registry or git
// source) cannot be followed; its findings keep their plan location.
//
// Only Result::location changes (file, line and column of the block's first keyword, no JSON
// pointer); Result::file, line and the evidence positions still describe the plan, which is the
// input that was evaluated.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "graph/graph.h"
#include "policy/result.h"

namespace ecsguard::review {

// Maps the results of Terraform plan and state inputs among `graphs`. `dir` is the root module's
// directory; every *.tf file directly in a module's directory is read (*.tf.json is not).
// Problems (a module that cannot be followed, a block that is not found, an unreadable plan)
// are notes and warnings in `diags`, once each; the affected results keep their location.
void map_tf_source(std::vector<policy::Result>& results, const std::vector<Graph>& graphs,
                   const std::string& dir, Diagnostics& diags);

}  // namespace ecsguard::review
