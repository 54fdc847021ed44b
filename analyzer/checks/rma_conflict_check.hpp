// rma.conflict: two accesses to overlapping bytes of one target's window memory in the same epoch, at least one
// writing, with no ordering between them: from different origins in the same fence or post/start epoch, or from
// one origin without a flush (or unlock, fence, complete) between them. Accumulates with the same reduction op
// (or MPI_NO_OP) and the same basic type may overlap, as MPI allows. Passive-target epochs of different origins
// conflict when both hold a shared lock (MPI_LOCK_SHARED or lock_all) and one access was issued while the other
// was not yet complete at the target (no flush or unlock of it before, on the trace's corrected clock); exclusive
// locks exclude each other. Shared windows are judged the same way, as far as their accesses are MPI calls.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "checks/check.hpp"
#include "checks/rma_finding_sink.hpp"

namespace mpisight::analyzer {

class RmaConflictCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::RmaOp, trace::RmaOpComplete, trace::RmaCollectiveEnd, trace::RmaGroupSync, trace::RmaLock,
                    trace::RmaWinDestroy>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  enum class EpochKind : std::uint8_t { kFence, kPscw, kLock };
  struct Epoch {
    EpochKind kind = EpochKind::kFence;
    std::uint64_t serial = 0;  // fence count, start count, or the lock call's time
    bool operator==(const Epoch&) const = default;
  };
  struct Access {
    trace::WorldRank origin = 0;
    Epoch epoch;
    bool shared = false;  // a passive-target epoch under a shared lock or lock_all
    trace::ByteRange bytes;
    bool writes = false;
    bool atomic = false;
    std::uint32_t op = 0;         // reduction op of atomics, 0 unknown
    std::uint64_t signature = 0;  // target type signature, 0 unknown
    std::int64_t time_ns = 0;
    CallId call;
  };
  using Target = std::pair<trace::RmaWinId, trace::WorldRank>;

  void operation(const trace::RmaOp& op);
  void completion(const trace::RmaOpComplete& done);
  void prune(trace::RmaWinId win, trace::WorldRank target, EpochKind kind, std::uint64_t below,
             std::optional<trace::WorldRank> origin);
  [[nodiscard]] bool compatible(const Access& a, const Access& b) const;
  [[nodiscard]] bool conflicts(const Access& access, const Access& other, const Target& target) const;
  [[nodiscard]] std::int64_t flushed_ns(trace::WorldRank origin, const Target& target) const;
  void report(const Access& later, const Access& earlier, trace::RmaWinId win, trace::WorldRank target);

  std::map<Target, std::vector<Access>> accesses_;  // open epochs' accesses, by window and target
  // Operations not yet completed, by (origin, matching id): their target, to date a flush.
  std::map<std::pair<trace::WorldRank, std::uint64_t>, Target> pending_;
  // When an origin last completed its operations to a target at the target (flush, unlock...).
  std::map<std::pair<trace::WorldRank, Target>, std::int64_t> flushed_ns_;
  RmaFindingSink sink_;
};

}  // namespace mpisight::analyzer
