// Runs a command to completion (or kills its process group at a deadline) and captures what it printed.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace mpisight::test {

struct RunResult {
  int exit_code = -1;  // the command's exit status, or 128 + signal if a signal ended it
  bool timed_out = false;
  std::string out;
  std::string err;
};

// `env` entries are added to (or replace) the inherited environment.
[[nodiscard]] RunResult run(const std::vector<std::string>& argv, std::chrono::seconds timeout,
                            const std::map<std::string, std::string>& env = {});

// When the deadline passes, sends `first_signal` to the command alone (as `timeout` would), waits `grace`,
// then kills the whole process group.
[[nodiscard]] RunResult run_with_signal_at_deadline(const std::vector<std::string>& argv, std::chrono::seconds timeout,
                                                    int first_signal, std::chrono::seconds grace);

}  // namespace mpisight::test
