// CDK cloud assemblies (`cdk synth` output, cdk.out/): manifest.json lists artifacts; those of
// type aws:cloudformation:stack name a template file, those of type cdk:cloud-assembly a nested
// assembly directory (CDK stages).
#pragma once

#include <filesystem>
#include <vector>

#include "core/diagnostic.h"
#include "inputs/inputs.h"

namespace ecsguard {

// When `dir` holds a cloud assembly, appends its stack templates (with their construct paths
// and environment), those of its nested assemblies, and nested-stack templates
// (*.nested.template.json) no artifact names, and returns true. Returns false, adding nothing,
// when `dir` has no manifest.json or it does not describe an assembly (a web app manifest, say).
bool expand_cloud_assembly(const std::filesystem::path& dir, std::vector<InputFile>& out,
                           Diagnostics& diags);

}  // namespace ecsguard
