// MPISIGHT_FILTER and MPI_Pcontrol on real 2-rank runs under mpi-trace, checked call by call: filtered functions
// are absent and the others present in exact order, nothing but MPI_Pcontrol is recorded while paused, a call in
// progress when another thread switches recording stays whole, and a bad setting costs one warning line.
#include <gtest/gtest.h>
#include <map>
#include <sstream>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

using Env = std::map<std::string, std::string>;
using Names = std::vector<std::string>;

constexpr int kRanks = 2;
constexpr int kPhases = 3;  // as in programs/filter_loop.c
constexpr int kRounds = 5;

// Every Leave closes the innermost open region, and every location ends with none open.
void expect_regions_balanced(const trace::Trace& trace) {
  for (const auto& [location, events] : trace.events) {
    std::vector<trace::RegionId> open;
    for (const trace::Event& event : events) {
      if (const auto* enter = std::get_if<trace::Enter>(&event)) {
        open.push_back(enter->region);
      } else if (const auto* leave = std::get_if<trace::Leave>(&event)) {
        ASSERT_FALSE(open.empty()) << "location " << location << ": a Leave of "
                                   << trace.definitions.region_name(leave->region) << " without its Enter";
        EXPECT_EQ(trace.definitions.region_name(open.back()), trace.definitions.region_name(leave->region));
        open.pop_back();
      }
    }
    EXPECT_TRUE(open.empty()) << "location " << location << " ends inside "
                              << trace.definitions.region_name(open.back());
  }
}

// The functions `location` entered, in order.
Names entered(const trace::Trace& trace, trace::LocationId location) {
  Names names;
  for (const auto& enter : trace.events_of<trace::Enter>(location)) {
    names.push_back(trace.definitions.region_name(enter.region));
  }
  return names;
}

// How many events `location` has between the Leave of its first MPI_Pcontrol and the Enter of its second.
std::size_t events_while_paused(const trace::Trace& trace, trace::LocationId location) {
  std::vector<std::size_t> pcontrol_at;
  const auto& events = trace.events.at(location);
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (const auto* enter = std::get_if<trace::Enter>(&events[i]);
        enter != nullptr && trace.definitions.region_name(enter->region) == "MPI_Pcontrol") {
      pcontrol_at.push_back(i);
    }
  }
  EXPECT_EQ(pcontrol_at.size(), 2U);
  if (pcontrol_at.size() != 2) {
    return events.size();
  }
  return pcontrol_at[1] - pcontrol_at[0] - 2;  // minus the first MPI_Pcontrol's own Enter and Leave
}

// What filter_loop enters on `rank`, given which optional functions are recorded and whether phase 1 is.
struct Expect {
  bool comm = true;  // MPI_Comm_rank, MPI_Comm_size
  bool wtime = true;
  bool collective = true;
  bool datatype = true;  // MPI_Op_create, MPI_Op_free
  bool paused_phase = false;
};

Names filter_loop_calls(int rank, const Expect& expect) {
  Names names = {"MPI_Init"};
  auto add_if = [&](bool wanted, std::initializer_list<const char*> calls) {
    if (wanted) {
      names.insert(names.end(), calls.begin(), calls.end());
    }
  };
  add_if(expect.comm, {"MPI_Comm_rank", "MPI_Comm_size"});
  add_if(expect.datatype, {"MPI_Op_create"});
  for (int phase = 0; phase < kPhases; ++phase) {
    if (phase > 0) {
      names.emplace_back("MPI_Pcontrol");
    }
    if (phase == 1 && !expect.paused_phase) {
      continue;
    }
    for (int round = 0; round < kRounds; ++round) {
      add_if(expect.comm, {"MPI_Comm_rank"});
      add_if(expect.wtime, {"MPI_Wtime"});
      names.emplace_back(rank == 0 ? "MPI_Send" : "MPI_Recv");
      names.emplace_back(rank == 0 ? "MPI_Recv" : "MPI_Send");
      add_if(expect.wtime, {"MPI_Wtime"});
    }
    add_if(expect.collective, {"MPI_Allreduce"});
  }
  add_if(expect.datatype, {"MPI_Op_free"});
  names.emplace_back("MPI_Finalize");
  return names;
}

void expect_filter_loop_calls(const trace::Trace& trace, const Expect& expect) {
  for (int rank = 0; rank < kRanks; ++rank) {
    const trace::LocationId location = trace.definitions.location_of(static_cast<trace::WorldRank>(rank)).value();
    EXPECT_EQ(entered(trace, location), filter_loop_calls(rank, expect)) << "rank " << rank;
    if (!expect.paused_phase) {
      EXPECT_EQ(events_while_paused(trace, location), 0U) << "rank " << rank;
    }
  }
  EXPECT_EQ(trace.definitions.locations.size(), static_cast<std::size_t>(kRanks)) << "one thread per rank";
}

TEST(Filter, ExcludedFunctionsAndThePausedPhaseAreAbsent) {
  const TracedProgram run = trace_program("filter-exclude", kRanks, MPISIGHT_FILTER_LOOP, "", {},
                                          {{"MPISIGHT_FILTER", "-MPI_Wtime,-family:collective"}});
  EXPECT_EQ(count_lines_containing(run.err, "mpisight:"), 0U) << run.err;
  expect_regions_balanced(run.trace);
  // MPI_Comm_rank inside the reduction operator is absent too: the unrecorded MPI_Allreduce still hides it.
  expect_filter_loop_calls(run.trace, {.wtime = false, .collective = false});
  EXPECT_EQ(expect_messages_matched(run.trace), 2U * 2 * kRounds);
}

TEST(Filter, AnIncludeListKeepsOnlyItsFamily) {
  // A bad MPISIGHT_PCONTROL falls back to obeying MPI_Pcontrol, with one warning.
  const TracedProgram run = trace_program("filter-include", kRanks, MPISIGHT_FILTER_LOOP, "", {},
                                          {{"MPISIGHT_FILTER", "+family:p2p"}, {"MPISIGHT_PCONTROL", "sometimes"}});
  EXPECT_EQ(count_lines_containing(run.err, "mpisight:"), 1U) << run.err;
  EXPECT_EQ(count_lines_containing(run.err, "mpisight: MPISIGHT_PCONTROL='sometimes'"), 1U) << run.err;
  expect_regions_balanced(run.trace);
  expect_filter_loop_calls(run.trace, {.comm = false, .wtime = false, .collective = false, .datatype = false});
  EXPECT_EQ(expect_messages_matched(run.trace), 2U * 2 * kRounds);
}

TEST(Filter, PcontrolCanBeIgnored) {
  const TracedProgram run =
      trace_program("filter-ignore-pcontrol", kRanks, MPISIGHT_FILTER_LOOP, "", {}, {{"MPISIGHT_PCONTROL", "ignore"}});
  EXPECT_EQ(count_lines_containing(run.err, "mpisight:"), 0U) << run.err;
  expect_regions_balanced(run.trace);
  expect_filter_loop_calls(run.trace, {.paused_phase = true});
  EXPECT_EQ(expect_messages_matched(run.trace), 2U * kPhases * kRounds);
}

TEST(Filter, ABadRuleGivesOneWarningAndTheRestApplies) {
  const TracedProgram run = trace_program("filter-bad-rule", kRanks, MPISIGHT_FILTER_LOOP, "", {},
                                          {{"MPISIGHT_FILTER", "-MPI_Wtime,-MPI_Bogus"}});
  EXPECT_EQ(count_lines_containing(run.err, "mpisight:"), 1U) << run.err;
  EXPECT_EQ(count_lines_containing(run.err,
                                   "mpisight: MPISIGHT_FILTER: ignoring '-MPI_Bogus' (no MPI function has "
                                   "this exact name); the other rules apply"),
            1U)
      << run.err;
  expect_regions_balanced(run.trace);
  expect_filter_loop_calls(run.trace, {.wtime = false});
  EXPECT_EQ(expect_messages_matched(run.trace), 2U * 2 * kRounds);
}

// A call is recorded whole or not at all, whatever another thread switches while it runs.
TEST(Filter, CallsInProgressWhenRecordingSwitchesStayWhole) {
  const TracedProgram run = trace_program("filter-threads", kRanks, MPISIGHT_PCONTROL_THREADS, "", {}, {});
  EXPECT_EQ(count_lines_containing(run.err, "mpisight:"), 0U) << run.err;
  expect_regions_balanced(run.trace);
  const trace::TraceDefinitions& defs = run.trace.definitions;
  const trace::LocationId zero = defs.location_of(0).value();
  const trace::LocationId one = defs.location_of(1).value();
  EXPECT_EQ(entered(run.trace, zero),
            (Names{"MPI_Init_thread", "MPI_Comm_rank", "MPI_Comm_size", "MPI_Pcontrol", "MPI_Pcontrol", "MPI_Send",
                   "MPI_Barrier", "MPI_Pcontrol", "MPI_Pcontrol", "MPI_Reduce", "MPI_Finalize"}));
  EXPECT_EQ(entered(run.trace, one), (Names{"MPI_Init_thread", "MPI_Comm_rank", "MPI_Comm_size", "MPI_Pcontrol",
                                            "MPI_Pcontrol", "MPI_Barrier", "MPI_Reduce", "MPI_Finalize"}));
  const auto sends = run.trace.events_of<trace::MpiSend>(zero);
  ASSERT_EQ(sends.size(), 1U);
  EXPECT_EQ(sends[0].tag, 7U) << "tag 9 was sent while rank 0 was paused";

  // Rank 1's threads: A recorded its whole MPI_Recv, B (entered while paused) nothing at all.
  const auto enters = run.trace.events_of<trace::Enter>(one);
  const std::int64_t pause_ns = enters.at(3).time_ns;   // MPI_Pcontrol(0)
  const std::int64_t resume_ns = enters.at(4).time_ns;  // MPI_Pcontrol(1)
  std::size_t threads_with_events = 0;
  for (const auto& [location, events] : run.trace.events) {
    if (location == zero || location == one || events.empty()) {
      continue;
    }
    ++threads_with_events;
    EXPECT_EQ(defs.world_rank_of(location), 1U);
    ASSERT_EQ(entered(run.trace, location), Names{"MPI_Recv"});
    const auto recvs = run.trace.events_of<trace::MpiRecv>(location);
    ASSERT_EQ(recvs.size(), 1U);
    EXPECT_EQ(recvs[0].tag, 7U);
    EXPECT_EQ(recvs[0].peer_world_rank, 0U);
    EXPECT_LT(run.trace.events_of<trace::Enter>(location).at(0).time_ns, pause_ns)
        << "thread A had not entered MPI_Recv 200 ms after it started: was the machine overloaded?";
    const std::int64_t leave_ns = run.trace.events_of<trace::Leave>(location).at(0).time_ns;
    EXPECT_GT(leave_ns, pause_ns) << "thread A's MPI_Recv must end while rank 1 is paused";
    EXPECT_LT(leave_ns, resume_ns) << "thread A's MPI_Recv must end while rank 1 is paused";
  }
  EXPECT_EQ(threads_with_events, 1U);
  EXPECT_EQ(expect_messages_matched(run.trace), 1U);
}

}  // namespace
}  // namespace mpisight::testkit
