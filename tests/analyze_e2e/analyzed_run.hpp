// Runs a program under mpi-trace (stopping it after a deadline if it hangs, as `timeout` would) and analyzes the
// trace with mpi-analyze --format json. Paths come from CMake (MPISIGHT_* definitions).
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "subprocess.hpp"

namespace mpisight::testkit {

struct AnalyzedRun {
  ProcessResult traced;    // the program under mpi-trace
  ProcessResult analyzed;  // mpi-analyze --format json
  nlohmann::json report;   // its parsed output
};

// `hang_after`: zero for programs that end by themselves; else SIGTERM goes to mpi-trace after that long (it
// stops the ranks and recovers the trace). Every trace must also read cleanly with otf2-print.
[[nodiscard]] AnalyzedRun trace_and_analyze(const std::string& name, int ranks, const std::string& program,
                                            std::chrono::seconds hang_after = std::chrono::seconds(0),
                                            const std::vector<std::string>& args = {});

// The 1-based line of `source` holding the marker (e.g. "BUG(requests.leak)"); 0 if none.
[[nodiscard]] int marker_line(const std::string& source, const std::string& marker);

// "MPI_Send@0" for each call of `finding`: what ran where, for assertions.
[[nodiscard]] std::vector<std::string> calls_of(const nlohmann::json& finding);

}  // namespace mpisight::testkit
