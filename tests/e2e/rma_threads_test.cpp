// RMA operations completed by another thread (programs/rma_threads.c at 2 ranks): a sync call completes the
// operations of every thread of its process, and the completion is recorded on the syncing thread's location.
#include <gtest/gtest.h>
#include <set>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

constexpr int kRanks = 2;

trace::LocationId thread_location(int rank, std::uint32_t thread_index) {
  return (std::uint64_t{thread_index} << 32U) | static_cast<std::uint32_t>(rank);
}

// The time the call `name` left on `location` (its only call of that name).
std::int64_t leave_of(const trace::Trace& trace, trace::LocationId location, const std::string& name) {
  std::vector<std::int64_t> times;
  for (const trace::Leave& leave : trace.events_of<trace::Leave>(location)) {
    if (trace.definitions.region_name(leave.region) == name) {
      times.push_back(leave.time_ns);
    }
  }
  EXPECT_EQ(times.size(), 1U) << name << " on location " << location;
  return times.empty() ? -1 : times.front();
}

std::vector<std::uint64_t> matching_ids(const std::vector<trace::RmaOpComplete>& completions) {
  std::vector<std::uint64_t> ids;
  for (const trace::RmaOpComplete& done : completions) {
    EXPECT_TRUE(done.blocking);
    ids.push_back(done.matching_id);
  }
  return ids;
}

TEST(RmaThreads, ASyncCompletesTheOperationsOfEveryThreadOnItsOwnLocation) {
  const TracedProgram traced = trace_program("rma_threads", kRanks, MPISIGHT_RMA_THREADS_PROGRAM, "rma_threads: OK\n");
  const trace::Trace& trace = traced.trace;
  for (int r = 0; r < kRanks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto right = static_cast<std::uint32_t>((r + 1) % kRanks);
    const trace::LocationId main = thread_location(r, 0);
    const trace::LocationId issuer = thread_location(r, 1);
    const trace::LocationId flusher = thread_location(r, 2);

    // Thread A: a put to disp 0 and a get from disp 1 of the right neighbour, completed nowhere on A.
    const auto issued = trace.events_of<trace::RmaOp>(issuer);
    ASSERT_EQ(issued.size(), 2U);
    EXPECT_EQ(issued[0].kind, trace::RmaOpKind::kPut);
    EXPECT_EQ(issued[0].bytes_sent, 4U);
    EXPECT_EQ(issued[0].target_disp, 0U);
    EXPECT_EQ(issued[1].kind, trace::RmaOpKind::kGet);
    EXPECT_EQ(issued[1].bytes_received, 4U);
    EXPECT_EQ(issued[1].target_disp, 1U);
    for (const trace::RmaOp& op : issued) {
      EXPECT_EQ(op.remote, right);
    }
    EXPECT_TRUE(trace.events_of<trace::RmaOpComplete>(issuer).empty());

    // The main thread's flush completes both, on the main thread's location, as it leaves.
    const auto completed_by_main = trace.events_of<trace::RmaOpComplete>(main);
    ASSERT_EQ(completed_by_main.size(), 2U) << "the flush, and nothing at unlock_all";
    EXPECT_EQ(matching_ids(completed_by_main),
              (std::vector<std::uint64_t>{issued[0].matching_id, issued[1].matching_id}));
    const std::int64_t flushed = leave_of(trace, main, "MPI_Win_flush");
    for (const trace::RmaOpComplete& done : completed_by_main) {
      EXPECT_EQ(done.time_ns, flushed);
      EXPECT_EQ(done.win, issued[0].win);
    }

    // The main thread's own put (disp 2) is completed by thread B's flush_all, on B's location.
    const auto own = trace.events_of<trace::RmaOp>(main);
    ASSERT_EQ(own.size(), 1U);
    EXPECT_EQ(own[0].kind, trace::RmaOpKind::kPut);
    EXPECT_EQ(own[0].target_disp, 2U);
    EXPECT_EQ(own[0].remote, right);
    const auto completed_by_b = trace.events_of<trace::RmaOpComplete>(flusher);
    ASSERT_EQ(completed_by_b.size(), 1U);
    EXPECT_EQ(completed_by_b[0].matching_id, own[0].matching_id);
    EXPECT_EQ(completed_by_b[0].time_ns, leave_of(trace, flusher, "MPI_Win_flush_all"));
    EXPECT_TRUE(trace.events_of<trace::RmaOp>(flusher).empty());

    // Matching ids name one operation each in the whole process.
    const std::set<std::uint64_t> ids{issued[0].matching_id, issued[1].matching_id, own[0].matching_id};
    EXPECT_EQ(ids.size(), 3U);
  }
}

}  // namespace
}  // namespace mpisight::testkit
