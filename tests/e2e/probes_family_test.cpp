// Probes and matched receives traced at 2 ranks (tests/e2e/programs/probes.c), checked record by record: probes are
// plain regions, MPI_Mrecv is a receive with the matched source, tag and size, MPI_Imrecv a request paired with its
// completion, and a message from MPI_PROC_NULL leaves no record.
#include <gtest/gtest.h>
#include <mpi.h>

#include "request_pairs.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

TEST(ProbesFamily, MatchedReceivesCarryTheMatchedMessage) {
  const trace::Trace trace = trace_program("probes", 2, MPISIGHT_PROBES_PROGRAM, "probes: OK\n").trace;
  EXPECT_EQ(expect_messages_matched(trace), 5U);
  const trace::LocationId one = trace.definitions.location_of(1).value();

  // Tags 40, 41 (Recv after a probe), 42 (Mrecv), 44 (Mrecv_c of an empty message); 43 came by Imrecv_c.
  const auto receives = trace.events_of<trace::MpiRecv>(one);
  ASSERT_EQ(receives.size(), 4U);
  const std::vector<std::pair<std::uint32_t, std::uint64_t>> expected = {{40, 32}, {41, 12}, {42, 20}, {44, 0}};
  for (std::size_t i = 0; i < receives.size(); ++i) {
    EXPECT_EQ(receives[i].tag, expected[i].first);
    EXPECT_EQ(receives[i].bytes, expected[i].second);
    EXPECT_EQ(receives[i].peer_world_rank, 0U);
    EXPECT_EQ(trace.definitions.comms.at(receives[i].comm).name, "MPI_COMM_WORLD");
  }
  // A matched receive asked for what its probe asked for; the elements are those that arrived.
  EXPECT_EQ(receives[2].requested_source, MPI_ANY_SOURCE);
  EXPECT_EQ(receives[2].requested_tag, 42);
  EXPECT_EQ(receives[2].type, (trace::TypeSignature{static_cast<std::uint32_t>(MPI_INT), 5}));

  const std::vector<RequestPair> requests = pair_requests(trace, one);
  ASSERT_EQ(requests.size(), 1U);
  ASSERT_TRUE(std::holds_alternative<trace::MpiIrecvRequest>(requests[0].start));
  const auto& asked = std::get<trace::MpiIrecvRequest>(requests[0].start);
  EXPECT_EQ(asked.requested_source, 0);
  EXPECT_EQ(asked.requested_tag, 43);
  EXPECT_TRUE(asked.request_handle.has_value());
  ASSERT_TRUE(requests[0].end.has_value());
  const auto& done = std::get<trace::MpiIrecv>(*requests[0].end);
  EXPECT_EQ(done.tag, 43U);
  EXPECT_EQ(done.bytes, 24U);
  EXPECT_EQ(done.peer_world_rank, 0U);

  EXPECT_EQ(count_regions(trace, one, "MPI_Probe"), 1U);
  EXPECT_GE(count_regions(trace, one, "MPI_Iprobe"), 2U);  // one finding nothing, at least one finding tag 41
  EXPECT_EQ(count_regions(trace, one, "MPI_Mprobe"), 3U);
  EXPECT_GE(count_regions(trace, one, "MPI_Improbe"), 1U);
  EXPECT_EQ(count_regions(trace, one, "MPI_Mrecv"), 2U);  // the second receives from MPI_PROC_NULL: no record
  EXPECT_EQ(count_regions(trace, one, "MPI_Mrecv_c"), 1U);
  EXPECT_EQ(count_regions(trace, one, "MPI_Imrecv_c"), 1U);
}

}  // namespace
}  // namespace mpisight::testkit
