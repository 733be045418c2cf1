// Two halves of one job on two threads.
#pragma once

#include <exception>
#include <system_error>
#include <thread>

namespace ecsguard {

// Runs `second` on a helper thread while the calling thread runs `first`, and returns when both
// are done. An exception from either is rethrown here (the first half's when both throw); the
// helper is always joined first. When no thread can be started, both run here, first then second
// (so `second` may wait for something `first` does).
template <class First, class Second>
void run_both(First&& first, Second&& second) {
  std::exception_ptr failure;
  std::thread helper;
  try {
    helper = std::thread([&] {
      try {
        second();
      } catch (...) {
        failure = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    first();
    second();
    return;
  }
  try {
    first();
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace ecsguard
