// Communicator lifetime (programs/comm_lifetime.c at 4 ranks), checked through otf2-print: every created
// communicator's CommCreate and every freed one's CommDestroy, in the call that made or freed it, inside that call's
// CREATE_HANDLE or DESTROY_HANDLE collective on the right communicator; nothing uses a communicator after its
// CommDestroy, and created communicators are flagged as announcing these events.
#include <gtest/gtest.h>
#include <map>
#include <otf2/otf2.h>
#include <set>

#include "printed_events.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

// One CommCreate or CommDestroy as the test sees it: in which call, of which communicator, inside which collective.
struct Lifetime {
  std::string region;
  std::string event;  // COMM_CREATE or COMM_DESTROY
  std::string comm;
  std::string over;  // the enclosing collective's communicator, "" if there was none
  std::string op;    // its operation

  bool operator==(const Lifetime&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Lifetime& l) {
  return out << l.region << ": " << l.event << " " << l.comm << " in " << l.op << " on " << l.over;
}

// "\"life_dup\" <5>" -> "life_dup"
std::string quoted_name(const std::string& field) {
  const std::size_t open = field.find('"');
  const std::size_t close = field.find('"', open + 1);
  return open == std::string::npos || close == std::string::npos ? field : field.substr(open + 1, close - open - 1);
}

std::vector<Lifetime> lifetimes_of(const std::vector<PrintedEvent>& events, std::uint64_t location) {
  std::vector<Lifetime> found;
  std::string region;
  bool in_collective = false;
  std::vector<Lifetime> pending;
  for (const PrintedEvent& e : events) {
    if (e.location != location) {
      continue;
    }
    if (e.kind == "ENTER") {
      region = quoted_name(e.text("Region"));
    } else if (e.kind == "MPI_COLLECTIVE_BEGIN") {
      in_collective = true;
    } else if (e.kind == "COMM_CREATE" || e.kind == "COMM_DESTROY") {
      Lifetime l{region, e.kind, quoted_name(e.text("Communicator")), "", ""};
      if (in_collective) {
        pending.push_back(l);
      } else {
        found.push_back(l);  // not enclosed: keeps "" as its collective, which no expectation has
      }
    } else if (e.kind == "MPI_COLLECTIVE_END") {
      for (Lifetime& l : pending) {
        l.over = quoted_name(e.text("Communicator"));
        l.op = e.text("Operation");
        found.push_back(l);
      }
      pending.clear();
      in_collective = false;
    } else if (e.kind == "LEAVE") {
      EXPECT_TRUE(pending.empty()) << region << " left with an open collective holding a lifetime event";
    }
  }
  return found;
}

std::vector<Lifetime> expected_lifetimes(int rank) {
  const std::string half = rank % 2 == 0 ? "life_even" : "life_odd";
  std::vector<Lifetime> l = {
      {"MPI_Comm_dup", "COMM_CREATE", "life_dup", "MPI_COMM_WORLD", "CREATE_HANDLE"},
      {"MPI_Comm_split", "COMM_CREATE", half, "life_dup", "CREATE_HANDLE"},
      {"MPI_Comm_free", "COMM_DESTROY", half, half, "DESTROY_HANDLE"},
      {"MPI_Comm_idup", "COMM_CREATE", "life_idup", "life_dup", "CREATE_HANDLE"},
      {"MPI_Comm_free", "COMM_DESTROY", "life_idup", "life_idup", "DESTROY_HANDLE"},
  };
  if (rank < 2) {
    l.push_back({"MPI_Comm_create_group", "COMM_CREATE", "life_pair", "life_pair", "CREATE_HANDLE"});
    l.push_back({"MPI_Comm_free", "COMM_DESTROY", "life_pair", "life_pair", "DESTROY_HANDLE"});
    l.push_back({"MPI_Comm_split", "COMM_CREATE", "life_some", "life_dup", "CREATE_HANDLE"});
    l.push_back({"MPI_Comm_free", "COMM_DESTROY", "life_some", "life_some", "DESTROY_HANDLE"});
  }
  l.push_back({"MPI_Comm_free", "COMM_DESTROY", "life_dup", "life_dup", "DESTROY_HANDLE"});
  return l;
}

TEST(CommLifetime, CreationsAndFreesAreCommCreateAndCommDestroyInTheirCollectives) {
  const TracedProgram traced = trace_program("comm-lifetime", 4, MPISIGHT_COMM_LIFETIME_PROGRAM, "comm_lifetime: OK\n");
  const trace::Trace& trace = traced.trace;
  const std::vector<PrintedEvent> events = printed_events(traced.archive);
  for (int rank = 0; rank < 4; ++rank) {
    SCOPED_TRACE("world rank " + std::to_string(rank));
    const trace::LocationId location = trace.definitions.location_of(rank).value();
    EXPECT_EQ(lifetimes_of(events, location), expected_lifetimes(rank));
    // The split that leaves ranks 2 and 3 without a communicator is still their CREATE_HANDLE collective on
    // life_dup: three such on every rank (split, idup, the second split).
    std::size_t created_on_dup = 0;
    std::set<std::string> destroyed;  // once the collective holding their CommDestroy ended
    std::string destroying;
    for (const PrintedEvent& e : events) {
      if (e.location != location) {
        continue;
      }
      if (e.fields.contains("Communicator")) {
        const std::string comm = quoted_name(e.text("Communicator"));
        EXPECT_FALSE(destroyed.contains(comm)) << e.kind << " uses " << comm << " after its CommDestroy";
        created_on_dup +=
            e.kind == "MPI_COLLECTIVE_END" && comm == "life_dup" && e.text("Operation") == "CREATE_HANDLE" ? 1 : 0;
        if (e.kind == "COMM_DESTROY") {
          destroying = comm;
        } else if (e.kind == "MPI_COLLECTIVE_END" && !destroying.empty()) {
          destroyed.insert(destroying);
          destroying.clear();
        }
      }
    }
    EXPECT_EQ(created_on_dup, 3U);
  }
  // One id per communicator on all its members (names are given per rank), and each created one is flagged.
  std::map<std::string, std::set<trace::CommId>> ids;
  for (const auto& [id, comm] : trace.definitions.comms) {
    ids[comm.name].insert(id);
    const bool created = id != 0 && id != 1;
    EXPECT_EQ((comm.flags & OTF2_COMM_FLAG_CREATE_DESTROY_EVENTS) != 0, created) << comm.name;
  }
  for (const std::string name : {"life_dup", "life_even", "life_odd", "life_idup", "life_pair", "life_some"}) {
    EXPECT_EQ(ids[name].size(), 1U) << name;
  }
  EXPECT_EQ(trace.definitions.comms.at(*ids["life_pair"].begin()).world_ranks, (std::vector<trace::WorldRank>{0, 1}));
}

}  // namespace
}  // namespace mpisight::testkit
