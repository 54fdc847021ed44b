// Every send mode, Sendrecv, large-count forms and every Wait/Test variant, traced at 2 ranks and checked
// record by record: each message matched with peer, tag and size; each request id paired from start to
// completion (or cancellation); pending tests recorded; PROC_NULL traffic absent.
#include <gtest/gtest.h>
#include <map>
#include <set>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

// Every started request ends exactly once, after it started, on the location that started it.
void expect_requests_paired(const trace::Trace& trace, trace::LocationId location, std::size_t sends,
                            std::size_t receives, std::size_t cancelled) {
  std::map<trace::RequestId, std::string> open;
  std::size_t completed_sends = 0;
  std::size_t completed_receives = 0;
  std::size_t cancellations = 0;
  for (const trace::Event& event : trace.events.at(location)) {
    std::visit(
        trace::Overloaded{[&](const trace::MpiIsend& e) { EXPECT_TRUE(open.emplace(e.request, "send").second); },
                          [&](const trace::MpiIrecvRequest& e) { EXPECT_TRUE(open.emplace(e.request, "recv").second); },
                          [&](const trace::MpiIsendComplete& e) {
                            ASSERT_EQ(open[e.request], "send") << "request " << e.request;
                            open.erase(e.request);
                            ++completed_sends;
                          },
                          [&](const trace::MpiIrecv& e) {
                            ASSERT_EQ(open[e.request], "recv") << "request " << e.request;
                            open.erase(e.request);
                            ++completed_receives;
                          },
                          [&](const trace::MpiRequestCancelled& e) {
                            ASSERT_EQ(open.count(e.request), 1U) << "cancelled an unknown request";
                            open.erase(e.request);
                            ++cancellations;
                          },
                          [&](const trace::MpiRequestTest& e) {
                            EXPECT_EQ(open.count(e.request), 1U) << "tested a request that was not pending";
                          },
                          [](const auto&) {}},
        event);
  }
  EXPECT_TRUE(open.empty()) << open.size() << " request(s) never completed";
  EXPECT_EQ(completed_sends, sends);
  EXPECT_EQ(completed_receives, receives);
  EXPECT_EQ(cancellations, cancelled);
}

TEST(P2pFamily, EverySendModeAndCompletionIsRecorded) {
  const trace::Trace trace = trace_program("p2p-modes", 2, MPISIGHT_P2P_PROGRAM, "p2p_modes: OK\n").trace;
  EXPECT_EQ(expect_messages_matched(trace), 15U);  // 13 from rank 0, 2 from rank 1; none to MPI_PROC_NULL

  const trace::LocationId zero = trace.definitions.location_of(0).value();
  const trace::LocationId one = trace.definitions.location_of(1).value();
  // Rank 0's blocking sends, in order, with the call that made each.
  std::vector<std::uint32_t> tags;
  for (const auto& send : trace.events_of<trace::MpiSend>(zero)) {
    tags.push_back(send.tag);
    EXPECT_EQ(send.peer_world_rank, 1U);
    EXPECT_EQ(send.bytes, send.tag == 22 ? 0U : 32U) << "tag " << send.tag;
  }
  EXPECT_EQ(tags, (std::vector<std::uint32_t>{1, 2, 3, 4, 5, 20, 21, 22, 23}));
  std::vector<std::uint32_t> isend_tags;
  for (const auto& isend : trace.events_of<trace::MpiIsend>(zero)) {
    isend_tags.push_back(isend.tag);
    EXPECT_EQ(isend.bytes, 32U);
  }
  EXPECT_EQ(isend_tags, (std::vector<std::uint32_t>{10, 11, 12, 13}));
  for (const char* call : {"MPI_Ssend", "MPI_Bsend", "MPI_Rsend", "MPI_Send_c", "MPI_Issend", "MPI_Ibsend",
                           "MPI_Irsend_c", "MPI_Sendrecv", "MPI_Sendrecv_replace"}) {
    EXPECT_EQ(count_regions(trace, zero, call), 1U) << call;
  }
  EXPECT_GE(count_regions(trace, zero, "MPI_Testall"), 1U);

  // Rank 1: the large-count wildcard receive names the real source and tag; the empty message has 0 bytes.
  std::vector<std::uint32_t> received;
  for (const auto& recv : trace.events_of<trace::MpiRecv>(one)) {
    received.push_back(recv.tag);
    EXPECT_EQ(recv.peer_world_rank, 0U);
  }
  EXPECT_EQ(received, (std::vector<std::uint32_t>{1, 2, 3, 5, 20, 21, 22}));
  EXPECT_EQ(count_regions(trace, one, "MPI_Recv_c"), 1U);
  EXPECT_EQ(count_regions(trace, one, "MPI_Waitany"), 1U);
  EXPECT_EQ(count_regions(trace, one, "MPI_Waitsome"), 1U);
  EXPECT_GE(count_regions(trace, one, "MPI_Testany"), 1U);

  expect_requests_paired(trace, zero, 4, 0, 1);
  expect_requests_paired(trace, one, 0, 6, 1);  // tags 4, 10..13 and 23 arrived; 777 was cancelled
  EXPECT_GE(trace.events_of<trace::MpiRequestTest>(one).size(), 1U) << "the first test of tag 23 was pending";
}

// A repeated call is recorded as one repeat word when its arguments equal the last call's: after a communicator
// and a datatype are freed and their handles reused, the same arguments must be recorded as what they now mean.
TEST(P2pFamily, RepeatedCallsOnReusedHandlesRecordTheNewCommunicatorAndType) {
  const trace::Trace trace =
      trace_program("reused-handles", 2, MPISIGHT_REUSED_HANDLES_PROGRAM, "reused_handles: OK, handles reused\n").trace;
  EXPECT_EQ(expect_messages_matched(trace), 6U);
  const trace::LocationId zero = trace.definitions.location_of(0).value();
  const trace::LocationId one = trace.definitions.location_of(1).value();
  const auto sends = trace.events_of<trace::MpiSend>(zero);
  const auto receives = trace.events_of<trace::MpiRecv>(one);
  ASSERT_EQ(sends.size(), 6U);
  ASSERT_EQ(receives.size(), 6U);
  for (std::size_t i = 0; i < 6; ++i) {
    const bool first = i < 3;
    const std::uint64_t bytes = first ? 32 : 24;  // 4 x (2 ints) or 4 x (3 shorts)
    const std::uint64_t elements = first ? 8 : 12;
    const std::string comm = first ? "first" : "second";
    EXPECT_EQ(trace.definitions.comms.at(sends[i].comm).name, comm) << "send " << i;
    EXPECT_EQ(trace.definitions.comms.at(receives[i].comm).name, comm) << "receive " << i;
    EXPECT_EQ(sends[i].bytes, bytes) << "send " << i;
    EXPECT_EQ(receives[i].bytes, bytes) << "receive " << i;
    ASSERT_TRUE(sends[i].type && receives[i].type) << i;
    EXPECT_EQ(sends[i].type->elements, elements) << "send " << i;
    EXPECT_EQ(receives[i].type->elements, elements) << "receive " << i;
    EXPECT_EQ(sends[i].type->signature, sends[first ? 0 : 3].type->signature) << "send " << i;
    EXPECT_EQ(receives[i].type->signature, sends[i].type->signature) << "receive " << i;
    ASSERT_TRUE(sends[i].send_buffer && receives[i].recv_buffer) << i;
    EXPECT_EQ(sends[i].send_buffer->end - sends[i].send_buffer->begin, bytes) << "send " << i;
    EXPECT_EQ(receives[i].recv_buffer->end - receives[i].recv_buffer->begin, bytes) << "receive " << i;
  }
  EXPECT_NE(sends[0].type->signature, sends[3].type->signature);
}

}  // namespace
}  // namespace mpisight::testkit
