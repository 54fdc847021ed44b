// How the run ended (model/run_ending.hpp), as JSON and as text for the head of the report.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "model/run_ending.hpp"

namespace mpisight::analyzer {

// {"state", "message", "ranks": [{"rank", "state", "call": {...} or null}]}
[[nodiscard]] nlohmann::ordered_json run_ending_to_json(const RunEnding& run);
// Empty for a complete run or an unknown end; else the sentence and one line per rank that did not finish.
[[nodiscard]] std::string run_ending_to_text(const RunEnding& run);

}  // namespace mpisight::analyzer
