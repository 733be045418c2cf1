// CloudFormation templates (YAML or JSON, CDK output included) → resource graph.
#pragma once

#include <atomic>
#include <map>
#include <string>

#include "cloudformation/document.h"
#include "cloudformation/parameters.h"
#include "graph/graph.h"
#include "graph/kept_attributes.h"
#include "read/input.h"

namespace ecsguard::cloudformation {

struct ReadOptions {
  // Parameter values by name (--param, --param-file); pseudo parameters such as AWS::Region too.
  ParameterValues parameters;
  // Construct paths by logical ID, from a CDK cloud assembly's manifest, for resources whose
  // template has no aws:cdk:path metadata.
  std::map<std::string, std::string> construct_paths;
  Limits limits;
  // Threads the graph's nodes may be completed with (GraphBuilder::set_threads).
  unsigned threads = 1;
  const std::atomic<bool>* stop = nullptr;  // InputOptions::stop
  PendingKeptAttributes kept;               // InputOptions::kept
};

// Reads one template; YAML or JSON is told from the content. Never throws: an input that cannot
// be read yields a graph without nodes and error diagnostics in info().diagnostics; problems
// inside a readable template (bad intrinsics, undefined references, cycles) are diagnostics next
// to the nodes, whose affected values are unknown.
Graph read(const InputBuffer& input, const ReadOptions& options = {});

}  // namespace ecsguard::cloudformation
