// The synchronisation state of every RMA window on every member rank, as the RMA checks need it: which access and
// exposure epochs are open (fence, post/start, locks, lock_all), and which calls opened them. EventModel updates it
// after the checks saw an event, so a check sees the state the event found. Memory: open windows and epochs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/call_id.hpp"
#include "model/event_kinds.hpp"
#include "model/rma_call.hpp"
#include "trace/definitions.hpp"
#include "trace/events.hpp"

namespace mpisight::analyzer {

// The RMA records, and whether `event` is one.
inline constexpr EventKinds kRmaEventKinds =
    kinds_of<trace::RmaWinCreate, trace::RmaWinDestroy, trace::RmaCollectiveBegin, trace::RmaCollectiveEnd,
             trace::RmaGroupSync, trace::RmaLock, trace::RmaSync, trace::RmaOp, trace::RmaOpComplete,
             trace::RmaOpTest>();
[[nodiscard]] inline bool is_rma_event(const trace::Event& event) noexcept {
  return ((kRmaEventKinds >> event.index()) & 1U) != 0;
}

// MPICH's error class of an error code (its low bits) and the class of RMA synchronisation errors.
inline constexpr std::int32_t kErrRmaSync = 50;
[[nodiscard]] constexpr std::int32_t mpich_error_class(std::int32_t code) noexcept {
  return code & 0x7f;
}

// One rank's epochs on one window.
struct RankEpochs {
  std::uint64_t fences = 0;  // fences this rank completed on the window
  bool fence_open = false;   // its last fence began an access epoch (no MPI_MODE_NOSUCCEED)
  std::optional<CallId> last_fence;
  std::uint64_t ops_since_fence = 0;  // operations a fence has not completed yet
  std::optional<CallId> first_op_since_fence;
  std::optional<CallId> start;  // open PSCW access epoch
  std::vector<trace::WorldRank> start_group;
  std::optional<CallId> post;  // open PSCW exposure epoch
  std::vector<trace::WorldRank> post_group;
  std::map<trace::WorldRank, std::pair<CallId, trace::RmaLockType>> locks;  // by target
  std::optional<CallId> lock_all;
  bool freed = false;  // the rank called MPI_Win_free; others have not yet

  [[nodiscard]] bool any_open() const noexcept {
    return start || post || !locks.empty() || lock_all || ops_since_fence > 0;
  }
};

// PSCW between one origin and one target: how many access epochs the origin began to the target, and how many
// exposure epochs the target opened to the origin; every start must meet a post.
struct PscwPair {
  std::uint64_t starts = 0;
  std::uint64_t posts = 0;
  std::optional<CallId> last_start;
  std::optional<CallId> last_post;
};

struct WindowState {
  trace::RmaWinId id = 0;
  std::vector<trace::WorldRank> members;  // by rank in the window's communicator
  std::map<trace::WorldRank, RankEpochs> ranks;
  std::map<std::pair<trace::WorldRank, trace::WorldRank>, PscwPair> pscw;  // (origin, target)
  std::size_t destroyed = 0;                                               // members that called MPI_Win_free
};

class RmaState {
 public:
  explicit RmaState(const trace::TraceDefinitions& defs) : defs_(defs) {}

  // `rank` made `event` inside `call` (whose function is `kind`).
  void apply(const trace::Event& event, trace::WorldRank rank, const CallId& call, RmaCall kind);

  [[nodiscard]] const WindowState* window(trace::RmaWinId win) const;
  [[nodiscard]] const RankEpochs* epochs(trace::RmaWinId win, trace::WorldRank rank) const;
  [[nodiscard]] const std::map<trace::RmaWinId, WindowState>& windows() const noexcept { return windows_; }
  // Every window `rank` has epochs on.
  [[nodiscard]] std::vector<std::pair<trace::RmaWinId, const RankEpochs*>> windows_of(trace::WorldRank rank) const;

  // The world rank of `remote` (a rank in the window's communicator), if the definitions tell.
  [[nodiscard]] std::optional<trace::WorldRank> target_rank(trace::RmaWinId win, std::uint32_t remote) const;
  // Whether `origin` has an access epoch to `target` open on the window.
  [[nodiscard]] bool in_access_epoch(trace::RmaWinId win, trace::WorldRank origin, trace::WorldRank target) const;
  // "window 3" or its name.
  [[nodiscard]] std::string window_name(trace::RmaWinId win) const;
  // The world ranks of a group sync's group.
  [[nodiscard]] std::vector<trace::WorldRank> group_members(trace::GroupId group) const;

 private:
  WindowState& window_for(trace::RmaWinId win);
  void group_sync(const trace::RmaGroupSync& event, trace::WorldRank rank, const CallId& call, RmaCall kind);
  void lock(const trace::RmaLock& event, trace::WorldRank rank, const CallId& call);

  const trace::TraceDefinitions& defs_;
  std::map<trace::RmaWinId, WindowState> windows_;
};

}  // namespace mpisight::analyzer
