// Findings as readable text: grouped by check, errors first, each call with rank, time and source line, a hint,
// and one summary line. ANSI colours only when asked (mpi-analyze asks when stdout is a terminal).
#pragma once

#include <string>
#include <vector>

#include "findings/finding.hpp"

namespace mpisight::analyzer {

[[nodiscard]] std::string findings_to_text(const std::vector<Finding>& findings, bool color);

// "rank 0  MPI_Send at 1.20 ms  main.c:12 (main): role"
[[nodiscard]] std::string call_line(const CallRef& call);

// "2 errors, 1 warning in 3 findings." or "No MPI errors found."
[[nodiscard]] std::string summary_line(const std::vector<Finding>& findings);

}  // namespace mpisight::analyzer
