// TraceReader: definitions as written, events merged in global time order, consumer exceptions passed through.
#include "trace/trace_reader.hpp"

#include <gtest/gtest.h>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "otf2_fixture.hpp"
#include "trace/load_trace.hpp"
#include "trace/trace_error.hpp"

namespace mpisight::trace {
namespace {

using testkit::Otf2ArchiveBuilder;
using testkit::TempDir;

TEST(TraceReader, ReadsExtraAttributesByNameAndSkipsForeignOnes) {
  TempDir dir;
  Otf2ArchiveBuilder builder(2);
  const RegionId send = builder.region("MPI_Send");
  const LocationId zero = 0;
  const LocationId one = 1;
  const TypeSignature four_ints{0x4c000405, 4};
  builder.enter(zero, 10, send)
      .add(MpiSend{.location = zero,
                   .time_ns = 20,
                   .comm = Otf2ArchiveBuilder::kWorld,
                   .peer = 1,
                   .tag = 5,
                   .bytes = 16,
                   .type = four_ints})
      .add(Leave{.location = zero, .time_ns = 30, .region = send, .return_code = 6});
  builder.add(MpiRecv{.location = one,
                      .time_ns = 40,
                      .comm = Otf2ArchiveBuilder::kWorld,
                      .peer = 0,
                      .tag = 5,
                      .bytes = 16,
                      .type = four_ints,
                      .requested_source = -2,
                      .requested_tag = 5});
  const Trace trace = load_trace(builder.write(dir.path()));
  const auto sends = trace.events_of<MpiSend>(zero);
  const auto leaves = trace.events_of<Leave>(zero);
  const auto receives = trace.events_of<MpiRecv>(one);
  ASSERT_EQ(sends.size(), 1U);
  ASSERT_EQ(leaves.size(), 1U);
  ASSERT_EQ(receives.size(), 1U);
  EXPECT_EQ(sends[0].type, four_ints);
  EXPECT_EQ(leaves[0].return_code, 6);
  EXPECT_EQ(receives[0].type, four_ints);
  EXPECT_EQ(receives[0].requested_source, -2);
  EXPECT_EQ(receives[0].requested_tag, 5);
  EXPECT_FALSE(trace.events_of<Enter>(zero).at(0).call_site.has_value());
}

TEST(TraceReader, ReadsClockPropertiesAsWritten) {
  TempDir dir;
  TraceReader reader(testkit::write_ping_pong(dir.path()));
  const ClockProperties& clock = reader.definitions().clock;
  EXPECT_TRUE(clock.defined);
  EXPECT_EQ(clock.timer_resolution, 1'000'000'000u);
  EXPECT_EQ(clock.global_offset, Otf2ArchiveBuilder::kGlobalOffsetTicks);
  EXPECT_EQ(clock.trace_length, 1001u);  // last event at 1000 ns, plus one tick
}

TEST(TraceReader, AcceptsTheDirectoryOrTheAnchorFile) {
  TempDir dir;
  const auto anchor = testkit::write_ping_pong(dir.path());
  EXPECT_EQ(TraceReader(dir.path()).anchor_path(), anchor);
  EXPECT_EQ(TraceReader(anchor).anchor_path(), anchor);
}

TEST(TraceReader, ReadsLocationsGroupsAndSystemTree) {
  TempDir dir;
  Otf2ArchiveBuilder builder(2);
  const LocationId worker = builder.add_thread(1, 3);
  const RegionId barrier = builder.region("MPI_Barrier", RegionRole::kBarrier);
  builder.enter(worker, 10, barrier).leave(worker, 20, barrier);
  TraceReader reader(builder.write(dir.path()));
  const TraceDefinitions& defs = reader.definitions();

  ASSERT_EQ(defs.locations.size(), 3u);
  const Location& thread = defs.locations.at(worker);
  EXPECT_EQ(worker, (LocationId{3} << 32) | 1u);
  EXPECT_EQ(thread.name, "Thread 3");
  EXPECT_EQ(thread.type, LocationType::kCpuThread);
  EXPECT_EQ(thread.number_of_events, 2u);
  EXPECT_EQ(thread.location_group, 1u);
  EXPECT_EQ(thread.world_rank, 1u);  // from its location group, not from the ID's bit layout
  EXPECT_EQ(defs.locations.at(0).name, "Master thread");
  EXPECT_EQ(defs.locations.at(0).number_of_events, 0u);

  ASSERT_EQ(defs.location_groups.size(), 2u);
  EXPECT_EQ(defs.location_groups.at(1).name, "MPI Rank 1");
  EXPECT_EQ(defs.location_groups.at(1).type, LocationGroupType::kProcess);
  EXPECT_EQ(defs.location_groups.at(1).system_tree_parent, 1u);
  EXPECT_EQ(defs.location_groups.at(1).world_rank, 1u);

  ASSERT_EQ(defs.system_tree_nodes.size(), 2u);
  EXPECT_EQ(defs.system_tree_nodes.at(0).name, "test machine");
  EXPECT_EQ(defs.system_tree_nodes.at(0).parent, std::nullopt);
  EXPECT_EQ(defs.system_tree_nodes.at(1).class_name, "node");
  EXPECT_EQ(defs.system_tree_nodes.at(1).parent, 0u);

  EXPECT_EQ(defs.world_size(), 2u);
  EXPECT_EQ(defs.rank_locations, (std::vector<LocationId>{0, 1}));
  EXPECT_EQ(defs.location_of(1), 1u);
  EXPECT_EQ(defs.location_of(2), std::nullopt);
  EXPECT_EQ(defs.world_rank_of(worker), 1u);
}

TEST(TraceReader, ReadsRegionsWithRoleAndParadigm) {
  TempDir dir;
  Otf2ArchiveBuilder builder(1);
  builder.region("MPI_Send", RegionRole::kPoint2Point);
  builder.region("MPI_Bcast", RegionRole::kCollOne2All);
  builder.region("main", RegionRole::kFunction, Paradigm::kUser);
  TraceReader reader(builder.write(dir.path()));
  const TraceDefinitions& defs = reader.definitions();

  ASSERT_EQ(defs.regions.size(), 3u);
  EXPECT_EQ(defs.regions.at(0).name, "MPI_Send");
  EXPECT_EQ(defs.regions.at(0).canonical_name, "MPI_Send");
  EXPECT_EQ(defs.regions.at(0).role, RegionRole::kPoint2Point);
  EXPECT_EQ(defs.regions.at(0).paradigm, Paradigm::kMpi);
  EXPECT_EQ(defs.regions.at(1).role, RegionRole::kCollOne2All);
  EXPECT_EQ(defs.regions.at(2).paradigm, Paradigm::kUser);
  EXPECT_EQ(defs.region_name(1), "MPI_Bcast");
  EXPECT_EQ(defs.region_name(9), "<region 9>");
}

TEST(TraceReader, ResolvesCommunicatorsToWorldRanks) {
  TempDir dir;
  Otf2ArchiveBuilder builder(3);
  const CommId reversed = builder.add_comm("reversed pair", {2, 0});
  TraceReader reader(builder.write(dir.path()));
  const TraceDefinitions& defs = reader.definitions();

  const Communicator& world = defs.comms.at(Otf2ArchiveBuilder::kWorld);
  EXPECT_EQ(world.name, "MPI_COMM_WORLD");
  EXPECT_FALSE(world.is_self);
  EXPECT_EQ(world.world_ranks, (std::vector<WorldRank>{0, 1, 2}));
  EXPECT_EQ(world.parent, std::nullopt);

  const Communicator& self = defs.comms.at(Otf2ArchiveBuilder::kSelf);
  EXPECT_EQ(self.name, "MPI_COMM_SELF");
  EXPECT_TRUE(self.is_self);
  EXPECT_TRUE(self.world_ranks.empty());

  const Communicator& pair = defs.comms.at(reversed);
  EXPECT_EQ(pair.name, "reversed pair");
  EXPECT_EQ(pair.world_ranks, (std::vector<WorldRank>{2, 0}));
  EXPECT_EQ(pair.parent, Otf2ArchiveBuilder::kWorld);
  EXPECT_EQ(defs.groups.at(pair.group).type, GroupType::kCommGroup);
  EXPECT_EQ(defs.groups.at(pair.group).members, (std::vector<std::uint64_t>{2, 0}));

  EXPECT_EQ(defs.world_rank(reversed, 0, 1), 2u);
  EXPECT_EQ(defs.world_rank(reversed, 1, 1), 0u);
  EXPECT_EQ(defs.world_rank(reversed, 2, 1), std::nullopt);
  EXPECT_EQ(defs.world_rank(Otf2ArchiveBuilder::kSelf, 0, 2), 2u);
  EXPECT_EQ(defs.world_rank(99, 0, 0), std::nullopt);
}

TEST(TraceReader, DeliversEventsInGlobalTimeOrder) {
  TempDir dir;
  TraceReader reader(testkit::write_ping_pong(dir.path()));
  std::vector<std::tuple<LocationId, std::int64_t, std::size_t>> seen;  // location, time, Event alternative
  reader.read_events(
      [&](const Event& event) { seen.emplace_back(event_location(event), event_time_ns(event), event.index()); });

  const std::size_t enter = Event(Enter{}).index();
  const std::size_t leave = Event(Leave{}).index();
  const std::size_t send = Event(MpiSend{}).index();
  const std::size_t recv = Event(MpiRecv{}).index();
  const std::vector<std::tuple<LocationId, std::int64_t, std::size_t>> expected = {
      {1, 50, enter},  {0, 100, enter}, {0, 110, send}, {1, 250, recv},  {1, 260, leave}, {0, 300, leave},
      {0, 400, enter}, {1, 500, enter}, {1, 510, send}, {1, 600, leave}, {0, 900, recv},  {0, 1000, leave},
  };
  EXPECT_EQ(seen, expected);
}

TEST(TraceReader, ConsumerExceptionStopsTheReadAndPropagatesUnchanged) {
  TempDir dir;
  TraceReader reader(testkit::write_ping_pong(dir.path()));
  int calls = 0;
  const auto throw_on_third = [&](const Event&) {
    if (++calls == 3) {
      throw std::out_of_range("consumer gave up");
    }
  };
  EXPECT_THROW(reader.read_events(throw_on_third), std::out_of_range);
  EXPECT_EQ(calls, 3);
}

TEST(TraceReader, ReadEventsTwiceIsALogicError) {
  TempDir dir;
  TraceReader reader(testkit::write_ping_pong(dir.path()));
  reader.read_events([](const Event&) {});
  EXPECT_THROW(reader.read_events([](const Event&) {}), std::logic_error);
}

}  // namespace
}  // namespace mpisight::trace
