// Findings as JSON, the stable machine-readable report; docs/analyzer-report.md documents the schema.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "findings/finding.hpp"

namespace mpisight::analyzer {

inline constexpr const char* kReportSchema = "mpisight-analysis/1";

// {"rank", "function", "time_ns", "location": {"file", "line", "function"} or null, "role"}
[[nodiscard]] nlohmann::ordered_json call_to_json(const CallRef& call);

// {"check", "severity", "message", "ranks", "calls": [{"rank", "function", "time_ns", "location", "role"}], "hint"}
[[nodiscard]] nlohmann::ordered_json finding_to_json(const Finding& finding);
// {"errors", "warnings", "findings"}
[[nodiscard]] nlohmann::ordered_json summary_to_json(const std::vector<Finding>& findings);

}  // namespace mpisight::analyzer
