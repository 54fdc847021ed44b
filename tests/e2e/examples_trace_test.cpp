// Traces each bundled example at several rank counts and checks the OTF2 records one by one.
#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <set>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

using trace::CollectiveOp;

void expect_world_layout(const trace::Trace& trace, int ranks) {
  ASSERT_EQ(trace.definitions.world_size(), static_cast<std::size_t>(ranks));
  const auto world = std::find_if(trace.definitions.comms.begin(), trace.definitions.comms.end(),
                                  [](const auto& entry) { return entry.second.name == "MPI_COMM_WORLD"; });
  ASSERT_NE(world, trace.definitions.comms.end());
  std::vector<trace::WorldRank> expected(static_cast<std::size_t>(ranks));
  for (int r = 0; r < ranks; ++r) {
    expected[static_cast<std::size_t>(r)] = static_cast<trace::WorldRank>(r);
  }
  EXPECT_EQ(world->second.world_ranks, expected);
  for (int r = 0; r < ranks; ++r) {
    const auto location = trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
    EXPECT_EQ(count_regions(trace, location, "MPI_Init"), 1U) << "rank " << r;
    EXPECT_EQ(count_regions(trace, location, "MPI_Finalize"), 1U) << "rank " << r;
  }
}

class ExampleTrace : public ::testing::TestWithParam<int> {};

TEST_P(ExampleTrace, RingRecordsEveryMessageWithPeerTagAndSize) {
  const int ranks = GetParam();
  const trace::Trace trace = trace_program("ring", ranks, example_path("ring")).trace;
  expect_world_layout(trace, ranks);
  constexpr int kIterations = 10;
  for (int r = 0; r < ranks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto location = trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
    const auto sends = trace.events_of<trace::MpiSend>(location);
    const auto recvs = trace.events_of<trace::MpiRecv>(location);
    ASSERT_EQ(sends.size(), static_cast<std::size_t>(kIterations));
    ASSERT_EQ(recvs.size(), static_cast<std::size_t>(kIterations));
    for (int i = 0; i < kIterations; ++i) {
      const auto bytes = static_cast<std::uint64_t>(16 + i) * 4U;
      EXPECT_EQ(sends[i].peer_world_rank, static_cast<trace::WorldRank>((r + 1) % ranks));
      EXPECT_EQ(sends[i].tag, static_cast<std::uint32_t>(i));
      EXPECT_EQ(sends[i].bytes, bytes);
      EXPECT_EQ(recvs[i].peer_world_rank, static_cast<trace::WorldRank>((r + ranks - 1) % ranks));
      EXPECT_EQ(recvs[i].tag, static_cast<std::uint32_t>(i));
      EXPECT_EQ(recvs[i].bytes, bytes);
    }
    EXPECT_EQ(count_regions(trace, location, "MPI_Send"), static_cast<std::size_t>(kIterations));
    EXPECT_EQ(count_regions(trace, location, "MPI_Recv"), static_cast<std::size_t>(kIterations));
  }
  EXPECT_EQ(expect_messages_matched(trace), static_cast<std::size_t>(ranks * kIterations));
}

TEST_P(ExampleTrace, AllreduceLoopRecordsEachCollectiveWithOpRootAndBytes) {
  const int ranks = GetParam();
  const trace::Trace trace = trace_program("allreduce_loop", ranks, example_path("allreduce_loop")).trace;
  expect_world_layout(trace, ranks);
  const auto p = static_cast<std::uint64_t>(ranks);
  for (int r = 0; r < ranks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto location = trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
    const auto ends = trace.events_of<trace::MpiCollectiveEnd>(location);
    EXPECT_EQ(trace.events_of<trace::MpiCollectiveBegin>(location).size(), ends.size());
    ASSERT_EQ(ends.size(), 22U);  // one bcast, 20 allreduces, one barrier, in that order
    EXPECT_EQ(ends.front().op, CollectiveOp::kBcast);
    EXPECT_EQ(ends.front().root_world_rank, 0U);
    EXPECT_EQ(ends.front().bytes_received, 32U * 4U);
    EXPECT_EQ(ends.front().bytes_sent, r == 0 ? std::uint64_t{32} * 4U * p : 0U);
    for (std::size_t i = 1; i <= 20; ++i) {
      EXPECT_EQ(ends[i].op, CollectiveOp::kAllreduce);
      EXPECT_EQ(ends[i].root, trace::kRootNone);
      EXPECT_EQ(ends[i].bytes_sent, std::uint64_t{8} * 8U * p);
      EXPECT_EQ(ends[i].bytes_received, std::uint64_t{8} * 8U * p);
      EXPECT_EQ(trace.definitions.comms.at(ends[i].comm).name, "MPI_COMM_WORLD");
    }
    EXPECT_EQ(ends.back().op, CollectiveOp::kBarrier);
    EXPECT_EQ(ends.back().bytes_sent + ends.back().bytes_received, 0U);
    // Each collective record sits inside the region of its own call.
    std::vector<std::string> enclosing;
    std::string current;
    for (const trace::Event& event : trace.events.at(location)) {
      if (const auto* enter = std::get_if<trace::Enter>(&event)) {
        current = trace.definitions.region_name(enter->region);
      } else if (std::holds_alternative<trace::MpiCollectiveEnd>(event)) {
        enclosing.push_back(current);
      }
    }
    EXPECT_EQ(enclosing.front(), "MPI_Bcast");
    EXPECT_EQ(std::count(enclosing.begin(), enclosing.end(), "MPI_Allreduce"), 20);
    EXPECT_EQ(enclosing.back(), "MPI_Barrier");
  }
}

TEST_P(ExampleTrace, HaloPairsEveryRequestFromStartToCompletion) {
  const int ranks = GetParam();
  const trace::Trace trace = trace_program("halo", ranks, example_path("halo")).trace;
  expect_world_layout(trace, ranks);
  constexpr int kIterations = 5;
  std::size_t messages = 0;
  for (int r = 0; r < ranks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto location = trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
    const int neighbours = (r > 0 ? 1 : 0) + (r < ranks - 1 ? 1 : 0);
    messages += static_cast<std::size_t>(neighbours * kIterations);
    const auto isends = trace.events_of<trace::MpiIsend>(location);
    const auto completes = trace.events_of<trace::MpiIsendComplete>(location);
    const auto requests = trace.events_of<trace::MpiIrecvRequest>(location);
    const auto irecvs = trace.events_of<trace::MpiIrecv>(location);
    ASSERT_EQ(isends.size(), static_cast<std::size_t>(neighbours * kIterations));
    ASSERT_EQ(completes.size(), isends.size());
    ASSERT_EQ(requests.size(), isends.size());
    ASSERT_EQ(irecvs.size(), isends.size());
    std::set<trace::RequestId> send_ids;
    for (const auto& isend : isends) {
      EXPECT_EQ(isend.bytes, 8U);
      // Tag 0 travels to the left neighbour, tag 1 to the right one.
      EXPECT_EQ(isend.peer_world_rank, static_cast<trace::WorldRank>(isend.tag == 0 ? r - 1 : r + 1));
      EXPECT_TRUE(send_ids.insert(isend.request).second) << "request id reused while pending";
    }
    for (const auto& complete : completes) {
      EXPECT_EQ(send_ids.erase(complete.request), 1U) << "completion of an unknown send request";
    }
    std::map<trace::RequestId, std::int64_t> started;
    for (const auto& request : requests) {
      started[request.request] = request.time_ns;
    }
    for (const auto& irecv : irecvs) {
      ASSERT_EQ(started.count(irecv.request), 1U) << "receive completed without a started request";
      EXPECT_LE(started[irecv.request], irecv.time_ns);
      EXPECT_EQ(irecv.bytes, 8U);
      EXPECT_EQ(irecv.peer_world_rank, static_cast<trace::WorldRank>(irecv.tag == 0 ? r + 1 : r - 1));
    }
    EXPECT_EQ(count_regions(trace, location, "MPI_Waitall"), static_cast<std::size_t>(kIterations));
  }
  EXPECT_EQ(expect_messages_matched(trace), messages);
}

INSTANTIATE_TEST_SUITE_P(Ranks, ExampleTrace, ::testing::Values(2, 4),
                         [](const auto& info) { return "np" + std::to_string(info.param); });

}  // namespace
}  // namespace mpisight::testkit
