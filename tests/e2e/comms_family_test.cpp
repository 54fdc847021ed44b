// Communicators made by every creation call, traced at 4 ranks and checked record by record: each definition's
// members as world ranks, one id per communicator on all its members, distinct ids (a freed communicator's
// successor included), blocking and nonblocking p2p peers mapped to world ranks (intercommunicator peers in the
// remote group), the collectives of each communicator recorded on exactly its members, intercommunicator roots,
// and communicators made by threads at once or inside another MPI call. The killed-rank case checks recovery.
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
  static const std::map<std::string, ExpectedComm> kComms = {
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
      {"from_group", {{3, 1, 2}, {}, 30, ""}},
      {"inter_from_groups", {{0, 2}, {1, 3}, 31, ""}},
      {"attr_copy", {{0, 1, 2, 3}, {}, 32, "dup"}},  // "hidden", made inside its MPI_Comm_dup, is unknown
      {"thread_parent0", {{0, 1, 2, 3}, {}, 26, "MPI_COMM_WORLD"}},
      {"thread_parent1", {{0, 1, 2, 3}, {}, 27, "MPI_COMM_WORLD"}},
      {"thread0", {{0, 1, 2, 3}, {}, 28, "thread_parent0"}},  // created on threads at the same time
      {"thread1", {{0, 1, 2, 3}, {}, 29, "thread_parent1"}},
  };
  return kComms;
}

// Communicator id by name; fails the test if a name is defined twice.
std::map<std::string, trace::CommId> ids_by_name(const trace::Trace& trace) {
  std::map<std::string, trace::CommId> ids;
  for (const auto& [id, comm] : trace.definitions.comms) {
    EXPECT_TRUE(ids.emplace(comm.name, id).second) << "two communicators are named '" << comm.name << "'";
  }
  return ids;
}

// Events of type T on every thread of world rank `rank`.
template <class T>
std::vector<T> events_of_rank(const trace::Trace& trace, WorldRank rank) {
  std::vector<T> events;
  for (const auto& [id, location] : trace.definitions.locations) {
    if (location.world_rank == rank) {
      const std::vector<T> own = trace.events_of<T>(id);
      events.insert(events.end(), own.begin(), own.end());
    }
  }
  return events;
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
  std::vector<trace::MpiSend> sends;
  for (const auto& send : events_of_rank<trace::MpiSend>(trace, rank)) {
    if (send.comm == comm) {
      sends.push_back(send);
    }
  }
  std::vector<trace::MpiRecv> receives;
  for (const auto& receive : events_of_rank<trace::MpiRecv>(trace, rank)) {
    if (receive.comm == comm) {
      receives.push_back(receive);
    }
  }
  std::vector<trace::MpiIsend> isends;
  for (const auto& send : events_of_rank<trace::MpiIsend>(trace, rank)) {
    if (send.comm == comm) {
      isends.push_back(send);
    }
  }
  std::vector<trace::MpiIrecv> ireceives;
  for (const auto& receive : events_of_rank<trace::MpiIrecv>(trace, rank)) {
    if (receive.comm == comm) {
      ireceives.push_back(receive);
    }
  }
  ASSERT_EQ(isends.size(), 1U);
  ASSERT_EQ(ireceives.size(), 1U);
  EXPECT_EQ(isends[0].peer_world_rank, to);
  EXPECT_EQ(isends[0].tag, expected.tag + 100);
  EXPECT_EQ(ireceives[0].peer_world_rank, from);
  EXPECT_EQ(ireceives[0].tag, expected.tag + 100);
  EXPECT_EQ(ireceives[0].bytes, 4U);
  ASSERT_EQ(sends.size(), 1U);
  ASSERT_EQ(receives.size(), 1U);
  EXPECT_EQ(sends[0].peer_world_rank, to);
  EXPECT_EQ(sends[0].tag, expected.tag);
  EXPECT_EQ(sends[0].bytes, 4U);
  EXPECT_EQ(receives[0].peer_world_rank, from);
  EXPECT_EQ(receives[0].tag, expected.tag);
  std::size_t allreduces = 0;
  for (const auto& end : events_of_rank<trace::MpiCollectiveEnd>(trace, rank)) {
    allreduces += end.comm == comm && end.op == trace::CollectiveOp::kAllreduce ? 1 : 0;
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
  if (expected.parent.empty()) {
    EXPECT_FALSE(comm.parent.has_value());
  } else {
    ASSERT_TRUE(comm.parent.has_value());
    EXPECT_EQ(trace.definitions.comms.at(*comm.parent).name, expected.parent);
  }
}

// The program's MPI_Bcast and MPI_Gatherv on "inter": world rank 0 is the root (MPI_ROOT), rank 2 idle
// (MPI_PROC_NULL), the odd ranks name the root by its rank in their remote group.
void expect_intercomm_roots(const trace::Trace& trace, trace::CommId inter) {
  struct Expected {
    std::uint32_t root;
    std::uint64_t bcast_sent, bcast_received, gather_sent, gather_received;
  };
  const std::map<WorldRank, Expected> expected = {
      {0, {trace::kRootSelf, 8, 0, 0, 8}},
      {1, {0, 0, 4, 4, 0}},
      {2, {trace::kRootThisGroup, 0, 0, 0, 0}},
      {3, {0, 0, 4, 4, 0}},
  };
  for (const auto& [rank, want] : expected) {
    SCOPED_TRACE("world rank " + std::to_string(rank));
    std::vector<trace::MpiCollectiveEnd> rooted;
    for (const auto& end : trace.events_of<trace::MpiCollectiveEnd>(trace.definitions.location_of(rank).value())) {
      if (end.comm == inter && (end.op == trace::CollectiveOp::kBcast || end.op == trace::CollectiveOp::kGatherv)) {
        rooted.push_back(end);
      }
    }
    ASSERT_EQ(rooted.size(), 2U);
    EXPECT_EQ(rooted[0].op, trace::CollectiveOp::kBcast);
    EXPECT_EQ(rooted[1].op, trace::CollectiveOp::kGatherv);
    for (const auto& end : rooted) {
      EXPECT_EQ(end.root, want.root);
      if (want.root == trace::kRootThisGroup) {
        EXPECT_FALSE(end.root_world_rank.has_value());
      } else {
        EXPECT_EQ(end.root_world_rank, 0U);
      }
    }
    EXPECT_EQ(rooted[0].bytes_sent, want.bcast_sent);
    EXPECT_EQ(rooted[0].bytes_received, want.bcast_received);
    EXPECT_EQ(rooted[1].bytes_sent, want.gather_sent);
    EXPECT_EQ(rooted[1].bytes_received, want.gather_received);
  }
}

// Everything the program's normal run leaves in the trace, communicator by communicator.
void expect_every_comm(const trace::Trace& trace) {
  const std::map<std::string, trace::CommId> ids = ids_by_name(trace);
  // Predefined two plus one per created communicator: nothing defined twice, nothing missing, nothing made
  // inside MPI ("hidden": its traffic is left out, which expect_messages_matched's count below shows).
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
        for (const auto& end : events_of_rank<trace::MpiCollectiveEnd>(trace, rank)) {
          EXPECT_NE(end.comm, comm) << name << ": world rank " << rank << " is no member";
        }
      }
    }
  }
  // Two messages per member of each communicator (blocking and nonblocking; intercommunicators alike).
  std::size_t messages = 0;
  for (const auto& [name, expected] : expected_comms()) {
    messages += 2 * (expected.members.size() + expected.remote.size());
  }
  EXPECT_EQ(expect_messages_matched(trace), messages);
  expect_intercomm_roots(trace, ids.at("inter"));
}

TEST(CommFamily, EveryCreatedCommunicatorIsDefinedOnceAndUsedByItsMembers) {
  const trace::Trace trace = trace_program("comms", 4, MPISIGHT_COMMS_PROGRAM, "comms: OK\n").trace;
  expect_every_comm(trace);
  // Creation and free are collectives on the communicator they are collective over, as Score-P records them.
  const std::map<std::string, trace::CommId> ids = ids_by_name(trace);
  for (WorldRank rank = 0; rank < 4; ++rank) {
    SCOPED_TRACE("world rank " + std::to_string(rank));
    std::size_t created_from_world = 0;
    std::size_t freed = 0;
    for (const auto& end : events_of_rank<trace::MpiCollectiveEnd>(trace, rank)) {
      created_from_world += end.op == trace::CollectiveOp::kCreateHandle && end.comm == 0 ? 1 : 0;
      freed += end.op == trace::CollectiveOp::kDestroyHandle && end.comm == ids.at("freed") ? 1 : 0;
    }
    // split x3, dup x5 (dup, freed, recreated, two thread parents), split_type, create, cart, graph, dist_graph
    EXPECT_EQ(created_from_world, 13U);
    EXPECT_EQ(freed, 1U);
  }
}

// Communicator calls filtered out are not recorded, but their communicators are still known: the key
// agreement is collective, and the traffic on them is recorded.
TEST(CommFamily, CommunicatorsStayKnownWhenTheirCallsAreNotRecorded) {
  const trace::Trace trace = trace_program("comms-filtered", 4, MPISIGHT_COMMS_PROGRAM, "comms: OK\n", {},
                                           {{"MPISIGHT_FILTER", "-family:comm"}})
                                 .trace;
  EXPECT_EQ(count_regions(trace, trace.definitions.location_of(0).value(), "MPI_Comm_split"), 0U);
  expect_every_comm(trace);
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
