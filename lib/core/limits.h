// Resource limits: every bound ecsguard puts on what an input or a policy may cost. One struct
// (public: include/ecsguard/limits.h), set through ScanOptions::limits, PolicyOptions::limits or
// `--limit NAME=VALUE`, documented in docs/security.md. Exceeding a limit gives an error
// diagnostic with code "limit.NAME" whose message names the limit, its value and how to raise
// it — never a crash, a hang or a silently shortened result.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ecsguard/limits.h"

namespace ecsguard {

// One definition for the library and its users (include/ecsguard/limits.h).
using Limits = v1::Limits;

struct LimitInfo {
  const char* name;        // as in `--limit NAME=VALUE` and the diagnostic code "limit.NAME"
  uint64_t Limits::*field;
  const char* unit;        // "bytes", "levels", "nodes", "steps", "ms", ...
  const char* meaning;
};

// Every limit, in documentation order.
const std::vector<LimitInfo>& limit_table();

// Sets a limit from "NAME=VALUE" (VALUE may end in k, M or G for powers of 1024). Returns false
// with a message naming the known limits when the name or value is invalid.
bool set_limit(Limits& limits, std::string_view assignment, std::string& error);

// The diagnostic code for exceeding a limit: "limit.NAME".
std::string limit_code(std::string_view name);

// The end of every limit message: "(limit NAME = VALUE; raise it with --limit NAME=N)".
std::string limit_note(std::string_view name, uint64_t value);

// A point in time after which reading an input gives up (limit time_ms), or a flag another
// thread raises to stop it (the caller then discards what was read). Checking is cheap enough to
// do every few thousand steps.
class Deadline {
 public:
  Deadline() = default;  // never passes
  explicit Deadline(uint64_t ms, const std::atomic<bool>* stop = nullptr)
      : active_(ms != 0),
        end_(std::chrono::steady_clock::now() + std::chrono::milliseconds(ms)),
        stop_(stop) {}
  bool passed() const {
    return (stop_ != nullptr && stop_->load(std::memory_order_relaxed)) ||
           (active_ && std::chrono::steady_clock::now() > end_);
  }
  // Moves the deadline later by `d`: time spent waiting on something else (a reader waiting for
  // the policies a scan is still loading) is not time spent on the input.
  void extend(std::chrono::steady_clock::duration d) { end_ += d; }

 private:
  bool active_ = false;
  std::chrono::steady_clock::time_point end_{};
  const std::atomic<bool>* stop_ = nullptr;
};

}  // namespace ecsguard
