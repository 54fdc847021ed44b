// Runs a program as a child process with a hard timeout and captures what it printed, so tests can check exit
// codes and messages of tools that must never crash or hang.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace mpisight::testkit {

struct ProcessResult {
  int exit_code = -1;   // valid when exited
  int term_signal = 0;  // non-zero when killed by a signal (including our timeout kill)
  bool exited = false;
  bool timed_out = false;
  std::string out;
  std::string err;
};

// argv[0] is the program path. Throws std::system_error if the child cannot be started.
[[nodiscard]] ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

}  // namespace mpisight::testkit
