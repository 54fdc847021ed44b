// Requests freed while active and MPI_Startall with MPI_REQUEST_NULL (programs/request_free.c at 2 ranks): a freed
// active send completes inside MPI_Request_free and a freed active receive is cancelled there, so every started
// request is closed exactly once; an inactive request's free records nothing; Startall's error passes through
// unchanged (the traced output equals the native one) with its return code on the Leave and nothing started.
#include <gtest/gtest.h>
#include <map>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

// Each request event of a location as "<region>: <event> <tag or ->", with request ids checked in pairs.
std::vector<std::string> request_story(const trace::Trace& trace, trace::LocationId location) {
  std::vector<std::string> story;
  std::string region;
  std::map<trace::RequestId, std::string> open;  // request -> what started it
  auto start = [&](trace::RequestId id, const std::string& what) {
    EXPECT_TRUE(open.emplace(id, what).second) << "request id " << id << " started twice";
    story.push_back(region + ": " + what);
  };
  auto close = [&](trace::RequestId id, const std::string& what) {
    EXPECT_EQ(open.erase(id), 1U) << what << " closes request " << id << ", which is not open";
    story.push_back(region + ": " + what);
  };
  for (const trace::Event& event : trace.events.at(location)) {
    std::visit(trace::Overloaded{
                   [&](const trace::Enter& e) { region = trace.definitions.region_name(e.region); },
                   [&](const trace::Leave& e) {
                     if (region == "MPI_Startall") {
                       EXPECT_TRUE(e.return_code.has_value()) << "Startall's error is not on its Leave";
                     }
                   },
                   [&](const trace::MpiIsend& e) { start(e.request, "send " + std::to_string(e.tag)); },
                   [&](const trace::MpiIrecvRequest& e) { start(e.request, "receive"); },
                   [&](const trace::MpiIsendComplete& e) { close(e.request, "send complete"); },
                   [&](const trace::MpiIrecv& e) { close(e.request, "received " + std::to_string(e.tag)); },
                   [&](const trace::MpiRequestCancelled& e) { close(e.request, "cancelled"); }, [](const auto&) {}},
               event);
  }
  EXPECT_TRUE(open.empty()) << open.size() << " requests stay open to the end of the trace";
  return story;
}

TEST(RequestFree, FreedActiveRequestsCloseInTheFreeAndStartallErrorsPassThrough) {
  const TracedProgram traced =
      trace_program("request-free", 2, MPISIGHT_REQUEST_FREE_PROGRAM,
                    "request_free: startall with MPI_REQUEST_NULL: class 19 (MPI_ERR_REQUEST), null entry kept: 1\n");
  const trace::Trace& trace = traced.trace;
  EXPECT_EQ(request_story(trace, trace.definitions.location_of(0).value()),
            (std::vector<std::string>{"MPI_Start: send 5", "MPI_Request_free: send complete", "MPI_Isend: send 6",
                                      "MPI_Request_free: send complete"}));
  EXPECT_EQ(request_story(trace, trace.definitions.location_of(1).value()),
            (std::vector<std::string>{"MPI_Start: receive", "MPI_Wait: received 5", "MPI_Irecv: receive",
                                      "MPI_Request_free: cancelled"}));
  for (trace::WorldRank rank = 0; rank < 2; ++rank) {
    EXPECT_EQ(count_regions(trace, trace.definitions.location_of(rank).value(), "MPI_Request_free"), 4U);
    EXPECT_EQ(count_regions(trace, trace.definitions.location_of(rank).value(), "MPI_Startall"), 1U);
  }
}

}  // namespace
}  // namespace mpisight::testkit
