// The module call sources of a Terraform plan: which directory each module's code comes from.
//
// The resource graph does not keep the plan's configuration section, and it should not: only the
// review stage that maps findings back to .tf files (lib/review/tf_source.h) needs module
// sources. This re-reads the plan file for them, so that stage never parses plans itself.
#pragma once

#include <map>
#include <string>

#include "core/diagnostic.h"

namespace ecsguard::terraform {

// Fills `out` with module path ("module.app", "module.app.module.svc"; instance keys never
// appear) → the call's `source` as written. A plan without a configuration section, or a state,
// gives an empty map. Returns false with a diagnostic when the file cannot be read or parsed.
bool read_module_sources(const std::string& plan_file, std::map<std::string, std::string>& out,
                         Diagnostics& diags);

}  // namespace ecsguard::terraform
