// Two halves of one job on two threads.
#pragma once

#include <exception>
#include <thread>

namespace ecsguard {

// Runs `second` on a helper thread while the calling thread runs `first`, and returns when both
// are done. An exception from either is rethrown here (the first half's when both throw); the
// helper is always joined first.
template <class First, class Second>
void run_both(First&& first, Second&& second) {
  std::exception_ptr failure;
  std::thread helper([&] {
    try {
      second();
    } catch (...) {
      failure = std::current_exception();
    }
  });
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
