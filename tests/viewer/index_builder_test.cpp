// The index built from real OTF2 archives: lanes, spans with depth and family, matched messages, joined collectives.
#include "index/index_builder.hpp"

#include <gtest/gtest.h>

#include "otf2_fixture.hpp"
#include "temp_dir.hpp"
#include "trace/trace_error.hpp"
#include "viewer_fixtures.hpp"

namespace mpisight::viewer {
namespace {

using testkit::kHostileComm;
using testkit::kHostileRegion;

const Span& span_named(const TraceIndex& index, LaneId lane, const std::string& name, std::size_t nth = 0) {
  for (auto s = index.lanes[lane].span_begin; s < index.lanes[lane].span_end; ++s) {
    if (index.regions[index.spans[s].region].name == name && nth-- == 0) {
      return index.spans[s];
    }
  }
  throw std::runtime_error("no span " + name);
}

TEST(IndexBuilder, OneLanePerRankInRankOrder) {
  testkit::TempDir dir;
  const TraceIndex index = build_index(testkit::write_hostile_trace(dir.path()));
  ASSERT_EQ(index.lanes.size(), 4U);
  for (LaneId lane = 0; lane < 4; ++lane) {
    EXPECT_EQ(index.lanes[lane].rank, lane);
    EXPECT_EQ(index.lanes[lane].thread, 0U);
  }
  EXPECT_EQ(index.begin_ns, 0);
  EXPECT_EQ(index.end_ns, 100000);
}

TEST(IndexBuilder, SpansCarryTimesDepthFamilyAndName) {
  testkit::TempDir dir;
  const TraceIndex index = build_index(testkit::write_hostile_trace(dir.path()));
  ASSERT_EQ(index.lanes[0].span_end - index.lanes[0].span_begin, 4U);  // main, hostile call, allreduce, barrier
  const Span& main_span = index.spans[index.lanes[0].span_begin];
  EXPECT_EQ(index.regions[main_span.region].name, "main");
  EXPECT_EQ(main_span.family, Family::kUser);
  EXPECT_EQ(main_span.depth, 0U);
  EXPECT_EQ(main_span.end_ns, 100000);
  const Span& hostile = span_named(index, 0, kHostileRegion);
  EXPECT_EQ(hostile.start_ns, 1000);
  EXPECT_EQ(hostile.end_ns, 2000);
  EXPECT_EQ(hostile.depth, 1U);
  EXPECT_EQ(hostile.family, Family::kP2p);
  const Span& allreduce = span_named(index, 3, "MPI_Allreduce");
  EXPECT_EQ(allreduce.start_ns, 10300);
  EXPECT_EQ(allreduce.end_ns, 20035);
  EXPECT_EQ(allreduce.family, Family::kCollective);
  // Spans of a lane are in start order.
  for (const LaneInfo& lane : index.lanes) {
    for (auto s = lane.span_begin + 1; s < lane.span_end; ++s) {
      EXPECT_LE(index.spans[s - 1].start_ns, index.spans[s].start_ns);
    }
  }
}

TEST(IndexBuilder, MessagesAreMatchedBetweenTheRightLanesAndCalls) {
  testkit::TempDir dir;
  const TraceIndex index = build_index(testkit::write_hostile_trace(dir.path()));
  ASSERT_EQ(index.messages.size(), 2U);
  const Message& first = index.messages[0];  // sorted by send time
  EXPECT_EQ(first.send_lane, 0U);
  EXPECT_EQ(first.recv_lane, 1U);
  EXPECT_EQ(first.send_ns, 1100);
  EXPECT_EQ(first.recv_ns, 2500);
  EXPECT_EQ(first.bytes, 128U);
  EXPECT_EQ(first.tag, 5U);
  EXPECT_EQ(index.comms.at(first.comm).name, kHostileComm);
  EXPECT_EQ(&index.spans.at(first.send_span), &span_named(index, 0, kHostileRegion));
  EXPECT_EQ(&index.spans.at(first.recv_span), &span_named(index, 1, "MPI_Recv"));
  EXPECT_EQ(index.spans[first.send_span].links[0], 0U);
  const Message& second = index.messages[1];
  EXPECT_EQ(second.send_lane, 2U);
  EXPECT_EQ(second.recv_lane, 3U);
  EXPECT_EQ(second.tag, 6U);
  EXPECT_EQ(second.bytes, 64U);
  EXPECT_EQ(index.comms.at(second.comm).name, "MPI_COMM_WORLD");
  EXPECT_EQ(index.max_message_latency_ns, 1400);
}

TEST(IndexBuilder, CollectivesJoinAllParticipantsIntoOneInstance) {
  testkit::TempDir dir;
  const TraceIndex index = build_index(testkit::write_hostile_trace(dir.path()));
  ASSERT_EQ(index.collectives.size(), 2U);
  const Collective& allreduce = index.collectives[0];
  EXPECT_EQ(allreduce.op, static_cast<std::uint8_t>(trace::CollectiveOp::kAllreduce));
  EXPECT_EQ(allreduce.participants, 4U);
  EXPECT_EQ(allreduce.start_ns, 10000);
  EXPECT_EQ(allreduce.end_ns, 20030);
  EXPECT_EQ(allreduce.bytes, 4U * 16U);
  EXPECT_EQ(index.comms.at(allreduce.comm).name, "MPI_COMM_WORLD");
  EXPECT_EQ(index.comms.at(allreduce.comm).lanes, (std::vector<LaneId>{0, 1, 2, 3}));
  const Collective& barrier = index.collectives[1];
  EXPECT_EQ(index.comms.at(barrier.comm).name, kHostileComm);
  EXPECT_EQ(barrier.participants, 4U);
  EXPECT_EQ(barrier.end_ns, 31003);
  EXPECT_EQ(span_named(index, 2, "MPI_Barrier").links[0], 1U | kCollectiveLink);
}

TEST(IndexBuilder, ReceiveSeenBeforeItsSendStillMatchesAndUnmatchedSendsStayOpen) {
  testkit::TempDir dir;
  testkit::Otf2ArchiveBuilder builder(2);
  const auto recv = builder.region("MPI_Recv", trace::RegionRole::kPoint2Point);
  const auto send = builder.region("MPI_Send", trace::RegionRole::kPoint2Point);
  builder.enter(1, 10, recv).recv(1, 20, 0, 1, 8).leave(1, 30, recv);  // clock skew: receive stamped first
  builder.enter(0, 40, send).send(0, 50, 1, 1, 8).leave(0, 60, send);
  builder.enter(0, 70, send).send(0, 80, 1, 2, 8).leave(0, 90, send);  // never received
  const TraceIndex index = build_index(builder.write(dir.path()));
  ASSERT_EQ(index.messages.size(), 2U);
  EXPECT_EQ(index.messages[0].send_ns, 50);
  EXPECT_EQ(index.messages[0].recv_ns, 20);
  EXPECT_EQ(index.messages[0].recv_lane, 1U);
  EXPECT_EQ(index.messages[1].tag, 2U);
  EXPECT_EQ(index.messages[1].recv_lane, kNone);
}

TEST(IndexBuilder, ThreadsGetTheirOwnLaneAfterTheirRank) {
  testkit::TempDir dir;
  testkit::Otf2ArchiveBuilder builder(2);
  const auto thread = builder.add_thread(0, 1);
  const auto region = builder.region("work", trace::RegionRole::kFunction, trace::Paradigm::kUser);
  builder.enter(thread, 5, region).leave(thread, 6, region);
  const TraceIndex index = build_index(builder.write(dir.path()));
  ASSERT_EQ(index.lanes.size(), 3U);
  EXPECT_EQ(index.lanes[1].location, thread);
  EXPECT_EQ(index.lanes[1].rank, 0U);
  EXPECT_EQ(index.lanes[1].thread, 1U);
  EXPECT_EQ(index.lanes[2].rank, 1U);
}

TEST(IndexBuilder, UnreadableTraceThrowsTraceError) {
  testkit::TempDir dir;
  EXPECT_THROW((void)build_index(dir.path() / "missing.otf2"), trace::TraceError);
}

}  // namespace
}  // namespace mpisight::viewer
