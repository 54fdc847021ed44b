// How the traced run ended, told from the end of its trace: every rank reached MPI_Finalize (complete), a rank
// called MPI_Abort (aborted), a rank stopped outside any MPI call without finalizing (crashed, e.g. SIGSEGV), or
// every unfinished rank was stopped inside an MPI call (hung and killed, e.g. by a timeout).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "findings/finding.hpp"
#include "model/call_id.hpp"
#include "model/event_model.hpp"

namespace mpisight::analyzer {

enum class RunState : std::uint8_t {
  kComplete,
  kAborted,
  kCrashed,
  kHung,
  kUnknown,  // no rank reached MPI_Finalize and none stopped in an MPI call: the trace does not record the end
};
enum class RankState : std::uint8_t {
  kFinalized,   // reached MPI_Finalize
  kAborted,     // inside MPI_Abort
  kInMpi,       // inside another MPI call
  kOutsideMpi,  // outside any MPI call, never reached MPI_Finalize
};

struct RankEnding {
  trace::WorldRank rank = 0;
  RankState state = RankState::kFinalized;
  std::optional<CallRef> call;  // the call it was in, or (outside MPI) the last MPI call it made
};

struct RunEnding {
  RunState state = RunState::kComplete;
  std::string message;            // one sentence
  std::vector<RankEnding> ranks;  // the ranks that did not reach MPI_Finalize, ascending
};

[[nodiscard]] std::string_view run_state_name(RunState state) noexcept;
[[nodiscard]] std::string_view rank_state_name(RankState state) noexcept;

// Reads how the run ended from the model's end state (open calls, MPI_Finalize, each location's last MPI call).
class RunEndingTracker {
 public:
  explicit RunEndingTracker(const EventModel& model) : model_(model) {}
  [[nodiscard]] RunEnding finish() const;

 private:
  const EventModel& model_;
};

}  // namespace mpisight::analyzer
