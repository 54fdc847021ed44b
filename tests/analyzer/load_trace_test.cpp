// load_trace: every record type comes back with exactly the fields written, per location and in order, with
// peers and roots resolved to world ranks through the communicator definitions.
#include "trace/load_trace.hpp"

#include <gtest/gtest.h>
#include <vector>

#include "otf2_fixture.hpp"

namespace mpisight::trace {
namespace {

using testkit::Otf2ArchiveBuilder;
using testkit::TempDir;

constexpr CommId kWorld = Otf2ArchiveBuilder::kWorld;
constexpr CommId kSelf = Otf2ArchiveBuilder::kSelf;

TEST(LoadTrace, BlockingPointToPointRecordsCarryPeerTagBytesAndTime) {
  TempDir dir;
  const Trace trace = load_trace(testkit::write_ping_pong(dir.path()));

  const std::vector<MpiSend> sends = trace.events_of<MpiSend>(0);
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].location, 0u);
  EXPECT_EQ(sends[0].time_ns, 110);
  EXPECT_EQ(sends[0].comm, kWorld);
  EXPECT_EQ(sends[0].peer, 1u);
  EXPECT_EQ(sends[0].peer_world_rank, 1u);
  EXPECT_EQ(sends[0].tag, 7u);
  EXPECT_EQ(sends[0].bytes, 64u);

  const std::vector<MpiRecv> recvs = trace.events_of<MpiRecv>(1);
  ASSERT_EQ(recvs.size(), 1u);
  EXPECT_EQ(recvs[0].location, 1u);
  EXPECT_EQ(recvs[0].time_ns, 250);
  EXPECT_EQ(recvs[0].peer, 0u);
  EXPECT_EQ(recvs[0].peer_world_rank, 0u);
  EXPECT_EQ(recvs[0].tag, 7u);
  EXPECT_EQ(recvs[0].bytes, 64u);
}

TEST(LoadTrace, KeepsEachLocationsEventsInOrder) {
  TempDir dir;
  const Trace trace = load_trace(testkit::write_ping_pong(dir.path()));
  ASSERT_EQ(trace.events.size(), 2u);
  std::vector<std::int64_t> times;
  for (const Event& event : trace.events.at(0)) {
    times.push_back(event_time_ns(event));
  }
  EXPECT_EQ(times, (std::vector<std::int64_t>{100, 110, 300, 400, 900, 1000}));

  const std::vector<Enter> enters = trace.events_of<Enter>(1);
  ASSERT_EQ(enters.size(), 2u);
  EXPECT_EQ(trace.definitions.region_name(enters[0].region), "MPI_Recv");
  EXPECT_EQ(trace.definitions.region_name(enters[1].region), "MPI_Send");
  const std::vector<Leave> leaves = trace.events_of<Leave>(1);
  ASSERT_EQ(leaves.size(), 2u);
  EXPECT_EQ(leaves[0].time_ns, 260);
  EXPECT_EQ(leaves[0].region, enters[0].region);
}

TEST(LoadTrace, LocationsWithoutEventsAreListedEmpty) {
  TempDir dir;
  Otf2ArchiveBuilder builder(3);
  const RegionId init = builder.region("MPI_Init");
  builder.enter(1, 5, init).leave(1, 9, init);
  const Trace trace = load_trace(builder.write(dir.path()));
  ASSERT_EQ(trace.events.size(), 3u);
  EXPECT_TRUE(trace.events.at(0).empty());
  EXPECT_EQ(trace.events.at(1).size(), 2u);
  EXPECT_TRUE(trace.events.at(2).empty());
}

TEST(LoadTrace, ALocationWithoutEventsNeedsNoEventFile) {
  TempDir dir;
  Otf2ArchiveBuilder builder(2);
  const RegionId init = builder.region("MPI_Init");
  builder.enter(1, 5, init).leave(1, 9, init);
  builder.write(dir.path());
  std::filesystem::remove(testkit::event_file(dir.path(), 0));
  const Trace trace = load_trace(dir.path());
  EXPECT_TRUE(trace.events.at(0).empty());
  EXPECT_EQ(trace.events.at(1).size(), 2u);
}

TEST(LoadTrace, PeersOnASubCommunicatorResolveToWorldRanks) {
  TempDir dir;
  Otf2ArchiveBuilder builder(3);
  const CommId pair = builder.add_comm("pair", {2, 0});  // world 2 is rank 0 in `pair`, world 0 is rank 1
  builder.send(0, 10, /*receiver=*/0, 3, 16, pair);
  builder.recv(2, 20, /*sender=*/1, 3, 16, pair);
  const Trace trace = load_trace(builder.write(dir.path()));

  const MpiSend send = trace.events_of<MpiSend>(0).at(0);
  EXPECT_EQ(send.comm, pair);
  EXPECT_EQ(send.peer, 0u);
  EXPECT_EQ(send.peer_world_rank, 2u);
  const MpiRecv recv = trace.events_of<MpiRecv>(2).at(0);
  EXPECT_EQ(recv.peer, 1u);
  EXPECT_EQ(recv.peer_world_rank, 0u);
  EXPECT_EQ(trace.definitions.location_of(*recv.peer_world_rank), 0u);
}

TEST(LoadTrace, SelfCommunicatorPeerIsTheCallingRankEvenOnAThread) {
  TempDir dir;
  Otf2ArchiveBuilder builder(3);
  const LocationId thread = builder.add_thread(2, 1);
  builder.send(1, 10, 0, 1, 8, kSelf);
  builder.send(thread, 12, 0, 1, 8, kSelf);
  const Trace trace = load_trace(builder.write(dir.path()));
  EXPECT_EQ(trace.events_of<MpiSend>(1).at(0).peer_world_rank, 1u);
  EXPECT_EQ(trace.events_of<MpiSend>(thread).at(0).peer_world_rank, 2u);
}

TEST(LoadTrace, PeerOutsideTheCommunicatorHasNoWorldRank) {
  TempDir dir;
  Otf2ArchiveBuilder builder(2);
  builder.send(0, 10, /*receiver=*/5, 1, 8);
  const Trace trace = load_trace(builder.write(dir.path()));
  const MpiSend send = trace.events_of<MpiSend>(0).at(0);
  EXPECT_EQ(send.peer, 5u);
  EXPECT_EQ(send.peer_world_rank, std::nullopt);
}

TEST(LoadTrace, NonBlockingRecordsCarryTheirRequestIds) {
  TempDir dir;
  Otf2ArchiveBuilder builder(2);
  builder.isend(0, 10, 1, 4, 128, 1001).request_test(0, 20, 1001).isend_complete(0, 30, 1001);
  builder.irecv_request(1, 11, 2002).irecv(1, 40, 0, 4, 128, 2002);
  builder.irecv_request(1, 50, 2003).request_cancelled(1, 60, 2003);
  const Trace trace = load_trace(builder.write(dir.path()));

  const MpiIsend isend = trace.events_of<MpiIsend>(0).at(0);
  EXPECT_EQ(isend.time_ns, 10);
  EXPECT_EQ(isend.peer, 1u);
  EXPECT_EQ(isend.peer_world_rank, 1u);
  EXPECT_EQ(isend.tag, 4u);
  EXPECT_EQ(isend.bytes, 128u);
  EXPECT_EQ(isend.request, 1001u);
  const MpiRequestTest test = trace.events_of<MpiRequestTest>(0).at(0);
  EXPECT_EQ(test.time_ns, 20);
  EXPECT_EQ(test.request, 1001u);
  const MpiIsendComplete complete = trace.events_of<MpiIsendComplete>(0).at(0);
  EXPECT_EQ(complete.time_ns, 30);
  EXPECT_EQ(complete.request, 1001u);

  const std::vector<MpiIrecvRequest> posted = trace.events_of<MpiIrecvRequest>(1);
  ASSERT_EQ(posted.size(), 2u);
  EXPECT_EQ(posted[0].request, 2002u);
  EXPECT_EQ(posted[1].request, 2003u);
  const MpiIrecv irecv = trace.events_of<MpiIrecv>(1).at(0);
  EXPECT_EQ(irecv.time_ns, 40);
  EXPECT_EQ(irecv.peer_world_rank, 0u);
  EXPECT_EQ(irecv.tag, 4u);
  EXPECT_EQ(irecv.bytes, 128u);
  EXPECT_EQ(irecv.request, 2002u);
  const MpiRequestCancelled cancelled = trace.events_of<MpiRequestCancelled>(1).at(0);
  EXPECT_EQ(cancelled.time_ns, 60);
  EXPECT_EQ(cancelled.request, 2003u);
}

TEST(LoadTrace, CollectiveRecordsCarryOpRootAndSizes) {
  TempDir dir;
  Otf2ArchiveBuilder builder(3);
  const CommId pair = builder.add_comm("pair", {2, 0});
  builder.collective_begin(0, 100).collective_end(0, 180, CollectiveOp::kBcast, /*root=*/0, 0, 256, pair);
  builder.collective_begin(1, 100).collective_end(1, 150, CollectiveOp::kAllreduce, kRootNone, 8, 8);
  const Trace trace = load_trace(builder.write(dir.path()));

  EXPECT_EQ(trace.events_of<MpiCollectiveBegin>(0).at(0).time_ns, 100);
  const MpiCollectiveEnd bcast = trace.events_of<MpiCollectiveEnd>(0).at(0);
  EXPECT_EQ(bcast.time_ns, 180);
  EXPECT_EQ(bcast.op, CollectiveOp::kBcast);
  EXPECT_EQ(bcast.comm, pair);
  EXPECT_EQ(bcast.root, 0u);
  EXPECT_EQ(bcast.root_world_rank, 2u);
  EXPECT_EQ(bcast.bytes_sent, 0u);
  EXPECT_EQ(bcast.bytes_received, 256u);

  const MpiCollectiveEnd allreduce = trace.events_of<MpiCollectiveEnd>(1).at(0);
  EXPECT_EQ(allreduce.op, CollectiveOp::kAllreduce);
  EXPECT_EQ(allreduce.root, kRootNone);
  EXPECT_EQ(allreduce.root_world_rank, std::nullopt);
  EXPECT_EQ(allreduce.bytes_sent, 8u);
  EXPECT_EQ(allreduce.bytes_received, 8u);
}

TEST(LoadTrace, NonBlockingCollectivesPairARequestWithACompletion) {
  TempDir dir;
  Otf2ArchiveBuilder builder(3);
  const CommId pair = builder.add_comm("pair", {2, 0});
  builder.collective_request(0, 100, 7001).request_test(0, 120, 7001);
  builder.collective_complete(0, 180, CollectiveOp::kScatter, /*root=*/0, 512, 256, 7001, pair);
  builder.collective_request(1, 100, 7002).collective_complete(1, 150, CollectiveOp::kBarrier, kRootNone, 0, 0, 7002);
  const Trace trace = load_trace(builder.write(dir.path()));

  const NonBlockingCollectiveRequest started = trace.events_of<NonBlockingCollectiveRequest>(0).at(0);
  EXPECT_EQ(started.time_ns, 100);
  EXPECT_EQ(started.request, 7001u);
  const NonBlockingCollectiveComplete scatter = trace.events_of<NonBlockingCollectiveComplete>(0).at(0);
  EXPECT_EQ(scatter.time_ns, 180);
  EXPECT_EQ(scatter.op, CollectiveOp::kScatter);
  EXPECT_EQ(scatter.comm, pair);
  EXPECT_EQ(scatter.root, 0u);
  EXPECT_EQ(scatter.root_world_rank, 2u);
  EXPECT_EQ(scatter.bytes_sent, 512u);
  EXPECT_EQ(scatter.bytes_received, 256u);
  EXPECT_EQ(scatter.request, 7001u);

  const NonBlockingCollectiveComplete barrier = trace.events_of<NonBlockingCollectiveComplete>(1).at(0);
  EXPECT_EQ(barrier.op, CollectiveOp::kBarrier);
  EXPECT_EQ(barrier.root_world_rank, std::nullopt);
  EXPECT_EQ(barrier.request, 7002u);
}

}  // namespace
}  // namespace mpisight::trace
