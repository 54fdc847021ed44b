// Eight threads per rank calling MPI at once under MPI_THREAD_MULTIPLE: every thread is its own location and
// keeps every record (regions, messages, request completions), also when all of them switch chunks at once.
#include <gtest/gtest.h>
#include <map>
#include <set>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

constexpr int kRanks = 2;
constexpr std::uint32_t kThreads = 8;

// Bytes of round `round`'s message: the program sends 1 + round % 3 ints.
std::uint64_t round_bytes(std::size_t round) {
  return 4 * (1 + round % 3);
}

// One worker thread's location: `rounds` exchanges with tag `tag`, each request completed where it started.
void expect_worker(const trace::Trace& trace, trace::LocationId location, std::size_t rounds, trace::WorldRank peer) {
  for (const auto& [name, per_round] : std::map<std::string, std::size_t>{
           {"MPI_Isend", 1}, {"MPI_Irecv", 1}, {"MPI_Wait", 2}, {"MPI_Comm_rank", 1}, {"MPI_Wtime", 1}}) {
    EXPECT_EQ(count_regions(trace, location, name), rounds * per_round) << name << " at location " << location;
  }
  EXPECT_EQ(trace.events_of<trace::Enter>(location).size(), trace.events_of<trace::Leave>(location).size());
  const auto isends = trace.events_of<trace::MpiIsend>(location);
  const auto irecvs = trace.events_of<trace::MpiIrecv>(location);
  ASSERT_EQ(isends.size(), rounds);
  ASSERT_EQ(irecvs.size(), rounds);
  const std::uint32_t tag = isends.front().tag;
  std::set<trace::RequestId> started;
  for (std::size_t round = 0; round < rounds; ++round) {
    EXPECT_EQ(isends[round].tag, tag);
    EXPECT_EQ(isends[round].peer_world_rank, peer);
    EXPECT_EQ(isends[round].bytes, round_bytes(round)) << "round " << round;
    EXPECT_EQ(irecvs[round].tag, tag);
    EXPECT_EQ(irecvs[round].peer_world_rank, peer);
    EXPECT_EQ(irecvs[round].bytes, round_bytes(round)) << "round " << round;
    started.insert(isends[round].request);
  }
  for (const auto& request : trace.events_of<trace::MpiIrecvRequest>(location)) {
    EXPECT_TRUE(started.insert(request.request).second) << "request id reused";
  }
  EXPECT_EQ(started.size(), 2 * rounds);
  // Completions name requests this thread started (another thread's request would mean a mixed-up lookup).
  std::size_t completed = 0;
  for (const auto& done : trace.events_of<trace::MpiIsendComplete>(location)) {
    completed += started.erase(done.request);
  }
  for (const auto& done : irecvs) {
    completed += started.erase(done.request);
  }
  EXPECT_EQ(completed, 2 * rounds) << "location " << location << " completed requests it did not start";
}

void expect_storm(const trace::Trace& trace, std::size_t rounds) {
  for (int rank = 0; rank < kRanks; ++rank) {
    const auto me = static_cast<trace::WorldRank>(rank);
    const trace::LocationId main_thread = trace.definitions.location_of(me).value();
    std::set<std::uint32_t> tags;
    std::size_t workers = 0;
    for (const auto& [id, location] : trace.definitions.locations) {
      if (location.world_rank != me || id == main_thread) {
        continue;
      }
      ++workers;
      SCOPED_TRACE("rank " + std::to_string(rank) + " location " + std::to_string(id));
      expect_worker(trace, id, rounds, 1 - me);
      const auto isends = trace.events_of<trace::MpiIsend>(id);
      if (!isends.empty()) {
        tags.insert(isends.front().tag);
      }
    }
    EXPECT_EQ(workers, kThreads) << "rank " << rank;
    EXPECT_EQ(tags, (std::set<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7})) << "one tag per thread";
    EXPECT_TRUE(trace.events_of<trace::MpiIsend>(main_thread).empty());
  }
  EXPECT_EQ(expect_messages_matched(trace), kRanks * kThreads * rounds);
}

TEST(ThreadStorm, EightThreadsPerRankLoseNoRecord) {
  constexpr std::size_t kRounds = 400;
  const auto traced = trace_program("thread-storm", kRanks, MPISIGHT_THREAD_STORM_PROGRAM, "thread_storm: OK\n",
                                    {std::to_string(kRounds)});
  expect_storm(traced.trace, kRounds);
}

// 64 KiB windows fill about every 200 rounds (~330 bytes each): all threads switch chunks while the others keep
// writing.
TEST(ThreadStorm, ConcurrentChunkSwitchesLoseNoRecord) {
  constexpr std::size_t kRounds = 300;
  const auto traced = trace_program("thread-storm-chunks", kRanks, MPISIGHT_THREAD_STORM_PROGRAM, "thread_storm: OK\n",
                                    {std::to_string(kRounds)}, {{"MPISIGHT_CHUNK_KB", "64"}});
  expect_storm(traced.trace, kRounds);
  EXPECT_EQ(count_lines_containing(traced.err, "tracing stopped"), 0U) << traced.err;
}

}  // namespace
}  // namespace mpisight::testkit
