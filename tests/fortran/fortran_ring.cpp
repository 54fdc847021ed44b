// Runners and record checks shared by the `use mpi` and `mpi_f08` trace tests.
#include "fortran_ring.hpp"

#include <gtest/gtest.h>

namespace mpisight::fortran_test {
namespace {

constexpr std::uint64_t kIntegerBytes = 4;  // MPI_INTEGER with gfortran's default integer kind

std::string comm_name(const trace::Trace& trace, trace::CommId comm) {
  const auto it = trace.definitions.comms.find(comm);
  return it == trace.definitions.comms.end() ? "<undefined>" : it->second.name;
}

}  // namespace

NativeAndTraced run_native_and_traced(const std::string& program, int ranks) {
  const auto dir = testkit::fresh_trace_dir(std::filesystem::path(program).filename().string());
  NativeAndTraced runs;
  runs.native = testkit::run_native(ranks, program);
  runs.traced = testkit::run_traced(dir, ranks, program);
  runs.archive = dir / "traces.otf2";
  return runs;
}

std::vector<std::string> entered_regions(const trace::Trace& trace, trace::WorldRank rank) {
  std::vector<std::string> names;
  const auto location = trace.definitions.location_of(rank);
  if (!location) {
    ADD_FAILURE() << "rank " << rank << " has no location in the trace";
    return names;
  }
  for (const auto& enter : trace.events_of<trace::Enter>(*location)) {
    names.push_back(trace.definitions.region_name(enter.region));
  }
  return names;
}

std::vector<std::string> ring_round_calls(trace::WorldRank rank) {
  std::vector<std::string> calls;
  for (int round = 1; round <= kRounds; ++round) {
    if (rank % 2 == 0) {
      calls.insert(calls.end(), {"MPI_Send", "MPI_Recv"});
    } else {
      calls.insert(calls.end(), {"MPI_Recv", "MPI_Send"});
    }
  }
  return calls;
}

void expect_ring_messages(const trace::Trace& trace, int ranks) {
  ASSERT_EQ(trace.definitions.world_size(), static_cast<std::size_t>(ranks));
  for (int r = 0; r < ranks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto location = trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
    const auto sends = trace.events_of<trace::MpiSend>(location);
    const auto recvs = trace.events_of<trace::MpiRecv>(location);
    ASSERT_EQ(sends.size(), static_cast<std::size_t>(kRounds));
    ASSERT_EQ(recvs.size(), static_cast<std::size_t>(kRounds));
    for (int round = 1; round <= kRounds; ++round) {
      SCOPED_TRACE("round " + std::to_string(round));
      const auto& send = sends[static_cast<std::size_t>(round - 1)];
      const auto& recv = recvs[static_cast<std::size_t>(round - 1)];
      const std::uint64_t bytes = 4U * static_cast<std::uint64_t>(round) * kIntegerBytes;
      EXPECT_EQ(send.peer_world_rank, static_cast<trace::WorldRank>((r + 1) % ranks));
      EXPECT_EQ(send.tag, static_cast<std::uint32_t>(round));
      EXPECT_EQ(send.bytes, bytes);
      EXPECT_EQ(comm_name(trace, send.comm), "MPI_COMM_WORLD");
      EXPECT_EQ(recv.peer_world_rank, static_cast<trace::WorldRank>((r + ranks - 1) % ranks));
      EXPECT_EQ(recv.tag, static_cast<std::uint32_t>(round));
      EXPECT_EQ(recv.bytes, bytes);
      EXPECT_EQ(comm_name(trace, recv.comm), "MPI_COMM_WORLD");
    }
  }
}

void expect_ring_allreduce(const trace::Trace& trace, const trace::MpiCollectiveEnd& end, int ranks) {
  // Score-P's convention: every rank sends its buffer to and receives one from each of the `ranks` ranks.
  const std::uint64_t bytes = 2U * kIntegerBytes * static_cast<std::uint64_t>(ranks);
  EXPECT_EQ(end.op, trace::CollectiveOp::kAllreduce);
  EXPECT_EQ(end.root, trace::kRootNone);
  EXPECT_EQ(end.bytes_sent, bytes);
  EXPECT_EQ(end.bytes_received, bytes);
  EXPECT_EQ(comm_name(trace, end.comm), "MPI_COMM_WORLD");
}

}  // namespace mpisight::fortran_test
