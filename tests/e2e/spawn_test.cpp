// MPI_Comm_spawn under the tracer (programs/spawn.c at 2 ranks). MPICH 4.0.2 with ch4:ucx refuses every spawn (the
// root cannot open the port the children would connect to; see README): the test checks that the refusal passes
// through unchanged (the traced run prints and exits like the native one), is on both ranks' Leave of
// MPI_Comm_spawn, and that no intercommunicator is defined. Should spawns ever work here, it fails, to say that
// the children must join the communicator id agreement first.
#include <gtest/gtest.h>
#include <mpi.h>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

TEST(Spawn, TheRefusalPassesThroughUnchanged) {
  const TracedProgram traced = trace_program("spawn", 2, MPISIGHT_SPAWN_PROGRAM);
  const trace::Trace& trace = traced.trace;
  for (trace::WorldRank rank = 0; rank < 2; ++rank) {
    SCOPED_TRACE("rank " + std::to_string(rank));
    const auto location = trace.definitions.location_of(rank).value();
    ASSERT_EQ(count_regions(trace, location, "MPI_Comm_spawn"), 1U);
    std::vector<std::optional<std::int32_t>> codes;
    for (const trace::Leave& leave : trace.events_of<trace::Leave>(location)) {
      if (trace.definitions.region_name(leave.region) == "MPI_Comm_spawn") {
        codes.push_back(leave.return_code);
      }
    }
    ASSERT_EQ(codes.size(), 1U);
    ASSERT_TRUE(codes[0].has_value()) << "MPI_Comm_spawn worked here: register the children (issue 3)";
    EXPECT_NE(*codes[0], MPI_SUCCESS);
  }
  EXPECT_EQ(trace.definitions.locations.size(), 2U) << "no child process joined the trace";
  for (const auto& [id, comm] : trace.definitions.comms) {
    EXPECT_TRUE(comm.remote_world_ranks.empty()) << comm.name << " is an intercommunicator";
  }
}

}  // namespace
}  // namespace mpisight::testkit
