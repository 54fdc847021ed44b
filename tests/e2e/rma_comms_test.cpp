// RMA windows on created communicators whose ranks differ from the world's (programs/rma_comms.c at 4 ranks):
// every window is defined on its own communicator with one id on all its members, and each operation's target
// is a rank in that communicator, which the communicator's definition maps to the intended world rank.
#include <gtest/gtest.h>
#include <map>
#include <set>

#include "printed_events.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

std::string quoted_name(const std::string& field) {
  const std::size_t open = field.find('"');
  const std::size_t close = field.find('"', open + 1);
  return open == std::string::npos || close == std::string::npos ? field : field.substr(open + 1, close - open - 1);
}

TEST(RmaOnCreatedComms, WindowsAndTargetsNameTheirCommunicator) {
  const TracedProgram traced = trace_program("rma-comms", 4, MPISIGHT_RMA_COMMS_PROGRAM, "rma_comms: OK\n");
  const trace::Trace& trace = traced.trace;
  std::map<std::string, trace::CommId> comm_ids;
  for (const auto& [id, comm] : trace.definitions.comms) {
    comm_ids[comm.name] = id;
  }
  ASSERT_EQ(comm_ids.count("rma_even") + comm_ids.count("rma_odd") + comm_ids.count("rma_reversed"), 3U);
  EXPECT_EQ(trace.definitions.comms.at(comm_ids["rma_even"]).world_ranks, (std::vector<trace::WorldRank>{2, 0}));
  EXPECT_EQ(trace.definitions.comms.at(comm_ids["rma_odd"]).world_ranks, (std::vector<trace::WorldRank>{3, 1}));
  EXPECT_EQ(trace.definitions.comms.at(comm_ids["rma_reversed"]).world_ranks,
            (std::vector<trace::WorldRank>{3, 2, 1, 0}));

  // Window id -> the communicator its definition names, by name.
  std::map<std::uint64_t, std::string> window_comm;
  for (const PrintedEvent& w : printed_definitions(traced.archive, "RMA_WIN")) {
    window_comm[w.location] = quoted_name(w.text("Communicator"));
    EXPECT_EQ(w.number("Communicator"), comm_ids[window_comm[w.location]]);
  }
  ASSERT_EQ(window_comm.size(), 3U);

  const std::vector<PrintedEvent> events = printed_events(traced.archive);
  std::map<std::string, std::set<trace::WorldRank>> creators;  // window's communicator -> ranks that created it
  std::map<std::uint64_t, std::set<trace::WorldRank>> by_window;
  for (trace::WorldRank rank = 0; rank < 4; ++rank) {
    SCOPED_TRACE("world rank " + std::to_string(rank));
    const std::string half = rank % 2 == 0 ? "rma_even" : "rma_odd";
    const std::vector<PrintedEvent> rma = printed_of(events, trace.definitions.location_of(rank).value(), "RMA_");
    std::vector<std::uint64_t> created;
    for (const PrintedEvent& e : rma) {
      if (e.kind == "RMA_WIN_CREATE") {
        created.push_back(e.number("Window"));
        by_window[e.number("Window")].insert(rank);
      }
    }
    ASSERT_EQ(created.size(), 2U);
    EXPECT_EQ(window_comm[created[0]], half);
    EXPECT_EQ(window_comm[created[1]], "rma_reversed");
    std::size_t puts = 0;
    std::size_t atomics = 0;
    for (const PrintedEvent& e : rma) {
      if (e.kind == "RMA_PUT") {
        ++puts;
        EXPECT_EQ(e.number("Window"), created[0]);
        const std::uint64_t remote = e.number("Remote");
        EXPECT_EQ(remote, rank < 2 ? 0U : 1U);  // the other member of the half, by its rank there
        EXPECT_EQ(trace.definitions.comms.at(comm_ids[half]).world_ranks.at(remote), (rank + 2) % 4);
        EXPECT_EQ(e.attribute("mpisight:rma_target_byte_begin"), 4U);
        EXPECT_EQ(e.attribute("mpisight:rma_target_byte_end"), 8U);
      } else if (e.kind == "RMA_ATOMIC") {
        ++atomics;
        EXPECT_EQ(e.number("Window"), created[1]);
        EXPECT_EQ(e.number("Remote"), 0U);  // world rank 3
        EXPECT_EQ(trace.definitions.comms.at(comm_ids["rma_reversed"]).world_ranks.at(0), 3U);
      } else if (e.kind == "RMA_REQUEST_LOCK") {
        EXPECT_EQ(e.number("Window"), created[1]);
        EXPECT_EQ(e.number("Remote"), 0U);
      }
    }
    EXPECT_EQ(puts, 1U);
    EXPECT_EQ(atomics, 1U);
  }
  // One id per window on exactly its members.
  for (const auto& [window, ranks] : by_window) {
    const std::string& comm = window_comm[window];
    const auto& members = trace.definitions.comms.at(comm_ids[comm]).world_ranks;
    EXPECT_EQ(ranks, std::set<trace::WorldRank>(members.begin(), members.end())) << comm;
  }
}

}  // namespace
}  // namespace mpisight::testkit
