// rma.conflict between passive-target epochs of different origins, on small real archives: shared locks held at
// the same time whose accesses overlap conflict unless one was complete at the target (flush, unlock) first.
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

#include "fixture_findings.hpp"
#include "otf2_fixture.hpp"

namespace mpisight::analyzer {
namespace {

using testkit::Otf2ArchiveBuilder;
using trace::ByteRange;
using trace::LocationId;
using trace::RegionId;
using trace::RmaLockType;

using fixture::call;
using fixture::findings_of;
using fixture::functions;
using fixture::ids;

// Ranks 1 and 2 access rank 0's part of window 0 over MPI_COMM_WORLD.
class PassiveTarget {
 public:
  PassiveTarget()
      : b_(3),
        win_(b_.add_window("win")),
        lock_(b_.region("MPI_Win_lock")),
        lock_all_(b_.region("MPI_Win_lock_all")),
        put_(b_.region("MPI_Put")),
        get_(b_.region("MPI_Get")),
        flush_(b_.region("MPI_Win_flush")),
        unlock_(b_.region("MPI_Win_unlock")) {}

  void lock(LocationId origin, std::int64_t t, RmaLockType type) {
    call(b_, origin, t, lock_, [&](std::int64_t at) {
      b_.add(trace::RmaLock{.location = origin,
                            .time_ns = at,
                            .event = trace::RmaLockEvent::kRequest,
                            .win = win_,
                            .remote = 0,
                            .lock_id = origin,
                            .type = type,
                            .assert_flags = std::nullopt});
    });
  }
  void lock_all(LocationId origin, std::int64_t t) {
    call(b_, origin, t, lock_all_, [&](std::int64_t at) {
      b_.add(trace::RmaLock{.location = origin,
                            .time_ns = at,
                            .event = trace::RmaLockEvent::kRequest,
                            .win = win_,
                            .remote = trace::kRmaAllRanks,
                            .lock_id = origin,
                            .type = RmaLockType::kShared,
                            .assert_flags = std::nullopt});
    });
  }
  // A put (or get) of bytes [begin, end) of rank 0's window memory.
  void access(LocationId origin, std::int64_t t, ByteRange bytes, bool put = true) {
    call(b_, origin, t, put ? put_ : get_, [&](std::int64_t at) {
      trace::RmaOp op;
      op.location = origin;
      op.time_ns = at;
      op.kind = put ? trace::RmaOpKind::kPut : trace::RmaOpKind::kGet;
      op.win = win_;
      op.remote = 0;
      op.bytes_sent = put ? bytes.end - bytes.begin : 0;
      op.bytes_received = put ? 0 : bytes.end - bytes.begin;
      op.matching_id = ++matching_id_;
      op.target_bytes = bytes;
      b_.add(op);
      pending_[origin].push_back(op.matching_id);
    });
  }
  // MPI_Win_flush or MPI_Win_unlock: every pending operation of `origin` completes at the target.
  void flush(LocationId origin, std::int64_t t, bool unlock = false) {
    call(b_, origin, t, unlock ? unlock_ : flush_, [&](std::int64_t at) {
      for (std::uint64_t id : pending_[origin]) {
        trace::RmaOpComplete done;
        done.location = origin;
        done.time_ns = at;
        done.win = win_;
        done.matching_id = id;
        b_.add(done);
      }
      pending_[origin].clear();
      if (unlock) {
        b_.add(trace::RmaLock{.location = origin,
                              .time_ns = at,
                              .event = trace::RmaLockEvent::kRelease,
                              .win = win_,
                              .remote = 0,
                              .lock_id = origin,
                              .type = RmaLockType::kExclusive,
                              .assert_flags = std::nullopt});
      }
    });
  }
  [[nodiscard]] std::vector<Finding> conflicts() const {
    std::vector<Finding> found = findings_of(b_);
    std::erase_if(found, [](const Finding& f) { return f.check != "rma.conflict"; });
    return found;
  }

 private:
  Otf2ArchiveBuilder b_;
  trace::RmaWinId win_;
  RegionId lock_, lock_all_, put_, get_, flush_, unlock_;
  std::uint64_t matching_id_ = 0;
  std::map<LocationId, std::vector<std::uint64_t>> pending_;
};

TEST(RmaConflictCheck, SharedLocksOfTwoOriginsWritingTheSameBytes) {
  PassiveTarget w;
  w.lock(1, 100, RmaLockType::kShared);
  w.lock(2, 110, RmaLockType::kShared);
  w.access(1, 200, {0, 4});
  w.access(2, 210, {0, 4});
  w.flush(1, 300, true);
  w.flush(2, 310, true);
  const std::vector<Finding> found = w.conflicts();
  ASSERT_EQ(ids(found), std::vector<std::string>{"rma.conflict"});
  EXPECT_EQ(found[0].ranks, (std::vector<trace::WorldRank>{0, 1, 2}));
  EXPECT_EQ(functions(found[0]), (std::vector<std::string>{"MPI_Put@1", "MPI_Put@2"}));
  EXPECT_NE(found[0].message.find("under shared locks"), std::string::npos) << found[0].message;
  EXPECT_FALSE(found[0].hint.empty());
}

TEST(RmaConflictCheck, LockAllAndASharedLockConflictAsWell) {
  PassiveTarget w;
  w.lock_all(1, 100);
  w.lock(2, 110, RmaLockType::kShared);
  w.access(2, 200, {0, 8});
  w.access(1, 210, {4, 8}, false);  // a read of bytes the other origin writes
  w.flush(2, 300, true);
  const std::vector<Finding> found = w.conflicts();
  ASSERT_EQ(ids(found), std::vector<std::string>{"rma.conflict"});
  EXPECT_EQ(functions(found[0]), (std::vector<std::string>{"MPI_Get@1", "MPI_Put@2"}));
}

TEST(RmaConflictCheck, FlushedOrUnlockedBeforeTheOtherAccessIsOrdered) {
  PassiveTarget flushed;  // put, flush, (barrier), then the other origin reads it
  flushed.lock(1, 100, RmaLockType::kShared);
  flushed.lock(2, 110, RmaLockType::kShared);
  flushed.access(1, 200, {0, 4});
  flushed.flush(1, 220);
  flushed.access(2, 300, {0, 4}, false);
  flushed.flush(1, 400, true);
  flushed.flush(2, 410, true);
  EXPECT_EQ(ids(flushed.conflicts()), std::vector<std::string>{});

  PassiveTarget unlocked;  // the epochs overlap in time, but the first put was complete before the second
  unlocked.lock(1, 100, RmaLockType::kShared);
  unlocked.lock(2, 110, RmaLockType::kShared);
  unlocked.access(1, 200, {0, 4});
  unlocked.flush(1, 220, true);
  unlocked.access(2, 300, {0, 4});
  unlocked.flush(2, 400, true);
  EXPECT_EQ(ids(unlocked.conflicts()), std::vector<std::string>{});
}

TEST(RmaConflictCheck, ExclusiveLocksDisjointBytesAndTwoReadsAreClean) {
  PassiveTarget exclusive;  // MPICH acquires locks lazily: the recorded intervals may overlap
  exclusive.lock(1, 100, RmaLockType::kExclusive);
  exclusive.lock(2, 110, RmaLockType::kExclusive);
  exclusive.access(1, 200, {0, 4});
  exclusive.access(2, 210, {0, 4});
  exclusive.flush(1, 300, true);
  exclusive.flush(2, 310, true);
  EXPECT_EQ(ids(exclusive.conflicts()), std::vector<std::string>{});

  PassiveTarget disjoint;
  disjoint.lock(1, 100, RmaLockType::kShared);
  disjoint.lock(2, 110, RmaLockType::kShared);
  disjoint.access(1, 200, {0, 4});
  disjoint.access(2, 210, {4, 8});
  disjoint.access(1, 220, {8, 12}, false);
  disjoint.access(2, 230, {8, 12}, false);
  disjoint.flush(1, 300, true);
  disjoint.flush(2, 310, true);
  EXPECT_EQ(ids(disjoint.conflicts()), std::vector<std::string>{});
}

}  // namespace
}  // namespace mpisight::analyzer
