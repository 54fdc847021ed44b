// mpi-analyze --profile on a real traced run whose profile is known: calls and bytes per call site, which rank
// the barrier's time piles up on, and each rank's share of time in MPI.
#include <gtest/gtest.h>
#include <string>

#include "analyzed_run.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

constexpr int kRanks = 3;

const nlohmann::json* find_site(const nlohmann::json& sites, const std::string& function, int line) {
  for (const nlohmann::json& site : sites) {
    if (site.at("function") == function && site.at("line") == line) {
      return &site;
    }
  }
  return nullptr;
}

TEST(ProfileE2E, CallSitesImbalanceAndMpiFractionOfARealRun) {
  const std::string source = std::string(MPISIGHT_PROFILE_SOURCE);
  const std::filesystem::path dir = fresh_trace_dir("profile-sites");
  const ProcessResult traced = run_traced(dir, kRanks, MPISIGHT_PROFILE_PROGRAM, {}, {}, std::chrono::seconds(40));
  ASSERT_EQ(traced.exit_code, 0) << traced.err;
  EXPECT_EQ(otf2_print_problems(dir / "traces.otf2"), "");
  const ProcessResult analyzed =
      run_process({MPISIGHT_MPI_ANALYZE, "--profile", "--format", "json", dir.string()}, std::chrono::seconds(30));
  ASSERT_EQ(analyzed.exit_code, 0) << analyzed.out << analyzed.err;
  const nlohmann::json report = nlohmann::json::parse(analyzed.out);
  EXPECT_EQ(report.at("findings").size(), 0u) << report.at("findings").dump(2);
  const nlohmann::json& profile = report.at("profile");

  // Bytes follow the tracer's conventions (interpose/semantics/collectives.hpp) with p = 3: an Allreduce of 16
  // bytes sends and receives 3 blocks on every rank (96 bytes); a Bcast of 64 bytes costs the root 3 blocks sent
  // and its own received (256 bytes), every other rank 64 bytes.
  struct Expected {
    const char* function;
    const char* marker;
    int ranks;
    int calls;
    int bytes;
  };
  const Expected expected[] = {
      {"MPI_Allreduce", "SITE(allreduce)", 3, 15, 15 * 96},
      {"MPI_Bcast", "SITE(bcast)", 3, 9, 3 * (256 + 64 + 64)},
      {"MPI_Send", "SITE(send)", 1, 2, 2 * 100},
      {"MPI_Recv", "SITE(recv)", 1, 2, 2 * 100},
      {"MPI_Barrier", "SITE(barrier)", 3, 3, 0},
  };
  const nlohmann::json& sites = profile.at("sites");
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.marker);
    const int line = marker_line(source, e.marker);
    ASSERT_GT(line, 0);
    const nlohmann::json* site = find_site(sites, e.function, line);
    ASSERT_NE(site, nullptr) << sites.dump(2);
    EXPECT_TRUE(site->at("file").get<std::string>().ends_with("profile_sites.c"));
    EXPECT_EQ(site->at("caller"), "main");
    EXPECT_EQ(site->at("ranks"), e.ranks);
    EXPECT_EQ(site->at("calls"), e.calls);
    EXPECT_EQ(site->at("bytes"), e.bytes);
    EXPECT_GE(site->at("max_ns").get<double>(), site->at("mean_ns").get<double>());
    EXPECT_GE(site->at("total_ns").get<double>(), site->at("max_ns").get<double>());
  }
  // The most expensive site comes first; the barrier (ranks 0 and 1 wait 300 ms for rank 2) outweighs the rest
  // of the program's MPI calls other than MPI_Init and MPI_Finalize.
  for (std::size_t i = 1; i < sites.size(); ++i) {
    EXPECT_GE(sites[i - 1].at("total_ns").get<long>(), sites[i].at("total_ns").get<long>());
  }

  const nlohmann::json* barrier = nullptr;
  for (const nlohmann::json& balance : profile.at("balance")) {
    if (balance.at("name") == "MPI_Barrier") {
      barrier = &balance;
    }
  }
  ASSERT_NE(barrier, nullptr) << profile.at("balance").dump(2);
  EXPECT_NE(barrier->at("max_rank"), 2);
  EXPECT_GT(barrier->at("max_rank_ns").get<long>(), 250'000'000);
  EXPECT_LT(barrier->at("min_rank_ns").get<long>(), 100'000'000);
  EXPECT_GT(barrier->at("imbalance").get<double>(), 1.3);  // 1.5 when ranks 0 and 1 wait the whole 300 ms

  const nlohmann::json& times = profile.at("rank_times");
  ASSERT_EQ(times.size(), static_cast<std::size_t>(kRanks));
  for (int rank = 0; rank < kRanks; ++rank) {
    SCOPED_TRACE(rank);
    const nlohmann::json& time = times.at(rank);
    EXPECT_EQ(time.at("rank"), rank);
    EXPECT_GT(time.at("app_ns").get<long>(), 250'000'000);  // the 300 ms sleep lies between Init and Finalize
    EXPECT_LE(time.at("mpi_ns").get<long>(), time.at("app_ns").get<long>());
    const double fraction = time.at("mpi_fraction").get<double>();
    if (rank == 2) {
      EXPECT_LT(fraction, 0.5) << "rank 2 sleeps outside MPI";
    } else {
      EXPECT_GT(fraction, 0.5) << "ranks 0 and 1 wait in the barrier";
    }
  }
}

}  // namespace
}  // namespace mpisight::testkit
