// Calls render as in findings (call_to_json, call_line), so a reader sees the same shape everywhere.
#include "report/run_ending_report.hpp"

#include "report/findings_json.hpp"
#include "report/findings_text.hpp"

namespace mpisight::analyzer {

nlohmann::ordered_json run_ending_to_json(const RunEnding& run) {
  nlohmann::ordered_json ranks = nlohmann::ordered_json::array();
  for (const RankEnding& rank : run.ranks) {
    ranks.push_back({{"rank", rank.rank},
                     {"state", rank_state_name(rank.state)},
                     {"call", rank.call ? call_to_json(*rank.call) : nlohmann::ordered_json()}});
  }
  return {{"state", run_state_name(run.state)}, {"message", run.message}, {"ranks", std::move(ranks)}};
}

std::string run_ending_to_text(const RunEnding& run) {
  if (run.state == RunState::kComplete || run.state == RunState::kUnknown) {
    return {};
  }
  std::string out = "Run: " + run.message + "\n";
  for (const RankEnding& rank : run.ranks) {
    out += "  " +
           (rank.call ? call_line(*rank.call)
                      : "rank " + std::to_string(rank.rank) + ": no MPI call recorded before it stopped") +
           "\n";
  }
  return out + "\n";
}

}  // namespace mpisight::analyzer
