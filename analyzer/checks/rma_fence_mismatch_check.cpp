// Compares the fence counts of a window's members; the ranks with the most fences made the extra calls.
#include "checks/rma_fence_mismatch_check.hpp"

#include <algorithm>

namespace mpisight::analyzer {

void RmaFenceMismatchCheck::judge(const WindowState& window) {
  std::uint64_t most = 0;
  std::uint64_t fewest = ~std::uint64_t{0};
  for (const auto& [rank, epochs] : window.ranks) {
    most = std::max(most, epochs.fences);
    fewest = std::min(fewest, epochs.fences);
  }
  if (window.ranks.size() < 2 || most == fewest) {
    return;
  }
  Finding finding;
  finding.check = "rma.fence_mismatch";
  finding.severity = Severity::kError;
  std::vector<trace::WorldRank> extra;
  std::vector<trace::WorldRank> fewer;
  for (const auto& [rank, epochs] : window.ranks) {
    finding.ranks.push_back(rank);
    (epochs.fences == most ? extra : fewer).push_back(rank);
  }
  const std::string name = model().rma().window_name(window.id);
  for (trace::WorldRank rank : extra) {
    const RankEpochs& epochs = window.ranks.at(rank);
    if (epochs.last_fence) {
      finding.calls.push_back(model().describe(
          *epochs.last_fence,
          "fence #" + std::to_string(epochs.fences) + ", which ranks " + rank_list(fewer) + " never called"));
    }
  }
  for (trace::WorldRank rank : fewer) {
    const RankEpochs& epochs = window.ranks.at(rank);
    if (epochs.last_fence) {
      finding.calls.push_back(
          model().describe(*epochs.last_fence, "its last fence, #" + std::to_string(epochs.fences)));
    }
  }
  finding.message = "The members of " + name +
                    " called MPI_Win_fence different numbers of times: " + std::to_string(most) + " on " +
                    (extra.size() == 1 ? "rank " : "ranks ") + rank_list(extra) + ", fewer on " +
                    (fewer.size() == 1 ? "rank " : "ranks ") + rank_list(fewer) + ".";
  finding.hint =
      "MPI_Win_fence is collective over the window: every member must call it the same number of times, in the "
      "same order; move fences out of rank-dependent branches.";
  normalize_ranks(finding);
  found_.push_back(std::move(finding));
}

void RmaFenceMismatchCheck::on_event(const trace::Event& event) {
  const auto* destroy = std::get_if<trace::RmaWinDestroy>(&event);
  if (destroy == nullptr) {
    return;
  }
  const WindowState* window = model().rma().window(destroy->win);
  if (window != nullptr && window->destroyed + 1 >= window->members.size()) {
    judge(*window);  // the last member frees it: every fence was made
  }
}

void RmaFenceMismatchCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [id, window] : model().rma().windows()) {
    judge(window);
  }
  for (Finding& finding : found_) {
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
