// The per-function profile: exact calls, inclusive times and bytes per rank and in total, from real archives.
#include "profile/profile.hpp"

#include <gtest/gtest.h>
#include <vector>

#include "otf2_fixture.hpp"
#include "trace/load_trace.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::analyzer {
namespace {

using testkit::Otf2ArchiveBuilder;
using testkit::TempDir;
using trace::CollectiveOp;
using trace::RegionId;

void expect_stats(const FunctionStats& stats, const std::string& name, std::uint64_t calls, std::uint64_t total_ns,
                  std::uint64_t min_ns, std::uint64_t max_ns, std::uint64_t bytes) {
  SCOPED_TRACE(name);
  EXPECT_EQ(stats.name, name);
  EXPECT_EQ(stats.calls, calls);
  EXPECT_EQ(stats.total_ns, total_ns);
  EXPECT_EQ(stats.min_ns, min_ns);
  EXPECT_EQ(stats.max_ns, max_ns);
  EXPECT_EQ(stats.bytes, bytes);
}

Profile profile_of(const Otf2ArchiveBuilder& builder) {
  TempDir dir;
  return build_profile(trace::load_trace(builder.write(dir.path())));
}

TEST(Profile, PingPongPerRankAndTotal) {
  TempDir dir;
  const Profile profile = build_profile(trace::load_trace(testkit::write_ping_pong(dir.path())));

  ASSERT_EQ(profile.ranks.size(), 2u);
  EXPECT_EQ(profile.ranks[0].rank, 0u);
  ASSERT_EQ(profile.ranks[0].functions.size(), 2u);
  expect_stats(profile.ranks[0].functions[0], "MPI_Recv", 1, 600, 600, 600, 32);
  expect_stats(profile.ranks[0].functions[1], "MPI_Send", 1, 200, 200, 200, 64);
  EXPECT_EQ(profile.ranks[1].rank, 1u);
  ASSERT_EQ(profile.ranks[1].functions.size(), 2u);
  expect_stats(profile.ranks[1].functions[0], "MPI_Recv", 1, 210, 210, 210, 64);
  expect_stats(profile.ranks[1].functions[1], "MPI_Send", 1, 100, 100, 100, 32);

  ASSERT_EQ(profile.total.size(), 2u);
  expect_stats(profile.total[0], "MPI_Recv", 2, 810, 210, 600, 96);
  expect_stats(profile.total[1], "MPI_Send", 2, 300, 100, 200, 96);
  EXPECT_DOUBLE_EQ(profile.total[0].mean_ns(), 405.0);
  EXPECT_EQ(profile.unmatched_events, 0u);
}

TEST(Profile, RepeatedCallsGiveMinMaxMean) {
  Otf2ArchiveBuilder builder(1);
  const RegionId barrier = builder.region("MPI_Barrier", trace::RegionRole::kBarrier);
  builder.enter(0, 0, barrier).leave(0, 10, barrier);
  builder.enter(0, 100, barrier).leave(0, 160, barrier);
  builder.enter(0, 200, barrier).leave(0, 220, barrier);
  const Profile profile = profile_of(builder);
  ASSERT_EQ(profile.total.size(), 1u);
  expect_stats(profile.total[0], "MPI_Barrier", 3, 90, 10, 60, 0);
  EXPECT_DOUBLE_EQ(profile.total[0].mean_ns(), 30.0);
}

TEST(Profile, CollectiveBytesAreSentPlusReceived) {
  Otf2ArchiveBuilder builder(2);
  const RegionId allreduce = builder.region("MPI_Allreduce", trace::RegionRole::kCollAll2All);
  for (trace::LocationId rank : {0u, 1u}) {
    builder.enter(rank, 10, allreduce)
        .collective_begin(rank, 11)
        .collective_end(rank, 40, CollectiveOp::kAllreduce, trace::kRootNone, 8, 8)
        .leave(rank, 41, allreduce);
  }
  const Profile profile = profile_of(builder);
  expect_stats(profile.ranks[1].functions.at(0), "MPI_Allreduce", 1, 31, 31, 31, 16);
  expect_stats(profile.total.at(0), "MPI_Allreduce", 2, 62, 31, 31, 32);
}

TEST(Profile, NonBlockingBytesCountWhereTheRecordIs) {
  // MpiIsend sits in MPI_Isend; the MpiIrecv completion record sits in MPI_Wait, so its bytes count there.
  Otf2ArchiveBuilder builder(2);
  const RegionId isend = builder.region("MPI_Isend");
  const RegionId irecv = builder.region("MPI_Irecv");
  const RegionId wait = builder.region("MPI_Wait");
  builder.enter(0, 0, isend).isend(0, 1, 1, 5, 100, 7).leave(0, 2, isend);
  builder.enter(0, 10, wait).isend_complete(0, 15, 7).leave(0, 20, wait);
  builder.enter(1, 0, irecv).irecv_request(1, 1, 9).leave(1, 3, irecv);
  builder.enter(1, 10, wait).irecv(1, 25, 0, 5, 100, 9).leave(1, 30, wait);
  const Profile profile = profile_of(builder);

  ASSERT_EQ(profile.ranks.size(), 2u);
  expect_stats(profile.ranks[0].functions.at(0), "MPI_Wait", 1, 10, 10, 10, 0);
  expect_stats(profile.ranks[0].functions.at(1), "MPI_Isend", 1, 2, 2, 2, 100);
  expect_stats(profile.ranks[1].functions.at(0), "MPI_Wait", 1, 20, 20, 20, 100);
  expect_stats(profile.ranks[1].functions.at(1), "MPI_Irecv", 1, 3, 3, 3, 0);
}

TEST(Profile, OnlyMpiRegionsAreReportedButNestingIsKept) {
  Otf2ArchiveBuilder builder(1);
  const RegionId main = builder.region("main", trace::RegionRole::kFunction, trace::Paradigm::kUser);
  const RegionId send = builder.region("MPI_Send");
  builder.enter(0, 0, main).enter(0, 10, send).send(0, 12, 0, 1, 4, Otf2ArchiveBuilder::kSelf);
  builder.leave(0, 30, send).leave(0, 100, main);
  const Profile profile = profile_of(builder);
  ASSERT_EQ(profile.total.size(), 1u);
  expect_stats(profile.total[0], "MPI_Send", 1, 20, 20, 20, 4);
  EXPECT_EQ(profile.unmatched_events, 0u);
}

TEST(Profile, ThreadsCountTowardTheirRank) {
  Otf2ArchiveBuilder builder(2);
  const trace::LocationId thread = builder.add_thread(1, 2);
  const RegionId probe = builder.region("MPI_Iprobe");
  builder.enter(1, 0, probe).leave(1, 5, probe);
  builder.enter(thread, 0, probe).leave(thread, 7, probe);
  const Profile profile = profile_of(builder);
  ASSERT_EQ(profile.ranks.size(), 1u);
  EXPECT_EQ(profile.ranks[0].rank, 1u);
  expect_stats(profile.ranks[0].functions.at(0), "MPI_Iprobe", 2, 12, 5, 7, 0);
}

TEST(Profile, UnpairedEnterAndLeaveAreCountedNotProfiled) {
  Otf2ArchiveBuilder builder(1);
  const RegionId send = builder.region("MPI_Send");
  const RegionId recv = builder.region("MPI_Recv");
  builder.leave(0, 5, recv);                      // Leave with no Enter
  builder.enter(0, 10, send).enter(0, 12, recv);  // MPI_Recv is never left...
  builder.leave(0, 20, send);                     // ...so MPI_Send's Leave closes it
  builder.enter(0, 30, send);                     // still open at the end
  const Profile profile = profile_of(builder);
  ASSERT_EQ(profile.total.size(), 1u);
  expect_stats(profile.total[0], "MPI_Send", 1, 10, 10, 10, 0);
  EXPECT_EQ(profile.unmatched_events, 3u);
}

TEST(Profile, StreamingAndInMemoryGiveTheSameProfile) {
  TempDir dir;
  const auto anchor = testkit::write_ping_pong(dir.path());
  trace::TraceReader reader(anchor);
  ProfileBuilder streamed(reader.definitions());
  EventPass* passes[] = {&streamed};
  run_passes(reader, passes);
  const Profile from_stream = streamed.finish();
  const Profile from_memory = build_profile(trace::load_trace(anchor));

  ASSERT_EQ(from_stream.total.size(), from_memory.total.size());
  for (std::size_t i = 0; i < from_stream.total.size(); ++i) {
    const FunctionStats& m = from_memory.total[i];
    expect_stats(from_stream.total[i], m.name, m.calls, m.total_ns, m.min_ns, m.max_ns, m.bytes);
  }
}

}  // namespace
}  // namespace mpisight::analyzer
