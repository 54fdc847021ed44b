// Runs a command as a child process with a hard timeout and captures what it printed, so tests can check exit
// codes and messages of programs that must never crash or hang. The child gets its own process group, so a
// timeout takes down everything it started (mpiexec and every rank).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace mpisight::testkit {

struct ProcessResult {
  int exit_code = -1;   // valid when exited
  int term_signal = 0;  // non-zero when killed by a signal (including the timeout's)
  bool exited = false;
  bool timed_out = false;
  std::string out;
  std::string err;
};

// argv[0] is found on PATH; `env` entries are added to (or replace) the inherited environment.
[[nodiscard]] ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                                        const std::map<std::string, std::string>& env = {});

// At the deadline, sends `first_signal` to the command alone (as `timeout` would), waits `grace`, then kills the
// whole process group.
[[nodiscard]] ProcessResult run_process_signal_at_deadline(const std::vector<std::string>& argv,
                                                           std::chrono::milliseconds timeout, int first_signal,
                                                           std::chrono::milliseconds grace);

}  // namespace mpisight::testkit
