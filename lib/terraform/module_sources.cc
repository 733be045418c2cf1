#include "terraform/module_sources.h"

#include "read/input.h"
#include "terraform/plan_index.h"

namespace ecsguard::terraform {

namespace {

// Every type counts as unmodelled: only the configuration's module calls are wanted, so the
// index keeps no resource entries.
bool no_types(std::string_view) { return false; }

}  // namespace

bool read_module_sources(const std::string& plan_file, std::map<std::string, std::string>& out,
                         Diagnostics& diags) {
  auto buffer = InputBuffer::open_file(plan_file, diags);
  if (!buffer) return false;
  PlanIndex index;
  IndexError error;
  if (!index_plan(buffer->data(), no_types, Limits{}, Deadline{}, index, error)) {
    Diagnostic d;
    d.code = "tf_source.bad_plan";
    d.message = "cannot read the plan's module calls: invalid JSON: " + error.message;
    d.location.file = plan_file;
    LineCounter lines(buffer->data());
    lines.at(error.offset, d.location.line, d.location.column);
    diags.push_back(std::move(d));
    return false;
  }
  out = std::move(index.module_sources);
  return true;
}

}  // namespace ecsguard::terraform
