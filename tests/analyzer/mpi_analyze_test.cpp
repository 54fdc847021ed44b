// mpi-analyze as users run it: a child process with a timeout. Good traces give exit 0 and the profile; bad flags
// and every kind of damaged trace give exit 2 and exactly one error line, never a crash or a hang.
#include <gmock/gmock.h>

#include <chrono>
#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "otf2_fixture.hpp"
#include "subprocess.hpp"

namespace mpisight::testkit {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr auto kTimeout = std::chrono::seconds(20);

ProcessResult mpi_analyze(std::vector<std::string> args) {
  args.insert(args.begin(), MPI_ANALYZE_PATH);
  return run_process(args, kTimeout);
}

// Exit 2 after a clean, single-line complaint that starts with `prefix`; nothing on stdout.
void expect_one_line_failure(const ProcessResult& result, const std::string& prefix) {
  EXPECT_FALSE(result.timed_out) << "hung";
  EXPECT_EQ(result.term_signal, 0) << "killed by signal " << result.term_signal;
  ASSERT_TRUE(result.exited);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, StartsWith(prefix));
  ASSERT_FALSE(result.err.empty());
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "not exactly one line: " << result.err;
  EXPECT_EQ(result.out, "");
}

TEST(MpiAnalyze, CleanTraceExitsZeroWithTheSummaryLine) {
  TempDir dir;
  const fs::path anchor = write_ping_pong(dir.path());
  const ProcessResult result = mpi_analyze({dir.path().string()});
  ASSERT_TRUE(result.exited) << result.err;
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  // Not a terminal: no colour codes.
  EXPECT_EQ(result.out, "Trace: " + anchor.string() + "\n\nNo MPI errors found.\n");
}

// A ping-pong whose second message is never received.
fs::path write_lost_message(const fs::path& dir) {
  Otf2ArchiveBuilder b(2);
  const trace::RegionId send = b.region("MPI_Send");
  const trace::RegionId recv = b.region("MPI_Recv");
  b.enter(0, 100, send).send(0, 110, 1, 7, 64).leave(0, 300, send);
  b.enter(0, 400, send).send(0, 410, 1, 8, 32).leave(0, 500, send);
  b.enter(1, 50, recv).recv(1, 250, 0, 7, 64).leave(1, 260, recv);
  return b.write(dir);
}

TEST(MpiAnalyze, FindingsExitOneInEveryFormat) {
  TempDir dir;
  const fs::path anchor = write_lost_message(dir.path());
  const ProcessResult text = mpi_analyze({anchor.string()});
  EXPECT_EQ(text.exit_code, 1) << text.err;
  EXPECT_EQ(text.err, "");
  EXPECT_THAT(text.out, HasSubstr("error[messages.unreceived] Message sent but never received (1)\n"
                                  "  The message from rank 0 to rank 1, tag 8, 32 bytes on MPI_COMM_WORLD sent by "
                                  "MPI_Send was never received"));
  EXPECT_THAT(text.out, HasSubstr("\n1 error, 0 warnings.\n"));

  const ProcessResult json = mpi_analyze({"--format=json", anchor.string()});
  EXPECT_EQ(json.exit_code, 1) << json.err;
  const nlohmann::json report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report.at("schema"), "mpisight-analysis/1");
  EXPECT_EQ(report.at("trace"), anchor.string());
  EXPECT_EQ(report.at("events"), 9);
  EXPECT_EQ(report.at("summary").at("errors"), 1);
  ASSERT_EQ(report.at("findings").size(), 1u);
  const nlohmann::json& finding = report.at("findings")[0];
  EXPECT_EQ(finding.at("check"), "messages.unreceived");
  EXPECT_EQ(finding.at("ranks"), nlohmann::json::array({0, 1}));
  EXPECT_EQ(finding.at("calls")[0].at("function"), "MPI_Send");
  EXPECT_EQ(finding.at("calls")[0].at("time_ns"), 400);
  EXPECT_FALSE(report.contains("profile"));

  const ProcessResult sarif = mpi_analyze({"--format", "sarif", anchor.string()});
  EXPECT_EQ(sarif.exit_code, 1) << sarif.err;
  const nlohmann::json log = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(log.at("version"), "2.1.0");
  EXPECT_EQ(log.at("runs")[0].at("results")[0].at("ruleId"), "messages.unreceived");
}

TEST(MpiAnalyze, PrintsTheTextProfile) {
  TempDir dir;
  const fs::path anchor = write_ping_pong(dir.path());
  const ProcessResult result = mpi_analyze({"--profile", dir.path().string()});
  ASSERT_TRUE(result.exited) << result.err;
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_THAT(result.out, StartsWith("Trace: " + anchor.string() + "\n\n"));
  EXPECT_THAT(result.out, HasSubstr("\nNo MPI errors found.\n"));
  EXPECT_THAT(result.out, HasSubstr("All ranks\n"
                                    "  Function  Calls   Total     Min    Mean     Max  Bytes\n"
                                    "  MPI_Recv      2  810 ns  210 ns  405 ns  600 ns   96 B\n"
                                    "  MPI_Send      2  300 ns  100 ns  150 ns  200 ns   96 B\n"));
}

TEST(MpiAnalyze, PrintsTheJsonProfile) {
  TempDir dir;
  const fs::path anchor = write_ping_pong(dir.path());
  const ProcessResult result = mpi_analyze({"--format", "json", "--profile", anchor.string()});
  ASSERT_TRUE(result.exited) << result.err;
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report.at("trace"), anchor.string());
  const nlohmann::json& total = report.at("profile").at("total");
  ASSERT_EQ(total.size(), 2u);
  EXPECT_EQ(total[0].at("name"), "MPI_Recv");
  EXPECT_EQ(total[0].at("calls"), 2);
  EXPECT_EQ(total[0].at("total_ns"), 810);
  EXPECT_EQ(total[0].at("bytes"), 96);
  EXPECT_EQ(total[1].at("name"), "MPI_Send");
  EXPECT_EQ(total[1].at("max_ns"), 200);
  EXPECT_EQ(report.at("profile").at("ranks").at(0).at("functions").at(1).at("bytes"), 64);
}

TEST(MpiAnalyze, HelpExitsZero) {
  const ProcessResult result = mpi_analyze({"--help"});
  ASSERT_TRUE(result.exited);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, StartsWith("usage: mpi-analyze [--format text|json|sarif] [--profile] TRACE\n"));
  EXPECT_EQ(result.err, "");
}

TEST(MpiAnalyze, BadFlagsGiveAOneLineUsageError) {
  expect_one_line_failure(mpi_analyze({"--bogus", "x"}),
                          "mpi-analyze: error: unknown option '--bogus'; usage: mpi-analyze [--format");
  expect_one_line_failure(mpi_analyze({"--format", "xml", "x"}), "mpi-analyze: error: unknown format 'xml'");
  expect_one_line_failure(mpi_analyze({}), "mpi-analyze: error: no trace given");
}

TEST(MpiAnalyze, MissingTrace) {
  TempDir dir;
  const fs::path missing = dir.path() / "nothing-here";
  expect_one_line_failure(mpi_analyze({missing.string()}),
                          "mpi-analyze: error: cannot read trace '" + missing.string() + "': no such file");
}

TEST(MpiAnalyze, EmptyAnchorFile) {
  TempDir dir;
  write_file(dir.path() / "traces.otf2", "");
  expect_one_line_failure(mpi_analyze({dir.path().string()}), "mpi-analyze: error: cannot read trace '");
}

TEST(MpiAnalyze, TruncatedDefinitionFile) {
  TempDir dir;
  write_ping_pong(dir.path());
  const fs::path defs = global_definition_file(dir.path());
  truncate_file(defs, fs::file_size(defs) / 2);
  const ProcessResult result = mpi_analyze({dir.path().string()});
  expect_one_line_failure(result, "mpi-analyze: error: cannot read trace '");
  EXPECT_THAT(result.err, HasSubstr("global definition file 'traces.def'"));
}

TEST(MpiAnalyze, TruncatedEventFile) {
  TempDir dir;
  write_ping_pong(dir.path());
  const fs::path events = event_file(dir.path(), 0);
  truncate_file(events, fs::file_size(events) - 20);
  const ProcessResult result = mpi_analyze({dir.path().string()});
  expect_one_line_failure(result, "mpi-analyze: error: cannot read trace '");
  EXPECT_THAT(result.err, HasSubstr("truncated event file for location 0"));
}

TEST(MpiAnalyze, GarbageEventFile) {
  TempDir dir;
  write_ping_pong(dir.path());
  overwrite_with_garbage(event_file(dir.path(), 1), 42);
  const ProcessResult result = mpi_analyze({dir.path().string()});
  expect_one_line_failure(result, "mpi-analyze: error: cannot read trace '");
  EXPECT_THAT(result.err, HasSubstr("event file for location 1"));
}

}  // namespace
}  // namespace mpisight::testkit
