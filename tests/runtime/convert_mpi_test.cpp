// Multi-rank: each rank records journals on two threads, then all ranks convert them collectively; rank 0
// reads the archive back and checks every location, record and clock offset. ctest sets MPISIGHT_TRACE_DIR.
#include <filesystem>
#include <gtest/gtest.h>
#include <mpi.h>
#include <thread>

#include "core/clock_sync.hpp"
#include "core/function_info.hpp"
#include "core/journal_reader.hpp"
#include "core/recorder.hpp"
#include "otf2/convert.hpp"
#include "trace/load_trace.hpp"

namespace mpisight {
namespace {

std::uint32_t function_id(std::string_view name) {
  const std::optional<std::size_t> found = function_index(name);
  EXPECT_TRUE(found.has_value()) << name << " is not in the function table";
  return static_cast<std::uint32_t>(found.value_or(0));
}

void record_send(int peer, int tag, std::uint64_t bytes) {
  recorder::ThreadState& state = recorder::this_thread();
  const std::uint32_t send = function_id("MPI_Send");
  const std::uint64_t enter = clock::ticks();
  recorder::record(state, enter, journal::Enter{{.arg = send}, 0x1234});
  recorder::record(state, enter, journal::MpiSend{{.arg = journal::kCommWorld}, peer, tag, bytes, 0, 0});
  recorder::record_leave(state, clock::ticks(), send);
}

TEST(ParallelConversion, EveryRankWritesItsThreadsAndRankZeroTheDefinitions) {
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const std::string dir = recorder::settings().trace_dir;
  ASSERT_FALSE(dir.empty()) << "ctest sets MPISIGHT_TRACE_DIR";
  if (rank == 0) {
    std::filesystem::remove_all(dir);  // leftovers of an earlier run
  }
  MPI_Barrier(MPI_COMM_WORLD);

  recorder::set_world(rank, size);
  clock::synchronize(MPI_COMM_WORLD);
  record_send((rank + 1) % size, 7, 64 * static_cast<std::uint64_t>(rank + 1));
  std::thread([&] { record_send((rank + size - 1) % size, 8, 3); }).join();
  const std::vector<std::string> journals = recorder::own_journal_paths();
  ASSERT_EQ(journals.size(), 2U);

  otf2::convert_at_finalize(MPI_COMM_WORLD, dir, journals);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank != 0) {
    return;
  }
  const trace::Trace trace = trace::load_trace(dir + "/traces.otf2");
  ASSERT_EQ(trace.definitions.world_size(), static_cast<std::size_t>(size));
  ASSERT_EQ(trace.definitions.locations.size(), static_cast<std::size_t>(2 * size));
  for (int r = 0; r < size; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto main_thread = static_cast<trace::LocationId>(r);
    const auto worker = (trace::LocationId{1} << 32U) | static_cast<trace::LocationId>(r);
    ASSERT_EQ(trace.definitions.locations.at(worker).world_rank, static_cast<trace::WorldRank>(r));
    const auto main_sends = trace.events_of<trace::MpiSend>(main_thread);
    ASSERT_EQ(main_sends.size(), 1U);
    EXPECT_EQ(main_sends[0].peer_world_rank, static_cast<trace::WorldRank>((r + 1) % size));
    EXPECT_EQ(main_sends[0].tag, 7U);
    EXPECT_EQ(main_sends[0].bytes, 64U * static_cast<std::uint64_t>(r + 1));
    const auto worker_sends = trace.events_of<trace::MpiSend>(worker);
    ASSERT_EQ(worker_sends.size(), 1U);
    EXPECT_EQ(worker_sends[0].peer_world_rank, static_cast<trace::WorldRank>((r + size - 1) % size));
    EXPECT_EQ(worker_sends[0].tag, 8U);
    const auto leaves = trace.events_of<trace::Leave>(worker);
    ASSERT_EQ(leaves.size(), 1U);
    EXPECT_EQ(trace.definitions.region_name(leaves[0].region), "MPI_Send");
    EXPECT_EQ(trace.definitions.locations.at(main_thread).number_of_events, 3U);
  }
}

// All ranks of this test share one host, hence one CLOCK_MONOTONIC: their recorded offset must be exactly 0.
TEST(ClockSync, RanksOnRankZerosHostRecordAZeroOffset) {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  recorder::set_world(rank, 0);
  std::int64_t offset = -1;
  std::thread([&] {
    clock::synchronize(MPI_COMM_WORLD);
    const std::vector<std::string> journals = recorder::own_journal_paths();
    const journal::JournalReader reader(journals.back());
    reader.for_each([&](const journal::RecordView& record) {
      if (record.kind() == journal::Kind::kClockOffset) {
        offset = record.as<journal::ClockOffset>().offset_ns;
      }
    });
  }).join();
  EXPECT_EQ(offset, 0);
}

}  // namespace
}  // namespace mpisight
