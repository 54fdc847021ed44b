// Persistent and partitioned point-to-point and MPI-4 nonblocking exchanges traced at 2 ranks
// (tests/e2e/programs/persistent.c), checked record by record: every start of a persistent request is its own request
// id, paired with its completion, with the peer, tag and size of the message; pending Request_get_status calls are
// tests; an Isendrecv is a send and a receive completed together; MPI_PROC_NULL and a Wait on an inactive request
// leave no record; a send freed while active completes in its free.
#include <array>
#include <gtest/gtest.h>
#include <set>

#include "request_pairs.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

// The tags of the program's persistent messages in the order rank 0 starts them (and rank 1 receives them).
constexpr std::array<std::uint32_t, 13> kTags = {30, 30, 30, 31, 32, 31, 32, 33, 34, 33, 34, 35, 35};

// The nonblocking exchange: on each rank an MpiIsend and an MpiIrecvRequest of one request, completed together.
void expect_exchange(const std::vector<RequestPair>& pairs, std::size_t first, std::uint32_t sent_tag,
                     std::uint32_t received_tag, trace::WorldRank peer) {
  ASSERT_GE(pairs.size(), first + 2);
  const auto& send = std::get<trace::MpiIsend>(pairs[first].start);
  EXPECT_EQ(send.tag, sent_tag);
  EXPECT_EQ(send.peer_world_rank, peer);
  EXPECT_EQ(send.bytes, 32U);
  ASSERT_TRUE(pairs[first].end.has_value());
  EXPECT_TRUE(std::holds_alternative<trace::MpiIsendComplete>(*pairs[first].end));
  EXPECT_TRUE(std::holds_alternative<trace::MpiIrecvRequest>(pairs[first + 1].start));
  ASSERT_TRUE(pairs[first + 1].end.has_value());
  const auto& received = std::get<trace::MpiIrecv>(*pairs[first + 1].end);
  EXPECT_EQ(received.tag, received_tag);
  EXPECT_EQ(received.peer_world_rank, peer);
  EXPECT_EQ(received.bytes, 32U);
  EXPECT_EQ(trace::event_time_ns(*pairs[first].end), trace::event_time_ns(*pairs[first + 1].end)) << "one completion";
  EXPECT_EQ(pairs[first].tests, pairs[first + 1].tests) << "a pending test tests both halves";
}

TEST(PersistentFamily, EveryStartIsOneRequestPairedWithItsCompletion) {
  const trace::Trace trace = trace_program("persistent", 2, MPISIGHT_PERSISTENT_PROGRAM, "persistent: OK\n").trace;
  EXPECT_EQ(expect_messages_matched(trace), kTags.size() + 3);
  const trace::LocationId zero = trace.definitions.location_of(0).value();
  const trace::LocationId one = trace.definitions.location_of(1).value();

  const std::vector<RequestPair> sends = pair_requests(trace, zero);
  expect_exchange(sends, kTags.size(), 37, 38, 1);
  std::set<trace::RequestId> tag30_ids;
  for (std::size_t i = 0; i < kTags.size(); ++i) {
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
  // The send freed while active: its activation is closed in MPI_Request_free (README); rank 1 received it.
  ASSERT_EQ(sends.size(), kTags.size() + 3);
  EXPECT_EQ(std::get<trace::MpiIsend>(sends.back().start).tag, 40U);
  ASSERT_TRUE(sends.back().end.has_value());
  EXPECT_TRUE(std::holds_alternative<trace::MpiIsendComplete>(*sends.back().end));
  EXPECT_EQ(trace.events_of<trace::MpiRecv>(one).at(0).tag, 40U);

  const std::vector<RequestPair> receives = pair_requests(trace, one);
  ASSERT_EQ(receives.size(), kTags.size() + 2);
  expect_exchange(receives, kTags.size(), 38, 37, 0);
  for (std::size_t i = 0; i < kTags.size(); ++i) {
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
  EXPECT_EQ(count_regions(trace, zero, "MPI_Start"), 10U);  // the last one is freed while active
  EXPECT_EQ(count_regions(trace, zero, "MPI_Startall"), 3U);
  EXPECT_EQ(count_regions(trace, zero, "MPI_Psend_init"), 1U);
  EXPECT_EQ(count_regions(trace, zero, "MPI_Send_init_c"), 1U);
  for (const char* call : {"MPI_Pready", "MPI_Pready_range", "MPI_Pready_list"}) {
    EXPECT_EQ(count_regions(trace, zero, call), 2U) << call;
  }
  EXPECT_EQ(count_regions(trace, one, "MPI_Request_get_status"), 3U);
  EXPECT_GE(count_regions(trace, one, "MPI_Parrived"), 2U);
  EXPECT_EQ(count_regions(trace, one, "MPI_Wait"), 11U);  // one of them on an inactive request, recording nothing
  EXPECT_EQ(count_regions(trace, zero, "MPI_Isendrecv"), 1U);
  EXPECT_EQ(count_regions(trace, one, "MPI_Isendrecv_replace"), 1U);
  EXPECT_EQ(count_regions(trace, one, "MPI_Request_free"), 8U);
}

}  // namespace
}  // namespace mpisight::testkit
