// Every correct MPI program of the repository analyzes with zero findings and exit code 0: the checks are quiet on
// correct programs. The programs come from CMake (every executable the tests run under mpi-trace); a program is run
// unless kExcluded below names it with the reason it is not correct by design.
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "analyzed_run.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

// The programs that are not correct by design, by CMake target, each with its reason. The bug examples
// (examples/bugs/<name>, not <name>_fixed) are excluded by their name: analyze_bugs_test.cpp runs them.
const std::map<std::string, std::string>& excluded() {
  static const std::map<std::string, std::string> kExcluded = {
      {"example_crash_midloop", "kills a rank mid-loop on purpose (e2e.Recovery)"},
      {"example_deadlock", "hangs on purpose (analyze_e2e.RunEnding.HungExampleIsACycleOfItsMarkedReceives)"},
      {"e2e_return_code", "sends to an invalid rank on purpose, under MPI_ERRORS_RETURN"},
      {"e2e_edge_cases", "makes six invalid calls on purpose, under MPI_ERRORS_RETURN"},
      {"e2e_request_free", "frees an active receive and hands MPI_Startall an MPI_REQUEST_NULL on purpose"},
      {"e2e_ports", "tolerates failing port calls (MPI_Open_port fails on this MPICH): errors.return_code is right"},
      {"e2e_request_free_rma_io", "frees active RMA and MPI-IO requests on purpose (MPICH refuses the RMA free)"},
      {"e2e_spawn", "calls MPI_Comm_spawn, which this MPICH refuses: errors.return_code is right"},
      {"e2e_api_calls",
       "drops a pending receive and a matched message on purpose (checked misuse), to trace the "
       "destructors' calls"},
      {"analyze_run_abort", "ends in MPI_Abort on purpose"},
      {"analyze_run_crash", "dies by SIGSEGV on purpose"},
      {"fortran_ring_mpi_f08", "pure mpi_f08: leaves no trace (README: Fortran)"},
  };
  return kExcluded;
}

struct RunAs {
  int ranks = 2;
  std::vector<std::string> args;  // "{scratch}" stands for a fresh directory
};

// Programs that need more than 2 ranks or arguments (an entry for a program not built is harmless).
const std::map<std::string, RunAs>& run_as() {
  static const std::map<std::string, RunAs> kRunAs = {
      {"e2e_collectives", {3, {}}},
      {"e2e_collectives_nonblocking", {3, {}}},
      {"e2e_collectives_persistent", {3, {}}},
      {"e2e_neighbors", {4, {}}},
      {"e2e_comms", {4, {}}},
      {"e2e_comm_lifetime", {4, {}}},
      {"e2e_intercomm_collectives", {4, {}}},
      {"e2e_rma_comms", {4, {}}},
      {"e2e_io", {4, {"{scratch}/io.bin"}}},
      {"e2e_thread_storm", {2, {"10"}}},
      {"analyze_profile_sites", {3, {}}},
      {"bug_rma_pscw_mismatch_fixed", {3, {}}},
      {"bug_rma_conflict_fixed", {3, {}}},
      {"bug_collectives_missing_rank_fixed", {3, {}}},
      {"bug_messages_wildcard_race_fixed", {3, {}}},
      {"bug_messages_unsafe_send_cycle_fixed", {3, {}}},
      {"bug_collectives_size_mismatch_fixed", {3, {}}},
      // Twins the vcounts and checks5 branches add.
      {"bug_collectives_alltoallv_pair_fixed", {3, {}}},
      {"bug_rma_conflict_shared_lock_fixed", {3, {}}},
      {"bug_params_aliased_buffers_fixed", {3, {}}},
      {"bug_messages_wildcard_race_irecv_fixed", {3, {}}},
  };
  return kRunAs;
}

struct Program {
  std::string target;
  std::string path;
};

void PrintTo(const Program& p, std::ostream* os) {
  *os << p.target;
}

// MPISIGHT_TRACED_PROGRAMS: "target=path,target=path,...".
std::vector<Program> traced_programs() {
  std::vector<Program> programs;
  std::istringstream list(MPISIGHT_TRACED_PROGRAMS);
  for (std::string entry; std::getline(list, entry, ',');) {
    const auto equals = entry.find('=');
    programs.push_back({entry.substr(0, equals), entry.substr(equals + 1)});
  }
  return programs;
}

bool is_bug_example(const std::string& target) {
  return target.starts_with("bug_") && !target.ends_with("_fixed");
}

std::vector<Program> correct_programs() {
  std::vector<Program> correct;
  for (const Program& program : traced_programs()) {
    if (!is_bug_example(program.target) && !excluded().contains(program.target)) {
      correct.push_back(program);
    }
  }
  return correct;
}

class CorrectProgram : public ::testing::TestWithParam<Program> {};

TEST_P(CorrectProgram, HasNoFindings) {
  const Program& program = GetParam();
  const auto found = run_as().find(program.target);
  RunAs how = found == run_as().end() ? RunAs{} : found->second;
  for (std::string& arg : how.args) {
    if (const auto at = arg.find("{scratch}"); at != std::string::npos) {
      const std::filesystem::path scratch = fresh_trace_dir(program.target + "-scratch");
      std::filesystem::create_directories(scratch);
      arg.replace(at, std::string("{scratch}").size(), scratch.string());
    }
  }
  const AnalyzedRun run = trace_and_analyze(program.target, how.ranks, program.path, std::chrono::seconds(0), how.args);
  EXPECT_EQ(run.traced.exit_code, 0) << run.traced.err;
  EXPECT_EQ(run.analyzed.exit_code, 0) << run.analyzed.out;
  ASSERT_TRUE(run.report.contains("findings")) << run.analyzed.out;
  EXPECT_EQ(run.report.at("findings").size(), 0u) << run.report.at("findings").dump(2);
  EXPECT_EQ(run.report.at("run").at("state"), "complete") << run.report.at("run").dump(2);
  EXPECT_GT(run.report.at("events").get<long>(), 0);
}

INSTANTIATE_TEST_SUITE_P(Repository, CorrectProgram, ::testing::ValuesIn(correct_programs()),
                         [](const auto& info) { return info.param.target; });

// Every exclusion names a program that exists (a stale one would hide a renamed program's reason), and the
// repository's examples, fixed twins and test programs of every directory are among those run.
TEST(CorrectPrograms, ListsNameExistingProgramsAndCoverEveryKind) {
  std::map<std::string, std::string> paths;
  for (const Program& program : traced_programs()) {
    paths[program.target] = program.path;
  }
  for (const auto& [target, reason] : excluded()) {
    EXPECT_TRUE(paths.contains(target)) << "excluded program " << target << " is not built";
  }
  for (const auto& [target, how] : run_as()) {
    EXPECT_FALSE(excluded().contains(target)) << target;
  }
  std::map<std::string, int> kinds;
  for (const Program& program : correct_programs()) {
    ++kinds[program.target.substr(0, program.target.find('_'))];
  }
  for (const char* kind : {"example", "bug", "e2e", "filter", "analyze", "viewer"}) {
    EXPECT_GT(kinds[kind], 0) << "no correct " << kind << " program is analyzed";
  }
  EXPECT_TRUE(paths.contains("example_api_ring")) << "the C++ API example";
  EXPECT_TRUE(paths.contains("bug_api_root_mismatch_fixed")) << "the C++ API bug example's twin";
}

}  // namespace
}  // namespace mpisight::testkit
