// Every correct MPI program of the repository (examples, the bug examples' fixed twins, the tracer's test
// programs) analyzes with zero findings and exit code 0: the checks are quiet on correct programs.
#include <gtest/gtest.h>
#include <string>

#include "analyzed_run.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

struct CorrectCase {
  std::string name;
  int ranks;
  std::string program;
};

void PrintTo(const CorrectCase& c, std::ostream* os) {
  *os << c.name;
}

class CorrectProgram : public ::testing::TestWithParam<CorrectCase> {};

TEST_P(CorrectProgram, HasNoFindings) {
  const CorrectCase& c = GetParam();
  const AnalyzedRun run = trace_and_analyze(c.name, c.ranks, c.program);
  EXPECT_EQ(run.traced.exit_code, 0) << run.traced.err;
  EXPECT_EQ(run.analyzed.exit_code, 0) << run.analyzed.out;
  ASSERT_TRUE(run.report.contains("findings")) << run.analyzed.out;
  EXPECT_EQ(run.report.at("findings").size(), 0u) << run.report.at("findings").dump(2);
  EXPECT_GT(run.report.at("events").get<long>(), 0);
}

std::string bug_dir_program(const std::string& name) {
  return std::string(MPISIGHT_BUGS_DIR) + "/" + name;
}

INSTANTIATE_TEST_SUITE_P(
    Repository, CorrectProgram,
    ::testing::Values(
        CorrectCase{"ring", 3, example_path("ring")}, CorrectCase{"allreduce_loop", 3, example_path("allreduce_loop")},
        CorrectCase{"halo", 4, example_path("halo")}, CorrectCase{"p2p_modes", 2, MPISIGHT_P2P_PROGRAM},
        CorrectCase{"collectives", 3, MPISIGHT_COLLECTIVES_PROGRAM}, CorrectCase{"comms", 4, MPISIGHT_COMMS_PROGRAM},
        CorrectCase{"threaded", 2, MPISIGHT_THREADED_PROGRAM}, CorrectCase{"filter_loop", 2, MPISIGHT_FILTER_LOOP},
        CorrectCase{"pcontrol_threads", 2, MPISIGHT_PCONTROL_THREADS},
        CorrectCase{"buffers", 2, MPISIGHT_BUFFERS_PROGRAM}, CorrectCase{"rma_family", 4, MPISIGHT_RMA_PROGRAM},
        CorrectCase{"rma_outside_epoch_fixed", 2, bug_dir_program("rma_outside_epoch_fixed")},
        CorrectCase{"rma_fence_mismatch_fixed", 2, bug_dir_program("rma_fence_mismatch_fixed")},
        CorrectCase{"rma_pscw_mismatch_fixed", 3, bug_dir_program("rma_pscw_mismatch_fixed")},
        CorrectCase{"rma_lock_misuse_fixed", 2, bug_dir_program("rma_lock_misuse_fixed")},
        CorrectCase{"rma_epoch_open_fixed", 2, bug_dir_program("rma_epoch_open_fixed")},
        CorrectCase{"rma_conflict_fixed", 3, bug_dir_program("rma_conflict_fixed")},
        CorrectCase{"rma_origin_buffer_reuse_fixed", 2, bug_dir_program("rma_origin_buffer_reuse_fixed")},
#ifdef MPISIGHT_RING_USE_MPI
        CorrectCase{"fortran_ring_use_mpi", 2, MPISIGHT_RING_USE_MPI},
#endif
        CorrectCase{"requests_leak_fixed", 2, bug_dir_program("requests_leak_fixed")},
        CorrectCase{"messages_unreceived_fixed", 2, bug_dir_program("messages_unreceived_fixed")},
        CorrectCase{"messages_deadlock_fixed", 2, bug_dir_program("messages_deadlock_fixed")},
        CorrectCase{"collectives_root_mismatch_fixed", 2, bug_dir_program("collectives_root_mismatch_fixed")},
        CorrectCase{"collectives_mismatch_fixed", 2, bug_dir_program("collectives_mismatch_fixed")},
        CorrectCase{"collectives_missing_rank_fixed", 3, bug_dir_program("collectives_missing_rank_fixed")},
        CorrectCase{"collectives_reduction_mismatch_fixed", 2, bug_dir_program("collectives_reduction_mismatch_fixed")},
        CorrectCase{"errors_return_code_fixed", 2, bug_dir_program("errors_return_code_fixed")},
        CorrectCase{"messages_type_mismatch_fixed", 2, bug_dir_program("messages_type_mismatch_fixed")},
        CorrectCase{"requests_handle_overwritten_fixed", 2, bug_dir_program("requests_handle_overwritten_fixed")},
        CorrectCase{"requests_persistent_active_fixed", 2, bug_dir_program("requests_persistent_active_fixed")},
        CorrectCase{"requests_persistent_unstarted_fixed", 2, bug_dir_program("requests_persistent_unstarted_fixed")},
        CorrectCase{"requests_free_active_receive_fixed", 2, bug_dir_program("requests_free_active_receive_fixed")},
        CorrectCase{"requests_buffer_reuse_fixed", 2, bug_dir_program("requests_buffer_reuse_fixed")},
        CorrectCase{"requests_buffer_reuse_collective_fixed", 2,
                    bug_dir_program("requests_buffer_reuse_collective_fixed")},
        CorrectCase{"messages_truncation_fixed", 2, bug_dir_program("messages_truncation_fixed")},
        CorrectCase{"messages_wildcard_race_fixed", 3, bug_dir_program("messages_wildcard_race_fixed")},
        CorrectCase{"messages_unsafe_send_cycle_fixed", 3, bug_dir_program("messages_unsafe_send_cycle_fixed")},
        CorrectCase{"collectives_type_mismatch_fixed", 2, bug_dir_program("collectives_type_mismatch_fixed")},
        CorrectCase{"collectives_size_mismatch_fixed", 3, bug_dir_program("collectives_size_mismatch_fixed")},
        CorrectCase{"collectives_kind_mismatch_fixed", 2, bug_dir_program("collectives_kind_mismatch_fixed")},
        CorrectCase{"collectives_freed_comm_fixed", 2, bug_dir_program("collectives_freed_comm_fixed")},
        CorrectCase{"requests_leak_persistent_fixed", 2, bug_dir_program("requests_leak_persistent_fixed")},
        CorrectCase{"rma_conflict_shared_lock_fixed", 3, bug_dir_program("rma_conflict_shared_lock_fixed")},
        CorrectCase{"params_aliased_buffers_fixed", 3, bug_dir_program("params_aliased_buffers_fixed")},
        CorrectCase{"messages_truncation_irecv_fixed", 2, bug_dir_program("messages_truncation_irecv_fixed")},
        CorrectCase{"messages_wildcard_race_irecv_fixed", 3, bug_dir_program("messages_wildcard_race_irecv_fixed")},
        CorrectCase{"messages_unmatched_receive_fixed", 2, bug_dir_program("messages_unmatched_receive_fixed")}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mpisight::testkit
