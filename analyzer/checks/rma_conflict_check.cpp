// Each access is compared with the open epochs' accesses to the same target; epochs are dropped as they close, so
// memory follows the open epochs (capped per target, see kMaxAccesses).
#include "checks/rma_conflict_check.hpp"

#include <algorithm>

#include "schema/attributes.hpp"

namespace mpisight::analyzer {
namespace {

constexpr std::uint32_t kNoOp = 0x5800000e;      // MPI_NO_OP (MPICH)
constexpr std::size_t kMaxAccesses = 1U << 14U;  // per target and open epochs: beyond, accesses go unjudged

}  // namespace

bool RmaConflictCheck::compatible(const Access& a, const Access& b) const {
  if (!a.writes && !b.writes) {
    return true;
  }
  if (!a.atomic || !b.atomic) {
    return false;
  }
  if (a.origin == b.origin) {
    return true;  // accumulates of one origin to one target are ordered (MPI's default accumulate_ordering)
  }
  const bool same_op = a.op == 0 || b.op == 0 || a.op == b.op || a.op == kNoOp || b.op == kNoOp;
  const bool same_type = a.signature == 0 || b.signature == 0 ||
                         (schema::is_homogeneous_signature(a.signature) && a.signature == b.signature);
  return same_op && same_type;
}

std::int64_t RmaConflictCheck::flushed_ns(trace::WorldRank origin, const Target& target) const {
  const auto flushed = flushed_ns_.find({origin, target});
  return flushed != flushed_ns_.end() ? flushed->second : -1;
}

// `access` was just issued; `other`, issued before it, touches overlapping bytes and the two are not compatible.
bool RmaConflictCheck::conflicts(const Access& access, const Access& other, const Target& target) const {
  if (other.origin == access.origin) {
    return other.epoch == access.epoch && other.time_ns > flushed_ns(access.origin, target);
  }
  if (access.epoch.kind != EpochKind::kLock) {
    return other.epoch == access.epoch;
  }
  // Two origins' passive-target epochs: exclusive locks exclude each other (MPICH may acquire them lazily, so
  // their recorded intervals can overlap); under shared locks, `other` is unordered with `access` unless it was
  // complete at the target before (its unlock drops it from the list, a flush is dated here).
  return other.epoch.kind == EpochKind::kLock && other.shared && access.shared &&
         other.time_ns > flushed_ns(other.origin, target);
}

void RmaConflictCheck::report(const Access& later, const Access& earlier, trace::RmaWinId win,
                              trace::WorldRank target) {
  Finding finding;
  finding.check = "rma.conflict";
  finding.severity = Severity::kError;
  finding.ranks = {later.origin, earlier.origin, target};
  const Access& first = earlier.origin <= later.origin ? earlier : later;
  const Access& second = earlier.origin <= later.origin ? later : earlier;
  const std::string where = "bytes [" + std::to_string(std::max(later.bytes.begin, earlier.bytes.begin)) + ", " +
                            std::to_string(std::min(later.bytes.end, earlier.bytes.end)) + ") of rank " +
                            std::to_string(target) + "'s part of " + model().rma().window_name(win);
  if (later.origin == earlier.origin) {
    finding.message = "Rank " + std::to_string(later.origin) + " accessed " + where +
                      " twice in one epoch, at least once writing, without a flush between: the order in which "
                      "the two reach the target is undefined.";
    finding.hint =
        "Complete the first operation at the target before the second (MPI_Win_flush in a lock epoch, or a new "
        "fence/PSCW epoch), or make both accumulates with the same op.";
  } else if (later.epoch.kind == EpochKind::kLock) {
    finding.message = "Ranks " + std::to_string(first.origin) + " and " + std::to_string(second.origin) + " accessed " +
                      where + " under shared locks held at the same time, at least one writing, and neither access " +
                      "was complete at the target before the other began: the result is undefined.";
    finding.hint =
        "Take MPI_LOCK_EXCLUSIVE for epochs that write shared locations, or complete the first access "
        "(MPI_Win_flush or MPI_Win_unlock) and order the second after it (e.g. with a barrier), or let the origins "
        "write disjoint locations.";
  } else {
    finding.message = "Ranks " + std::to_string(first.origin) + " and " + std::to_string(second.origin) + " accessed " +
                      where + " in the same epoch, at least one writing: the result is undefined.";
    finding.hint =
        "Let each target location be written by one origin per epoch (or use MPI_Accumulate with the same op on "
        "every origin), or separate the accesses with a fence or another synchronisation.";
  }
  finding.calls.push_back(model().describe(first.call, first.writes ? "writes the bytes" : "reads the bytes"));
  finding.calls.push_back(model().describe(second.call, second.writes ? "writes the bytes" : "reads the bytes"));
  sink_.add(later.origin, later.call, earlier.call.site, std::move(finding));
}

void RmaConflictCheck::operation(const trace::RmaOp& op) {
  const RmaState& rma = model().rma();
  const std::optional<trace::WorldRank> target = rma.target_rank(op.win, op.remote);
  const trace::WorldRank origin = model().rank_of(op.location);
  const RankEpochs* epochs = rma.epochs(op.win, origin);
  if (!target || epochs == nullptr) {
    return;
  }
  pending_[{origin, op.matching_id}] = {op.win, *target};
  if (!op.target_bytes) {
    return;  // another tool's trace: where the operation lands is unknown
  }
  Access access;
  access.origin = origin;
  if (auto lock = epochs->locks.find(*target); lock != epochs->locks.end()) {
    access.epoch = {EpochKind::kLock, static_cast<std::uint64_t>(lock->second.first.enter_ns)};
    access.shared = lock->second.second == trace::RmaLockType::kShared;
  } else if (epochs->lock_all) {
    access.epoch = {EpochKind::kLock, static_cast<std::uint64_t>(epochs->lock_all->enter_ns)};
    access.shared = true;
  } else if (epochs->start &&
             std::find(epochs->start_group.begin(), epochs->start_group.end(), *target) != epochs->start_group.end()) {
    const WindowState* window = rma.window(op.win);
    auto pair = window->pscw.find({origin, *target});
    access.epoch = {EpochKind::kPscw, pair != window->pscw.end() ? pair->second.starts : 0};
  } else if (epochs->fence_open) {
    access.epoch = {EpochKind::kFence, epochs->fences};
  } else {
    return;  // outside any epoch: rma.outside_epoch reports it
  }
  access.bytes = *op.target_bytes;
  access.atomic = op.kind == trace::RmaOpKind::kAtomic;
  access.op = op.reduction_op.value_or(0);
  access.writes = op.kind == trace::RmaOpKind::kPut || (access.atomic && access.op != kNoOp);
  access.signature = op.target_type_signature.value_or(0);
  access.time_ns = op.time_ns;
  access.call = model().current_call_id(op.location, op.time_ns);

  const Target key{op.win, *target};
  std::vector<Access>& list = accesses_[key];
  // A passive-target access complete at the target (flushed) is ordered before every later one: forget it, so
  // long lock_all epochs keep only what is still in flight.
  std::erase_if(list, [&](const Access& a) {
    return a.epoch.kind == EpochKind::kLock && a.time_ns <= flushed_ns(a.origin, key);
  });
  for (const Access& other : list) {
    if (other.bytes.overlaps(access.bytes) && !compatible(access, other) && conflicts(access, other, key)) {
      report(access, other, op.win, *target);
      break;
    }
  }
  if (list.size() < kMaxAccesses) {
    list.push_back(std::move(access));
  }
}

void RmaConflictCheck::completion(const trace::RmaOpComplete& done) {
  const trace::WorldRank origin = model().rank_of(done.location);
  auto it = pending_.find({origin, done.matching_id});
  if (it == pending_.end()) {
    return;
  }
  const Target target = it->second;
  pending_.erase(it);
  const RmaCall kind = model().rma_call(done.location);
  if (done.blocking && kind != RmaCall::kFlushLocal) {
    flushed_ns_[{origin, target}] = done.time_ns;  // completed at the target: later accesses are ordered after
  }
}

void RmaConflictCheck::prune(trace::RmaWinId win, trace::WorldRank target, EpochKind kind, std::uint64_t below,
                             std::optional<trace::WorldRank> origin) {
  auto it = accesses_.find({win, target});
  if (it == accesses_.end()) {
    return;
  }
  std::erase_if(it->second, [&](const Access& a) {
    return a.epoch.kind == kind && a.epoch.serial < below && (!origin || a.origin == *origin);
  });
  if (it->second.empty()) {
    accesses_.erase(it);
  }
}

void RmaConflictCheck::on_event(const trace::Event& event) {
  std::visit(
      trace::Overloaded{
          [&](const trace::RmaOp& op) { operation(op); },
          [&](const trace::RmaOpComplete& done) { completion(done); },
          [&](const trace::RmaCollectiveEnd& end) {
            if (end.op == trace::CollectiveOp::kBarrier && end.win) {
              // This rank's fence ends the previous fence epoch at it as target: every origin's access is in.
              const trace::WorldRank rank = model().rank_of(end.location);
              const RankEpochs* epochs = model().rma().epochs(*end.win, rank);
              prune(*end.win, rank, EpochKind::kFence, (epochs != nullptr ? epochs->fences : 0) + 1, std::nullopt);
            }
          },
          [&](const trace::RmaGroupSync& sync) {
            const RmaCall kind = model().rma_call(sync.location);
            if (kind == RmaCall::kWait || kind == RmaCall::kTest) {
              prune(sync.win, model().rank_of(sync.location), EpochKind::kPscw, ~std::uint64_t{0}, std::nullopt);
            }
          },
          [&](const trace::RmaLock& lock) {
            if (lock.event != trace::RmaLockEvent::kRelease) {
              return;
            }
            const trace::WorldRank origin = model().rank_of(lock.location);
            if (lock.remote != trace::kRmaAllRanks) {
              if (auto target = model().rma().target_rank(lock.win, lock.remote)) {
                prune(lock.win, *target, EpochKind::kLock, ~std::uint64_t{0}, origin);
              }
              return;
            }
            std::vector<Target> targets;
            for (const auto& [key, list] : accesses_) {
              if (key.first == lock.win) {
                targets.push_back(key);
              }
            }
            for (const Target& key : targets) {
              prune(key.first, key.second, EpochKind::kLock, ~std::uint64_t{0}, origin);
            }
          },
          [&](const trace::RmaWinDestroy& destroy) {
            const WindowState* window = model().rma().window(destroy.win);
            if (window == nullptr || window->destroyed + 1 < window->members.size()) {
              return;
            }
            std::erase_if(accesses_, [&](const auto& entry) { return entry.first.first == destroy.win; });
            std::erase_if(pending_, [&](const auto& entry) { return entry.second.first == destroy.win; });
            std::erase_if(flushed_ns_, [&](const auto& entry) { return entry.first.second.first == destroy.win; });
          },
          [](const auto&) {},
      },
      event);
}

void RmaConflictCheck::finish(std::vector<Finding>& findings) {
  sink_.move_into(findings);
}

}  // namespace mpisight::analyzer
