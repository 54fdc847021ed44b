// Persistent and partitioned point-to-point traced at 2 ranks (tests/e2e/programs/persistent.c), checked record by
// record: every start of a persistent request is its own request id, paired with its completion, with the peer,
// tag and size of the message; pending Request_get_status calls are tests; MPI_PROC_NULL and a Wait on an inactive
// request leave no record.
#include <gtest/gtest.h>
#include <set>

#include "request_pairs.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

// The tags of the program's persistent messages in the order rank 0 starts them (and rank 1 receives them).
const std::vector<std::uint32_t> kTags = {30, 30, 30, 31, 32, 31, 32, 33, 34, 33, 34, 35, 35};

TEST(PersistentFamily, EveryStartIsOneRequestPairedWithItsCompletion) {
  const trace::Trace trace = trace_program("persistent", 2, MPISIGHT_PERSISTENT_PROGRAM, "persistent: OK\n").trace;
  EXPECT_EQ(expect_messages_matched(trace), kTags.size());
  const trace::LocationId zero = trace.definitions.location_of(0).value();
  const trace::LocationId one = trace.definitions.location_of(1).value();

  const std::vector<RequestPair> sends = pair_requests(trace, zero);
  ASSERT_EQ(sends.size(), kTags.size());
  std::set<trace::RequestId> tag30_ids;
  for (std::size_t i = 0; i < sends.size(); ++i) {
    SCOPED_TRACE("send #" + std::to_string(i));
    const auto& start = std::get<trace::MpiIsend>(sends[i].start);
    EXPECT_EQ(start.tag, kTags[i]);
    EXPECT_EQ(start.peer_world_rank, 1U);
    EXPECT_EQ(start.bytes, 32U);
    ASSERT_TRUE(sends[i].end.has_value()) << "never completed";
    EXPECT_TRUE(std::holds_alternative<trace::MpiIsendComplete>(*sends[i].end));
    if (start.tag == 30) {
      tag30_ids.insert(start.request);
    }
  }
  EXPECT_EQ(tag30_ids.size(), 3U) << "each start of one persistent request has its own id";

  const std::vector<RequestPair> receives = pair_requests(trace, one);
  ASSERT_EQ(receives.size(), kTags.size());
  for (std::size_t i = 0; i < receives.size(); ++i) {
    SCOPED_TRACE("receive #" + std::to_string(i));
    EXPECT_TRUE(std::holds_alternative<trace::MpiIrecvRequest>(receives[i].start));
    ASSERT_TRUE(receives[i].end.has_value()) << "never completed";
    const auto& done = std::get<trace::MpiIrecv>(*receives[i].end);
    EXPECT_EQ(done.tag, kTags[i]);  // tag 33 arrived at a receive posted for MPI_ANY_TAG
    EXPECT_EQ(done.peer_world_rank, 0U);
    EXPECT_EQ(done.bytes, 32U);
    if (i < 3) {
      EXPECT_EQ(receives[i].tests, 1U) << "Request_get_status found the receive pending";
    }
  }

  // Which calls made the records: each start is one MPI_Start or part of one MPI_Startall (two at rank 0 and one
  // of MPI_PROC_NULL requests); partitions were marked ready and polled.
  EXPECT_EQ(count_regions(trace, zero, "MPI_Start"), 9U);
  EXPECT_EQ(count_regions(trace, zero, "MPI_Startall"), 3U);
  EXPECT_EQ(count_regions(trace, zero, "MPI_Psend_init"), 1U);
  EXPECT_EQ(count_regions(trace, zero, "MPI_Send_init_c"), 1U);
  for (const char* call : {"MPI_Pready", "MPI_Pready_range", "MPI_Pready_list"}) {
    EXPECT_EQ(count_regions(trace, zero, call), 2U) << call;
  }
  EXPECT_EQ(count_regions(trace, one, "MPI_Request_get_status"), 3U);
  EXPECT_GE(count_regions(trace, one, "MPI_Parrived"), 2U);
  EXPECT_EQ(count_regions(trace, one, "MPI_Wait"), 10U);  // one of them on an inactive request, recording nothing
  EXPECT_EQ(count_regions(trace, one, "MPI_Request_free"), 8U);
}

}  // namespace
}  // namespace mpisight::testkit
