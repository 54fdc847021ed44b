// Every bug example under the tracer: mpi-analyze finds its bug with the right check id, on the right ranks and
// calls, and exits 1; the hung ones are stopped by a deadline and analyzed from their recovered trace.
#include <algorithm>
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <vector>

#include "analyzed_run.hpp"
#include "trace/events.hpp"

namespace mpisight::testkit {
namespace {

// Whether this build's trace model reads the extra attributes (runtime/schema/attributes.hpp): call sites on
// Enter, return codes on Leave, reduction ops on collectives. With them every finding is asserted at its marked
// line, and the checks that need them must fire; without them those checks must stay silent.
template <class E>
constexpr bool kHasCallSite = requires(E e) {
  e.call_site;
};
template <class E>
constexpr bool kHasReturnCode = requires(E e) {
  e.return_code;
};
constexpr bool kCallSitesInTraces = kHasCallSite<trace::Enter>;
constexpr bool kAttributesInTraces = kHasReturnCode<trace::Leave>;

struct BugCase {
  const char* program;
  int ranks;
  int hang_after_s;  // 0: ends by itself
  const char* check;
  std::vector<int> ranks_involved;
  std::vector<std::string> calls;      // "MPI_Send@0", in the finding's order
  std::set<std::string> also_allowed;  // other check ids this run may report (the consequences of its bug)
  bool needs_attributes = false;       // the check reads an extra attribute (see kAttributesInTraces)
  std::size_t marked_call = 0;         // which of `calls` is on the BUG line
  const char* severity = "error";
  const char* message_has = "";  // a phrase the finding's message must hold
};

void PrintTo(const BugCase& c, std::ostream* os) {
  *os << c.program;
}

class BugExample : public ::testing::TestWithParam<BugCase> {};

TEST_P(BugExample, IsFoundAtItsMarkedCall) {
  const BugCase& c = GetParam();
  const std::string program = std::string(MPISIGHT_BUGS_DIR) + "/" + c.program;
  const std::string source = std::string(MPISIGHT_BUGS_SOURCE_DIR) + "/" + c.program + ".c";
  const int line = marker_line(source, std::string("BUG(") + c.check + ")");
  ASSERT_GT(line, 0) << source << " has no BUG(" << c.check << ") marker";

  const AnalyzedRun run = trace_and_analyze(c.program, c.ranks, program, std::chrono::seconds(c.hang_after_s));
  ASSERT_TRUE(run.report.contains("findings")) << run.analyzed.out;
  if (c.needs_attributes && !kAttributesInTraces) {
    EXPECT_EQ(run.report.at("findings").size(), 0u) << "found without the attribute it needs: " << run.analyzed.out;
    EXPECT_EQ(run.analyzed.exit_code, 0);
    return;
  }
  const nlohmann::json* found = nullptr;
  for (const nlohmann::json& finding : run.report.at("findings")) {
    const std::string check = finding.at("check");
    if (check == c.check) {
      EXPECT_EQ(found, nullptr) << "reported twice: " << run.analyzed.out;
      found = &finding;
    } else {
      EXPECT_TRUE(c.also_allowed.contains(check)) << "unexpected " << check << ": " << finding.dump(2);
    }
  }
  ASSERT_NE(found, nullptr) << c.check << " not found in\n" << run.analyzed.out;
  EXPECT_EQ(found->at("severity"), c.severity);
  EXPECT_EQ(found->at("ranks").get<std::vector<int>>(), c.ranks_involved);
  EXPECT_EQ(calls_of(*found), c.calls) << found->dump(2);
  EXPECT_NE(found->at("message").get<std::string>().find(c.message_has), std::string::npos) << found->dump(2);
  EXPECT_FALSE(found->at("hint").get<std::string>().empty()) << found->dump(2);
  const auto errors = std::count_if(run.report.at("findings").begin(), run.report.at("findings").end(),
                                    [](const nlohmann::json& f) { return f.at("severity") == "error"; });
  EXPECT_EQ(run.report.at("summary").at("errors").get<int>(), static_cast<int>(errors));
  EXPECT_EQ(run.analyzed.exit_code, errors > 0 ? 1 : 0) << run.analyzed.out;

  const nlohmann::json& location = found->at("calls").at(c.marked_call).at("location");
  if (kCallSitesInTraces) {
    ASSERT_TRUE(location.is_object()) << found->dump(2);
    EXPECT_EQ(location.at("line"), line);
    EXPECT_TRUE(location.at("file").get<std::string>().ends_with(std::string(c.program) + ".c"));
    EXPECT_EQ(location.at("function"), "main");
    for (const nlohmann::json& call : found->at("calls")) {  // every involved call is placed in the program
      ASSERT_TRUE(call.at("location").is_object()) << found->dump(2);
      EXPECT_TRUE(call.at("location").at("file").get<std::string>().ends_with(std::string(c.program) + ".c"));
      EXPECT_GT(call.at("location").at("line").get<int>(), 0);
    }
  } else {
    EXPECT_TRUE(location.is_null()) << "call sites arrived: set kCallSitesInTraces";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Bugs, BugExample,
    ::testing::Values(
        BugCase{"requests_leak", 2, 0, "requests.leak", {0}, {"MPI_Isend@0"}, {}},
        BugCase{"messages_unreceived", 2, 0, "messages.unreceived", {0, 1}, {"MPI_Send@0"}, {}},
        // The wait-for graph comes from the receives' Enter records (whom each waits for): it is a cycle.
        BugCase{"messages_deadlock",
                2,
                4,
                "messages.deadlock",
                {0, 1},
                {"MPI_Recv@0", "MPI_Recv@1"},
                {"messages.unmatched_receive"},
                false,
                0,
                "error",
                "ranks 0 -> 1 -> 0 wait for each other in a cycle"},
        BugCase{
            "collectives_root_mismatch", 2, 0, "collectives.root_mismatch", {0, 1}, {"MPI_Bcast@0", "MPI_Bcast@1"}, {}},
        // MPICH aborts this one inside the barrier; the trace is recovered from the aborted run.
        BugCase{"collectives_mismatch",
                2,
                0,
                "collectives.mismatch",
                {0, 1},
                {"MPI_Bcast@0", "MPI_Barrier@1"},
                {"messages.deadlock"}},
        BugCase{"collectives_missing_rank",
                3,
                4,
                "collectives.missing_rank",
                {0, 1, 2},
                {"MPI_Barrier@0", "MPI_Barrier@2", "MPI_Finalize@1"},
                {"messages.deadlock"}},
        BugCase{"collectives_reduction_mismatch",
                2,
                0,
                "collectives.reduction_mismatch",
                {0, 1},
                {"MPI_Allreduce@0", "MPI_Allreduce@1"},
                {},
                true},
        BugCase{"errors_return_code", 2, 0, "errors.return_code", {0}, {"MPI_Send@0"}, {}, true},
        // The bug is the receive's datatype: the marked line is the second call's.
        BugCase{"messages_type_mismatch",
                2,
                0,
                "messages.type_mismatch",
                {0, 1},
                {"MPI_Send@0", "MPI_Recv@1"},
                {},
                true,
                1},
        // Two {int, double} structs received as one block of two {double, int}: the field order is the bug.
        BugCase{"messages_struct_type_mismatch",
                2,
                0,
                "messages.type_mismatch",
                {0, 1},
                {"MPI_Send@0", "MPI_Recv@1"},
                {},
                true,
                1},
        // The second request went into the variable that held the first, pending one (which leaks as well).
        BugCase{"requests_handle_overwritten",
                2,
                0,
                "requests.handle_overwritten",
                {0},
                {"MPI_Isend@0", "MPI_Isend@0"},
                {"requests.leak"},
                true,
                1},
        // MPI refuses the second start; the program ignores the error code.
        BugCase{"requests_persistent_active",
                2,
                0,
                "requests.persistent_misuse",
                {0},
                {"MPI_Start@0", "MPI_Start@0"},
                {"errors.return_code"},
                true},
        // Waiting for a persistent request that was never started is legal, hence a warning; the message it
        // should have received is left over.
        BugCase{"requests_persistent_unstarted",
                2,
                0,
                "requests.persistent_misuse",
                {1},
                {"MPI_Wait@1", "MPI_Recv_init@1"},
                {"messages.unreceived"},
                true,
                0,
                "warning"},
        // The freed receive still takes the message, but the trace cannot show its completion.
        BugCase{"requests_free_active_receive",
                2,
                0,
                "requests.free_active_receive",
                {1},
                {"MPI_Request_free@1", "MPI_Irecv@1"},
                {"messages.unreceived"},
                true},
        BugCase{
            "requests_buffer_reuse", 2, 0, "requests.buffer_reuse", {0}, {"MPI_Isend@0", "MPI_Recv@0"}, {}, true, 1},
        BugCase{"requests_buffer_reuse_collective",
                2,
                0,
                "requests.buffer_reuse",
                {0, 1},
                {"MPI_Iallreduce@0", "MPI_Bcast@0"},
                {},
                true,
                1},
        // MPI returned MPI_ERR_TRUNCATE, which the program ignored: the receive is the bug.
        BugCase{"messages_truncation",
                2,
                0,
                "messages.truncation",
                {0, 1},
                {"MPI_Recv@1", "MPI_Send@0"},
                {"errors.return_code"},
                true},
        // A race is a warning: some programs take results in any order on purpose.
        BugCase{"messages_wildcard_race",
                3,
                0,
                "messages.wildcard_race",
                {0, 1, 2},
                {"MPI_Recv@0", "MPI_Send@1", "MPI_Send@2"},
                {},
                true,
                0,
                "warning"},
        BugCase{"messages_unsafe_send_cycle",
                3,
                0,
                "messages.unsafe_send_cycle",
                {0, 1, 2},
                {"MPI_Send@0", "MPI_Send@1", "MPI_Send@2"},
                {}},
        // Rank 1 receives the root's MPI_INTs as MPI_FLOATs: its call is the marked one.
        BugCase{"collectives_type_mismatch",
                2,
                0,
                "collectives.type_mismatch",
                {0, 1},
                {"MPI_Bcast@0", "MPI_Bcast@1"},
                {},
                true,
                1},
        // A v-form, judged per pair: the root expects 2 elements from rank 2, which sends 1.
        BugCase{"collectives_size_mismatch",
                3,
                0,
                "collectives.size_mismatch",
                {0, 2},
                {"MPI_Gatherv@0", "MPI_Gatherv@2"},
                {},
                true,
                0,
                "error",
                "rank 2 sends 1 x MPI_INT (4 bytes) to rank 0, but rank 0 expects 2 x MPI_INT (8 bytes) from rank 2"},
        // Per pair: rank 2 expects 2 elements from rank 0, which sends it 1 (MPI accepts it silently).
        BugCase{"collectives_alltoallv_pair",
                3,
                0,
                "collectives.size_mismatch",
                {0, 2},
                {"MPI_Alltoallv@0", "MPI_Alltoallv@2"},
                {},
                true,
                0,
                "error",
                "rank 0 sends 1 x MPI_INT (4 bytes) to rank 2, but rank 2 expects 2 x MPI_INT (8 bytes) from rank 0"},
        // Per-peer datatypes: rank 0's block for rank 1 is MPI_FLOAT, rank 1 receives it as MPI_INT.
        BugCase{"collectives_alltoallw_type",
                2,
                0,
                "collectives.type_mismatch",
                {0, 1},
                {"MPI_Alltoallw@0", "MPI_Alltoallw@1"},
                {},
                true,
                0,
                "error",
                "rank 0 sends 1 x MPI_FLOAT (4 bytes) to rank 1, but rank 1 expects 1 x MPI_INT (4 bytes) from rank 0"},
        // Persistent inits in different orders: MPICH matches the broadcast of one rank with the reduction of the
        // other and both wait forever in MPI_Waitall; the first init of rank 0 is the marked call.
        BugCase{"collectives_persistent_order",
                2,
                4,
                "collectives.mismatch",
                {0, 1},
                {"MPI_Bcast_init@0", "MPI_Allreduce_init@1"},
                {"messages.deadlock"},
                true,
                0,
                "error",
                "collective call #1 is MPI_Bcast on rank 0 but MPI_Allreduce on rank 1"},
        // Rank 1 waits forever for its MPI_Ibcast; the nonblocking call (marked) is the second one.
        BugCase{"collectives_kind_mismatch",
                2,
                4,
                "collectives.kind_mismatch",
                {0, 1},
                {"MPI_Bcast@0", "MPI_Ibcast@1"},
                {"messages.deadlock"},
                false,
                1},
        // The barrier on the stale handle also fails with an error code.
        BugCase{"collectives_freed_comm",
                2,
                0,
                "collectives.freed_comm",
                {0, 1},
                {"MPI_Barrier@0", "MPI_Comm_free@0", "MPI_Barrier@1", "MPI_Comm_free@1"},
                {"errors.return_code"},
                false},
        // MPICH refuses the put with MPI_ERR_RMA_SYNC (the program ignores it): errors.return_code says so too.
        BugCase{"rma_outside_epoch", 2, 0, "rma.outside_epoch", {0}, {"MPI_Put@0"}, {"errors.return_code"}},
        BugCase{"rma_fence_mismatch",
                2,
                4,
                "rma.fence_mismatch",
                {0, 1},
                {"MPI_Win_fence@0", "MPI_Win_fence@1"},
                {"messages.deadlock", "collectives.missing_rank"}},
        BugCase{"rma_pscw_mismatch",
                3,
                4,
                "rma.pscw_mismatch",
                {0, 2},
                {"MPI_Win_post@0"},
                {"messages.deadlock", "collectives.missing_rank"}},
        BugCase{"rma_lock_misuse",
                2,
                0,
                "rma.lock_misuse",
                {0},
                {"MPI_Win_lock@0", "MPI_Win_lock@0"},
                {"errors.return_code"}},
        BugCase{"rma_epoch_open", 2, 0, "rma.epoch_open", {0}, {"MPI_Win_lock@0", "MPI_Finalize@0"}, {}},
        BugCase{"rma_conflict", 3, 0, "rma.conflict", {0, 1, 2}, {"MPI_Put@1", "MPI_Put@2"}, {}},
        BugCase{"rma_origin_buffer_reuse", 2, 0, "rma.origin_buffer_reuse", {0}, {"MPI_Put@0", "MPI_Get@0"}, {}},
        // An inactive persistent request never freed loses no operation: a warning at its init.
        BugCase{"requests_leak_persistent",
                2,
                0,
                "requests.leak",
                {0},
                {"MPI_Send_init@0"},
                {},
                true,
                0,
                "warning",
                "never freed"},
        // Two shared-lock epochs of different origins, held at the same time, write the same int.
        BugCase{"rma_conflict_shared_lock",
                3,
                0,
                "rma.conflict",
                {0, 1, 2},
                {"MPI_Put@1", "MPI_Put@2"},
                {},
                false,
                0,
                "error",
                "under shared locks"},
        // MPICH accepts a send buffer that only partly overlaps the receive buffer; every rank made the call.
        BugCase{"params_aliased_buffers",
                3,
                0,
                "params.aliased_buffers",
                {0, 1, 2},
                {"MPI_Allgather@0", "MPI_Allgather@1", "MPI_Allgather@2"},
                {},
                true},
        // The nonblocking receive gave the small buffer (marked); MPI_Wait completed it with MPI_ERR_TRUNCATE.
        BugCase{"messages_truncation_irecv",
                2,
                0,
                "messages.truncation",
                {0, 1},
                {"MPI_Irecv@1", "MPI_Wait@1", "MPI_Send@0"},
                {"errors.return_code"},
                true},
        // The wildcard receive is an MPI_Irecv (marked) completed by MPI_Wait.
        BugCase{"messages_wildcard_race_irecv",
                3,
                0,
                "messages.wildcard_race",
                {0, 1, 2},
                {"MPI_Irecv@0", "MPI_Wait@0", "MPI_Send@1", "MPI_Send@2"},
                {},
                true,
                0,
                "warning"},
        // Hangs: rank 1 waits for a third message rank 0 never sends, rank 0 waits in the barrier.
        BugCase{"messages_unmatched_receive",
                2,
                4,
                "messages.unmatched_receive",
                {0, 1},
                {"MPI_Recv@1"},
                {"messages.deadlock", "collectives.missing_rank"},
                false,
                0,
                "warning",
                "that was never sent"}),
    [](const auto& info) { return std::string(info.param.program); });

}  // namespace
}  // namespace mpisight::testkit
