// Terraform/OpenTofu plan and state JSON → resource graph.
#pragma once

#include <atomic>

#include "graph/graph.h"
#include "graph/kept_attributes.h"
#include "read/input.h"
#include "read/json.h"

namespace ecsguard::terraform {

struct ReadOptions {
  Limits limits;
  // Threads a large plan may be read with: with two or more, two indexers read a document of at
  // least `split_from` bytes in two parts, and two readers read its resources in two parts when
  // they are at least `split_from` bytes (tests lower it to split small plans).
  unsigned threads = 1;
  std::size_t split_from = std::size_t{1} << 20;
  const std::atomic<bool>* stop = nullptr;  // InputOptions::stop
  PendingKeptAttributes kept;               // InputOptions::kept
};

// Reads `terraform show -json` output of a plan (format_version 0.1 – 1.2, OpenTofu's too) or of
// a state. Never throws: malformed input yields a graph without nodes and an error diagnostic in
// its info().diagnostics.
Graph read(const InputBuffer& input, const ReadOptions& options = {});

}  // namespace ecsguard::terraform
