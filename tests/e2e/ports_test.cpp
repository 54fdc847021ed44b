// MPI_Open_port, MPI_Comm_accept and MPI_Comm_connect between two groups of one job (programs/ports.c at 4 ranks).
// MPICH 4.0.2 with ch4:ucx refuses them ("not supported with ucx netmod"): then the test checks that the refusals
// pass through unchanged (same output and exit as natively) and are on the calls' Leave records. Where they work,
// it checks the intercommunicator's definition and the collective on it instead.
#include <gtest/gtest.h>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

// The return codes on the Leave records of `region` at `location`.
std::vector<std::optional<std::int32_t>> leave_codes(const trace::Trace& trace, trace::LocationId location,
                                                     const std::string& region) {
  std::vector<std::optional<std::int32_t>> codes;
  for (const trace::Event& event : trace.events.at(location)) {
    if (const auto* leave = std::get_if<trace::Leave>(&event);
        leave != nullptr && trace.definitions.region_name(leave->region) == region) {
      codes.push_back(leave->return_code);
    }
  }
  return codes;
}

TEST(Ports, AcceptAndConnectPassThroughAndDefineTheirIntercommunicator) {
  const TracedProgram traced = trace_program("ports", 4, MPISIGHT_PORTS_PROGRAM);
  const trace::Trace& trace = traced.trace;
  std::optional<trace::CommId> inter;
  for (const auto& [id, comm] : trace.definitions.comms) {
    if (comm.name == "port_inter") {
      inter = id;
    }
  }
  const auto rank0 = trace.definitions.location_of(0).value();
  const std::vector<std::optional<std::int32_t>> open = leave_codes(trace, rank0, "MPI_Open_port");
  ASSERT_EQ(open.size(), 1U);
  if (open[0].has_value()) {  // refused, as on MPICH 4.0.2 with ch4:ucx
    EXPECT_FALSE(inter.has_value());
    for (trace::WorldRank rank = 0; rank < 4; ++rank) {
      SCOPED_TRACE("world rank " + std::to_string(rank));
      const auto codes = leave_codes(trace, trace.definitions.location_of(rank).value(),
                                     rank < 2 ? "MPI_Comm_accept" : "MPI_Comm_connect");
      ASSERT_EQ(codes.size(), 1U);
      EXPECT_TRUE(codes[0].has_value()) << "the refusal is not recorded";
    }
    return;  // the refusals passed through; there is no intercommunicator to check
  }
  ASSERT_TRUE(inter.has_value());
  const trace::Communicator& comm = trace.definitions.comms.at(*inter);
  EXPECT_EQ(comm.world_ranks, (std::vector<trace::WorldRank>{0, 1}));
  EXPECT_EQ(comm.remote_world_ranks, (std::vector<trace::WorldRank>{2, 3}));
  for (trace::WorldRank rank = 0; rank < 4; ++rank) {
    std::size_t allreduces = 0;
    for (const auto& end : trace.events_of<trace::MpiCollectiveEnd>(trace.definitions.location_of(rank).value())) {
      allreduces += end.comm == *inter && end.op == trace::CollectiveOp::kAllreduce ? 1 : 0;
    }
    EXPECT_EQ(allreduces, 1U);
  }
}

}  // namespace
}  // namespace mpisight::testkit
