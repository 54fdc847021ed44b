// Pairs are counted per (origin, target) in RmaState; unclosed epochs are seen when the next one begins.
#include "checks/rma_pscw_mismatch_check.hpp"

namespace mpisight::analyzer {
namespace {

constexpr std::uint32_t kUnpaired = 0;
constexpr std::uint32_t kUnclosed = 1;
constexpr std::uint32_t kRefused = 2;

const char* const kHint =
    "Each MPI_Win_start must name exactly the targets whose MPI_Win_post names the origin, and be closed by "
    "MPI_Win_complete; each MPI_Win_post must be closed by MPI_Win_wait (or MPI_Win_test until it succeeds).";

}  // namespace

void RmaPscwMismatchCheck::judge(const WindowState& window) {
  const std::string name = model().rma().window_name(window.id);
  for (const auto& [ranks, pair] : window.pscw) {
    const auto [origin, target] = ranks;
    if (pair.starts == pair.posts) {
      continue;
    }
    Finding finding;
    finding.check = "rma.pscw_mismatch";
    finding.severity = Severity::kError;
    finding.ranks = {origin, target};
    const CallId* first = nullptr;
    if (pair.starts > pair.posts) {
      finding.message = "Rank " + std::to_string(origin) + " began " + std::to_string(pair.starts) +
                        " access epoch(s) to rank " + std::to_string(target) + " on " + name + " with MPI_Win_start, " +
                        "but rank " + std::to_string(target) + " posted only " + std::to_string(pair.posts) +
                        " exposure epoch(s) naming rank " + std::to_string(origin) + ".";
      finding.calls.push_back(
          model().describe(*pair.last_start, "names rank " + std::to_string(target) + ", which never posted for it"));
      first = &*pair.last_start;
      if (pair.last_post) {
        finding.calls.push_back(model().describe(*pair.last_post, "its last matching post"));
      }
    } else {
      finding.message = "Rank " + std::to_string(target) + " exposed " + name + " to rank " + std::to_string(origin) +
                        " " + std::to_string(pair.posts) + " time(s) with MPI_Win_post, but rank " +
                        std::to_string(origin) + " began only " + std::to_string(pair.starts) +
                        " access epoch(s) to it with MPI_Win_start.";
      finding.calls.push_back(model().describe(
          *pair.last_post, "names rank " + std::to_string(origin) + ", which never started an epoch to it"));
      first = &*pair.last_post;
      if (pair.last_start) {
        finding.calls.push_back(model().describe(*pair.last_start, "its last matching start"));
      }
    }
    finding.hint = kHint;
    sink_.add(origin, *first, kUnpaired + 4 * target, std::move(finding));
  }
}

void RmaPscwMismatchCheck::sync(const trace::RmaGroupSync& event) {
  const RmaCall kind = model().rma_call(event.location);
  const trace::WorldRank rank = model().rank_of(event.location);
  const RankEpochs* epochs = model().rma().epochs(event.win, rank);
  const CallId call = model().current_call_id(event.location, event.time_ns);
  const std::string name = model().rma().window_name(event.win);
  auto report = [&](const std::optional<CallId>& open, const std::string& message, const std::string& role) {
    Finding finding;
    finding.check = "rma.pscw_mismatch";
    finding.severity = Severity::kError;
    finding.ranks = {rank};
    finding.message = message;
    finding.calls.push_back(model().describe(call, role));
    if (open) {
      finding.calls.push_back(model().describe(*open, "began the epoch that was never closed"));
    }
    finding.hint = kHint;
    sink_.add(rank, call, kUnclosed, std::move(finding));
  };
  const bool started = epochs != nullptr && epochs->start;
  const bool posted = epochs != nullptr && epochs->post;
  switch (kind) {
    case RmaCall::kStart:
      if (started) {
        report(epochs->start,
               "Rank " + std::to_string(rank) + " called MPI_Win_start on " + name +
                   " while its previous access epoch was still open: MPI_Win_complete is missing.",
               "began a second access epoch");
      }
      break;
    case RmaCall::kPost:
      if (posted) {
        report(epochs->post,
               "Rank " + std::to_string(rank) + " called MPI_Win_post on " + name +
                   " while its previous exposure epoch was still open: MPI_Win_wait is missing.",
               "began a second exposure epoch");
      }
      break;
    case RmaCall::kComplete:
      if (!started) {
        report(std::nullopt,
               "Rank " + std::to_string(rank) + " called MPI_Win_complete on " + name +
                   " without an access epoch begun by MPI_Win_start.",
               "completes an epoch that was never started");
      }
      break;
    case RmaCall::kWait:
    case RmaCall::kTest:
      if (!posted) {
        report(std::nullopt,
               "Rank " + std::to_string(rank) + " waited for the end of an exposure epoch on " + name +
                   " that MPI_Win_post never began.",
               "waits for an epoch that was never posted");
      }
      break;
    default: break;
  }
}

void RmaPscwMismatchCheck::refused(const trace::Leave& leave) {
  const OpenCall* call = model().current_call(leave.location);
  if (call == nullptr || call->id.region != leave.region) {
    return;
  }
  const RmaCall kind = call->info->rma_call;
  if (kind != RmaCall::kStart && kind != RmaCall::kPost && kind != RmaCall::kComplete && kind != RmaCall::kWait &&
      kind != RmaCall::kTest) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(leave.location);
  Finding finding;
  finding.check = "rma.pscw_mismatch";
  finding.severity = Severity::kError;
  finding.ranks = {rank};
  CallRef ref = model().describe(call->id, "refused with MPI_ERR_RMA_SYNC");
  finding.message = ref.function + " on rank " + std::to_string(rank) +
                    " was refused with MPI_ERR_RMA_SYNC: it does not fit the window's open epochs.";
  finding.calls.push_back(std::move(ref));
  finding.hint = kHint;
  sink_.add(rank, call->id, kRefused, std::move(finding));
}

void RmaPscwMismatchCheck::on_event(const trace::Event& event) {
  if (const auto* sync_event = std::get_if<trace::RmaGroupSync>(&event)) {
    sync(*sync_event);
    return;
  }
  if (const auto* leave = std::get_if<trace::Leave>(&event)) {
    if (leave->return_code && mpich_error_class(*leave->return_code) == kErrRmaSync) {
      refused(*leave);
    }
    return;
  }
  if (const auto* destroy = std::get_if<trace::RmaWinDestroy>(&event)) {
    const WindowState* window = model().rma().window(destroy->win);
    if (window != nullptr && window->destroyed + 1 >= window->members.size()) {
      judge(*window);
    }
  }
}

void RmaPscwMismatchCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [id, window] : model().rma().windows()) {
    judge(window);
  }
  sink_.move_into(findings);
}

}  // namespace mpisight::analyzer
