// Communicators made by every creation call, traced at 4 ranks and checked record by record: each definition's
// members as world ranks, one id per communicator on all its members, distinct ids (a freed communicator's
// successor included), p2p peers mapped to world ranks (intercommunicator peers in the remote group), and the
// collective of each communicator recorded on exactly its members. The killed-rank case checks recovery.
#include <gtest/gtest.h>
#include <map>
#include <set>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

using trace::WorldRank;
using Ranks = std::vector<WorldRank>;

struct ExpectedComm {
  Ranks members;  // world ranks in communicator rank order; intercommunicators: group A
  Ranks remote;   // intercommunicators: group B
  std::uint32_t tag;
  std::string parent;  // name of the parent communicator, "" when none is expected
};

// What programs/comms.c creates, by the names it gives.
const std::map<std::string, ExpectedComm>& expected_comms() {
  static const std::map<std::string, ExpectedComm> comms = {
      {"split_even", {{2, 0}, {}, 10, "MPI_COMM_WORLD"}},
      {"split_odd", {{3, 1}, {}, 10, "MPI_COMM_WORLD"}},
      {"dup", {{0, 1, 2, 3}, {}, 11, "MPI_COMM_WORLD"}},
      {"idup", {{0, 1, 2, 3}, {}, 12, "dup"}},
      {"split_some", {{0, 1, 2}, {}, 13, "MPI_COMM_WORLD"}},
      {"split_shared", {{0, 1, 2, 3}, {}, 14, "MPI_COMM_WORLD"}},
      {"create", {{3, 1, 2}, {}, 15, "MPI_COMM_WORLD"}},
      {"create_group", {{2, 0}, {}, 16, "MPI_COMM_WORLD"}},
      {"cart", {{0, 1, 2, 3}, {}, 17, "MPI_COMM_WORLD"}},
      {"cart_row0", {{0, 1}, {}, 18, "cart"}},
      {"cart_row1", {{2, 3}, {}, 18, "cart"}},
      {"graph", {{0, 1, 2, 3}, {}, 19, "MPI_COMM_WORLD"}},
      {"dist_graph", {{0, 1, 2, 3}, {}, 20, "MPI_COMM_WORLD"}},
      {"local_even", {{0, 2}, {}, 21, "MPI_COMM_WORLD"}},
      {"local_odd", {{1, 3}, {}, 21, "MPI_COMM_WORLD"}},
      {"inter", {{0, 2}, {1, 3}, 22, "MPI_COMM_WORLD"}},
      {"merged", {{0, 2, 1, 3}, {}, 23, "inter"}},
      {"freed", {{0, 1, 2, 3}, {}, 24, "MPI_COMM_WORLD"}},
      {"recreated", {{0, 1, 2, 3}, {}, 25, "MPI_COMM_WORLD"}},
  };
  return comms;
}

// Communicator id by name; fails the test if a name is defined twice.
std::map<std::string, trace::CommId> ids_by_name(const trace::Trace& trace) {
  std::map<std::string, trace::CommId> ids;
  for (const auto& [id, comm] : trace.definitions.comms) {
    EXPECT_TRUE(ids.emplace(comm.name, id).second) << "two communicators are named '" << comm.name << "'";
  }
  return ids;
}

std::size_t index_of(const Ranks& ranks, WorldRank rank) {
  return static_cast<std::size_t>(std::find(ranks.begin(), ranks.end(), rank) - ranks.begin());
}

// The one send and one receive of `rank` on `comm`, with the world ranks of their peers.
void expect_ring_traffic(const trace::Trace& trace, const std::string& name, const ExpectedComm& expected,
                         trace::CommId comm, WorldRank rank) {
  SCOPED_TRACE(name + ", world rank " + std::to_string(rank));
  const Ranks& own = index_of(expected.members, rank) < expected.members.size() ? expected.members : expected.remote;
  const std::size_t me = index_of(own, rank);
  WorldRank to = 0;
  WorldRank from = 0;
  if (expected.remote.empty()) {
    to = own[(me + 1) % own.size()];
    from = own[(me + own.size() - 1) % own.size()];
  } else {
    const Ranks& other = &own == &expected.members ? expected.remote : expected.members;
    to = from = other[me];
  }
  const auto location = trace.definitions.location_of(rank).value();
  std::vector<trace::MpiSend> sends;
  for (const auto& send : trace.events_of<trace::MpiSend>(location)) {
    if (send.comm == comm) {
      sends.push_back(send);
    }
  }
  std::vector<trace::MpiRecv> receives;
  for (const auto& receive : trace.events_of<trace::MpiRecv>(location)) {
    if (receive.comm == comm) {
      receives.push_back(receive);
    }
  }
  ASSERT_EQ(sends.size(), 1U);
  ASSERT_EQ(receives.size(), 1U);
  EXPECT_EQ(sends[0].peer_world_rank, to);
  EXPECT_EQ(sends[0].tag, expected.tag);
  EXPECT_EQ(sends[0].bytes, 4U);
  EXPECT_EQ(receives[0].peer_world_rank, from);
  EXPECT_EQ(receives[0].tag, expected.tag);
  std::size_t allreduces = 0;
  for (const auto& end : trace.events_of<trace::MpiCollectiveEnd>(location)) {
    if (end.comm == comm) {
      EXPECT_EQ(end.op, trace::CollectiveOp::kAllreduce);
      ++allreduces;
    }
  }
  EXPECT_EQ(allreduces, 1U);
}

void expect_definition(const trace::Trace& trace, const std::map<std::string, trace::CommId>& ids,
                       const std::string& name, const ExpectedComm& expected) {
  SCOPED_TRACE(name);
  ASSERT_EQ(ids.count(name), 1U) << "no communicator named '" << name << "'";
  const trace::Communicator& comm = trace.definitions.comms.at(ids.at(name));
  EXPECT_EQ(comm.world_ranks, expected.members);
  EXPECT_EQ(comm.is_inter(), !expected.remote.empty());
  EXPECT_EQ(comm.remote_world_ranks, expected.remote);
  ASSERT_TRUE(comm.parent.has_value());
  EXPECT_EQ(trace.definitions.comms.at(*comm.parent).name, expected.parent);
}

TEST(CommFamily, EveryCreatedCommunicatorIsDefinedOnceAndUsedByItsMembers) {
  const trace::Trace trace = trace_program("comms", 4, MPISIGHT_COMMS_PROGRAM, "comms: OK\n").trace;
  const std::map<std::string, trace::CommId> ids = ids_by_name(trace);
  // Predefined two plus one per created communicator: nothing defined twice, nothing missing.
  EXPECT_EQ(trace.definitions.comms.size(), expected_comms().size() + 2);
  EXPECT_NE(ids.at("freed"), ids.at("recreated"));
  for (const auto& [name, expected] : expected_comms()) {
    expect_definition(trace, ids, name, expected);
    if (!ids.contains(name)) {
      continue;
    }
    const trace::CommId comm = ids.at(name);
    Ranks members = expected.members;
    members.insert(members.end(), expected.remote.begin(), expected.remote.end());
    for (WorldRank rank = 0; rank < 4; ++rank) {
      if (index_of(members, rank) < members.size()) {
        expect_ring_traffic(trace, name, expected, comm, rank);
      } else {
        const auto location = trace.definitions.location_of(rank).value();
        for (const auto& end : trace.events_of<trace::MpiCollectiveEnd>(location)) {
          EXPECT_NE(end.comm, comm) << name << ": world rank " << rank << " is no member";
        }
      }
    }
  }
  // One message per member of each communicator (an intercommunicator's members send one each too).
  std::size_t messages = 0;
  for (const auto& [name, expected] : expected_comms()) {
    messages += expected.members.size() + expected.remote.size();
  }
  EXPECT_EQ(expect_messages_matched(trace), messages);
}

TEST(CommFamily, RecoveredTraceKeepsTheDefinitionsOfAKilledRank) {
  const auto dir = fresh_trace_dir("comms-killed");
  const ProcessResult traced = run_traced(dir, 4, MPISIGHT_COMMS_PROGRAM, {"kill"});
  ASSERT_FALSE(traced.timed_out);
  EXPECT_NE(traced.exit_code, 0);
  EXPECT_NE(traced.err.find("recovering the trace"), std::string::npos) << traced.err;
  EXPECT_EQ(otf2_print_problems(dir / "traces.otf2"), "");
  const trace::Trace trace = trace::load_trace(dir / "traces.otf2");
  expect_time_ordered(trace);
  const std::map<std::string, trace::CommId> ids = ids_by_name(trace);
  for (const std::string name : {"split_even", "split_odd"}) {
    const ExpectedComm& expected = expected_comms().at(name);
    expect_definition(trace, ids, name, expected);
    for (const WorldRank rank : expected.members) {
      expect_ring_traffic(trace, name, expected, ids.at(name), rank);
    }
  }
}

}  // namespace
}  // namespace mpisight::testkit
