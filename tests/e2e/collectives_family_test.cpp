// Every collective traced at 3 ranks with root 1, checked per rank: operation, root, and the bytes sent and
// received by Score-P's conventions (see interpose/semantics/collectives.hpp), including MPI_IN_PLACE forms. The same
// program built with nonblocking and with persistent collectives must record the same operations, each as a request
// paired with its completion.
#include <cstdio>
#include <gtest/gtest.h>
#include <map>
#include <mpi.h>
#include <set>
#include <string>

#include "request_pairs.hpp"
#include "schema/peer_counts.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

using trace::CollectiveOp;

std::string fmt_hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "%llx", static_cast<unsigned long long>(value));
  return text;
}

struct Expected {
  CollectiveOp op;
  bool rooted;
  std::uint64_t sent;
  std::uint64_t received;
};

// The program's collectives in order, for rank r of 3 (4-byte ints; rank r contributes r + 1 ints to v-forms).
std::vector<Expected> expected_for(std::uint64_t r) {
  const bool root = r == 1;
  return {
      {CollectiveOp::kBcast, true, root ? 60U : 0U, 20},
      {CollectiveOp::kGather, true, 8, root ? 24U : 0U},
      {CollectiveOp::kGatherv, true, 4 * (r + 1), root ? 24U : 0U},
      {CollectiveOp::kScatter, true, root ? 36U : 0U, 12},
      {CollectiveOp::kScatterv, true, root ? 24U : 0U, 4 * (r + 1)},
      {CollectiveOp::kAllgather, false, 24, 24},
      {CollectiveOp::kAllgather, false, 16, 16},  // in place: the own block does not move
      {CollectiveOp::kAllgatherv, false, 12 * (r + 1), 24},
      {CollectiveOp::kAlltoall, false, 12, 12},
      {CollectiveOp::kAlltoallv, false, 24, 12 * (r + 1)},
      {CollectiveOp::kAlltoallw, false, 24, 12 * (r + 1)},
      {CollectiveOp::kReduce, true, 16, root ? 48U : 0U},
      {CollectiveOp::kReduce, true, root ? 0U : 16U, root ? 32U : 0U},  // the root reduces in place
      {CollectiveOp::kAllreduce, false, 48, 48},
      {CollectiveOp::kReduceScatter, false, 24, 12 * (r + 1)},
      {CollectiveOp::kReduceScatterBlock, false, 24, 24},
      {CollectiveOp::kScan, false, 4, 4},
      {CollectiveOp::kExscan, false, 4, 4},
      {CollectiveOp::kBarrier, false, 0, 0},
      {CollectiveOp::kAllreduce, false, 12, 12},  // the program's own error count
  };
}

TEST(CollectiveFamily, EveryBlockingCollectiveHasOpRootAndBytes) {
  const trace::Trace trace = trace_program("collectives", 3, MPISIGHT_COLLECTIVES_PROGRAM, "collectives: OK\n").trace;
  for (std::uint64_t r = 0; r < 3; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto location = trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
    const auto ends = trace.events_of<trace::MpiCollectiveEnd>(location);
    EXPECT_EQ(trace.events_of<trace::MpiCollectiveBegin>(location).size(), ends.size());
    const std::vector<Expected> expected = expected_for(r);
    ASSERT_EQ(ends.size(), expected.size());
    for (std::size_t i = 0; i < ends.size(); ++i) {
      SCOPED_TRACE("collective #" + std::to_string(i));
      EXPECT_EQ(ends[i].op, expected[i].op);
      EXPECT_EQ(ends[i].bytes_sent, expected[i].sent);
      EXPECT_EQ(ends[i].bytes_received, expected[i].received);
      if (expected[i].rooted) {
        EXPECT_EQ(ends[i].root_world_rank, 1U);
      } else {
        EXPECT_EQ(ends[i].root, trace::kRootNone);
      }
      EXPECT_EQ(trace.definitions.comms.at(ends[i].comm).name, "MPI_COMM_WORLD");
    }
  }
}

// "1 2 3" for a PeerCounts vector; "" when the event has none.
std::string text_of(const trace::PeerCounts& counts) {
  if (!counts) {
    return "";
  }
  std::vector<std::uint64_t> elements;
  std::vector<std::uint64_t> signatures;
  for (const schema::PeerCount& entry : *counts) {
    elements.push_back(entry.elements);
    if (entry.signature != 0) {
      signatures.push_back(entry.signature);
    }
  }
  return schema::format_peer_counts(elements, signatures);
}

// The v and w forms carry their counts arrays per peer (schema kSendCounts/kRecvCounts): counts = {1, 2, 3}, rank r
// receives r + 1 ints from every rank in Alltoallv/w.
TEST(CollectiveFamily, VAndWFormsRecordTheirCountsPerPeer) {
  const trace::Trace trace = trace_program("collectives", 3, MPISIGHT_COLLECTIVES_PROGRAM, "collectives: OK\n").trace;
  const std::string mpi_int = fmt_hex(static_cast<std::uint32_t>(MPI_INT));
  for (std::uint64_t r = 0; r < 3; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const bool root = r == 1;
    const std::string own = std::to_string(r + 1);
    const auto ends = trace.events_of<trace::MpiCollectiveEnd>(
        trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value());
    ASSERT_EQ(ends.size(), expected_for(r).size());
    std::map<CollectiveOp, std::pair<std::string, std::string>> seen;
    for (const trace::MpiCollectiveEnd& end : ends) {
      if (end.send_counts || end.recv_counts) {
        seen[end.op] = {text_of(end.send_counts), text_of(end.recv_counts)};
      } else {
        EXPECT_NE(end.op, CollectiveOp::kAlltoallv) << "every rank has both sides of an Alltoallv";
      }
    }
    std::map<CollectiveOp, std::pair<std::string, std::string>> expected = {
        {CollectiveOp::kAllgatherv, {"", "1 2 3"}},
        {CollectiveOp::kAlltoallv, {"1 2 3", own + " " + own + " " + own}},
        {CollectiveOp::kAlltoallw,
         {"1:" + mpi_int + " 2:" + mpi_int + " 3:" + mpi_int,
          own + ":" + mpi_int + " " + own + ":" + mpi_int + " " + own + ":" + mpi_int}},
        {CollectiveOp::kReduceScatter, {"", "1 2 3"}}};
    if (root) {
      expected[CollectiveOp::kGatherv] = {"", "1 2 3"};
      expected[CollectiveOp::kScatterv] = {"1 2 3", ""};
    }
    EXPECT_EQ(seen, expected);
  }
}

void expect_collective(std::uint32_t root, const std::optional<trace::WorldRank>& root_world_rank, CollectiveOp op,
                       std::uint64_t sent, std::uint64_t received, const Expected& expected) {
  EXPECT_EQ(op, expected.op);
  EXPECT_EQ(sent, expected.sent);
  EXPECT_EQ(received, expected.received);
  if (expected.rooted) {
    EXPECT_EQ(root_world_rank, 1U);
  } else {
    EXPECT_EQ(root, trace::kRootNone);
  }
}

// The request-based builds: the blocking sequence (but the program's own error count, which stays blocking) and
// then `more`, each collective a request paired with a completion carrying operation, root and bytes.
void expect_collective_requests(const trace::Trace& trace, const std::vector<Expected> (&more)[3]) {
  for (std::uint64_t r = 0; r < 3; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto location = trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
    std::vector<Expected> expected = expected_for(r);
    const Expected error_count = expected.back();
    expected.pop_back();
    expected.insert(expected.end(), more[r].begin(), more[r].end());

    const std::vector<RequestPair> pairs = pair_requests(trace, location);
    ASSERT_EQ(pairs.size(), expected.size());
    std::set<trace::RequestId> ids;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      SCOPED_TRACE("collective #" + std::to_string(i));
      ids.insert(std::get<trace::NonBlockingCollectiveRequest>(pairs[i].start).request);
      ASSERT_TRUE(pairs[i].end.has_value()) << "never completed";
      const auto& done = std::get<trace::NonBlockingCollectiveComplete>(*pairs[i].end);
      expect_collective(done.root, done.root_world_rank, done.op, done.bytes_sent, done.bytes_received, expected[i]);
      EXPECT_EQ(trace.definitions.comms.at(done.comm).name, "MPI_COMM_WORLD");
    }
    EXPECT_EQ(ids.size(), pairs.size()) << "every start has its own request id";

    const auto ends = trace.events_of<trace::MpiCollectiveEnd>(location);
    ASSERT_EQ(ends.size(), 1U) << "only the error count is blocking";
    expect_collective(ends[0].root, ends[0].root_world_rank, ends[0].op, ends[0].bytes_sent, ends[0].bytes_received,
                      error_count);
  }
}

TEST(CollectiveFamily, EveryNonblockingCollectiveIsARequestCompletedWithOpRootAndBytes) {
  const trace::Trace trace =
      trace_program("collectives-nonblocking", 3, MPISIGHT_COLLECTIVES_NONBLOCKING_PROGRAM, "collectives: OK\n").trace;
  // Then an Ibcast_c and an Iallreduce outstanding together, completed by one Waitall.
  const std::vector<Expected> more[3] = {
      {{CollectiveOp::kBcast, true, 0, 20}, {CollectiveOp::kAllreduce, false, 48, 48}},
      {{CollectiveOp::kBcast, true, 60, 20}, {CollectiveOp::kAllreduce, false, 48, 48}},
      {{CollectiveOp::kBcast, true, 0, 20}, {CollectiveOp::kAllreduce, false, 48, 48}},
  };
  expect_collective_requests(trace, more);
  const auto zero = trace.definitions.location_of(0).value();
  EXPECT_EQ(count_regions(trace, zero, "MPI_Ibcast_c"), 1U);
  EXPECT_EQ(count_regions(trace, zero, "MPI_Ireduce_scatter_block"), 1U);

  // The extra attributes ride on requests and completions as on blocking ends: the last completion is the
  // Iallreduce of 4 MPI_INT with MPI_SUM, and every request names the MPI_Request the program saw.
  for (const auto& request : trace.events_of<trace::NonBlockingCollectiveRequest>(zero)) {
    EXPECT_TRUE(request.request_handle.has_value());
  }
  const auto completions = trace.events_of<trace::NonBlockingCollectiveComplete>(zero);
  ASSERT_FALSE(completions.empty());
  const auto& allreduce = completions.back();
  EXPECT_EQ(allreduce.op, CollectiveOp::kAllreduce);
  EXPECT_EQ(allreduce.reduction_op, static_cast<std::uint32_t>(MPI_SUM));
  EXPECT_EQ(allreduce.send_type, (trace::TypeSignature{static_cast<std::uint32_t>(MPI_INT), 4}));
  EXPECT_EQ(allreduce.recv_type, (trace::TypeSignature{static_cast<std::uint32_t>(MPI_INT), 4}));
  EXPECT_TRUE(allreduce.request_handle.has_value());
  EXPECT_EQ(count_regions(trace, zero, "MPI_Ibarrier"), 1U);
}

TEST(CollectiveFamily, EveryStartOfAPersistentCollectiveIsARequestCompletedWithOpRootAndBytes) {
  const trace::Trace trace =
      trace_program("collectives-persistent", 3, MPISIGHT_COLLECTIVES_PERSISTENT_PROGRAM, "collectives: OK\n").trace;
  // Then one Allreduce_init_c started three times, and a Bcast_init with a Barrier_init started by Startall twice.
  std::vector<Expected> more[3];
  for (std::uint64_t r = 0; r < 3; ++r) {
    for (int round = 0; round < 3; ++round) {
      more[r].push_back({CollectiveOp::kAllreduce, false, 12, 12});
    }
    for (int round = 0; round < 2; ++round) {
      more[r].push_back({CollectiveOp::kBcast, true, r == 1 ? 24U : 0U, 8});
      more[r].push_back({CollectiveOp::kBarrier, false, 0, 0});
    }
  }
  expect_collective_requests(trace, more);
  const auto zero = trace.definitions.location_of(0).value();
  EXPECT_EQ(count_regions(trace, zero, "MPI_Start"), 19U + 3U);
  EXPECT_EQ(count_regions(trace, zero, "MPI_Startall"), 2U);
  EXPECT_EQ(count_regions(trace, zero, "MPI_Allreduce_init_c"), 1U);
  EXPECT_EQ(count_regions(trace, zero, "MPI_Reduce_scatter_block_init"), 1U);

  // Each init's Leave describes the collective it set up (MPI 4.0 orders inits like collectives): the blocking
  // sequence but the error count, then the Allreduce_init_c, Bcast_init and Barrier_init.
  for (std::uint64_t r = 0; r < 3; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    std::vector<Expected> expected = expected_for(r);
    expected.pop_back();
    expected.push_back({CollectiveOp::kAllreduce, false, 0, 0});
    expected.push_back({CollectiveOp::kBcast, true, 0, 0});
    expected.push_back({CollectiveOp::kBarrier, false, 0, 0});
    std::vector<std::shared_ptr<const trace::CollectiveInit>> inits;
    for (const trace::Leave& leave :
         trace.events_of<trace::Leave>(trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value())) {
      if (leave.collective_init) {
        inits.push_back(leave.collective_init);
      }
    }
    ASSERT_EQ(inits.size(), expected.size());
    for (std::size_t i = 0; i < inits.size(); ++i) {
      SCOPED_TRACE("init #" + std::to_string(i));
      EXPECT_EQ(inits[i]->op, expected[i].op);
      EXPECT_EQ(trace.definitions.comms.at(inits[i]->comm).name, "MPI_COMM_WORLD");
      if (expected[i].rooted) {
        EXPECT_EQ(inits[i]->root_world_rank, 1U);
      } else {
        EXPECT_EQ(inits[i]->root, trace::kRootNone);
      }
      if (inits[i]->op == CollectiveOp::kAlltoallv) {
        EXPECT_EQ(text_of(inits[i]->send_counts), "1 2 3");
      }
      if (inits[i]->op == CollectiveOp::kAllreduce) {
        EXPECT_EQ(inits[i]->reduction_op, static_cast<std::uint32_t>(MPI_SUM));
      }
    }
  }
}

}  // namespace
}  // namespace mpisight::testkit
