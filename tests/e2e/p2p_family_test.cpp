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

}  // namespace
}  // namespace mpisight::testkit
