// Findings as SARIF 2.1.0 (one run, tool "mpi-analyze", one rule per check id), so code-scanning UIs show each
// finding at the source line of its first located call; the other calls become related locations.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "findings/finding.hpp"

namespace mpisight::analyzer {

[[nodiscard]] nlohmann::ordered_json findings_to_sarif(const std::vector<Finding>& findings);

}  // namespace mpisight::analyzer
