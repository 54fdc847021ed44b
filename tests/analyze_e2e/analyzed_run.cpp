// The deadline mirrors tests/e2e/recovery_test.cpp: SIGTERM to mpi-trace, which ends mpiexec and recovers.
#include "analyzed_run.hpp"

#include <signal.h>

#include <fstream>
#include <gtest/gtest.h>

#include "traced_run.hpp"

namespace mpisight::testkit {

AnalyzedRun trace_and_analyze(const std::string& name, int ranks, const std::string& program,
                              std::chrono::seconds hang_after, const std::vector<std::string>& args) {
  const std::filesystem::path dir = fresh_trace_dir("analyze-" + name);
  AnalyzedRun run;
  if (hang_after.count() == 0) {
    run.traced = run_traced(dir, ranks, program, args, {}, std::chrono::seconds(40));
  } else {
    std::vector<std::string> argv = {MPISIGHT_MPI_TRACE, "-o", dir.string(), "-n", std::to_string(ranks), program};
    argv.insert(argv.end(), args.begin(), args.end());
    run.traced = run_process_signal_at_deadline(argv, hang_after, SIGTERM, std::chrono::seconds(30));
    EXPECT_TRUE(run.traced.timed_out) << name << " was expected to hang";
  }
  EXPECT_NE(run.traced.err.find("trace written to"), std::string::npos) << run.traced.err;
  EXPECT_EQ(otf2_print_problems(dir / "traces.otf2"), "") << name;
  run.analyzed = run_process({MPISIGHT_MPI_ANALYZE, "--format", "json", dir.string()}, std::chrono::seconds(30));
  EXPECT_TRUE(run.analyzed.exited) << run.analyzed.err;
  EXPECT_EQ(run.analyzed.err, "");
  try {
    run.report = nlohmann::json::parse(run.analyzed.out);
  } catch (const nlohmann::json::exception& error) {
    ADD_FAILURE() << "mpi-analyze printed no JSON: " << error.what() << "\n" << run.analyzed.out;
  }
  return run;
}

int marker_line(const std::string& source, const std::string& marker) {
  std::ifstream in(source);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find(marker) != std::string::npos) {
      return number;
    }
  }
  return 0;
}

std::vector<std::string> calls_of(const nlohmann::json& finding) {
  std::vector<std::string> calls;
  for (const nlohmann::json& call : finding.at("calls")) {
    calls.push_back(call.at("function").get<std::string>() + "@" + std::to_string(call.at("rank").get<int>()));
  }
  return calls;
}

}  // namespace mpisight::testkit
