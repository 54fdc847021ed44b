// The text profile: exact tables for the ping-pong trace, shared column widths, human units, and the notes.
#include "profile/profile_text.hpp"

#include <gtest/gtest.h>

#include "otf2_fixture.hpp"
#include "trace/load_trace.hpp"

namespace mpisight::analyzer {
namespace {

TEST(ProfileText, PingPongTablesPerRankThenAllRanks) {
  testkit::TempDir dir;
  const Profile profile = build_profile(trace::load_trace(testkit::write_ping_pong(dir.path())));
  EXPECT_EQ(profile_to_text(profile),
            "MPI profile (inclusive time per call; bytes of messages and collectives inside the call)\n"
            "\n"
            "Rank 0\n"
            "  Function  Calls   Total     Min    Mean     Max  Bytes\n"
            "  MPI_Recv      1  600 ns  600 ns  600 ns  600 ns   32 B\n"
            "  MPI_Send      1  200 ns  200 ns  200 ns  200 ns   64 B\n"
            "\n"
            "Rank 1\n"
            "  Function  Calls   Total     Min    Mean     Max  Bytes\n"
            "  MPI_Recv      1  210 ns  210 ns  210 ns  210 ns   64 B\n"
            "  MPI_Send      1  100 ns  100 ns  100 ns  100 ns   32 B\n"
            "\n"
            "All ranks\n"
            "  Function  Calls   Total     Min    Mean     Max  Bytes\n"
            "  MPI_Recv      2  810 ns  210 ns  405 ns  600 ns   96 B\n"
            "  MPI_Send      2  300 ns  100 ns  150 ns  200 ns   96 B\n"
            "\n"
            "Time in MPI per rank (MPI calls other than MPI_Init and MPI_Finalize / the time between them)\n"
            "  Rank  MPI time  App time  MPI %\n"
            "  0       800 ns    900 ns  88.9%\n"
            "  1       310 ns    550 ns  56.4%\n"
            "\n"
            "Most expensive call sites (top 2 of 2, all ranks)\n"
            "  Call site       Function  Ranks  Calls   Total    Mean     Max  Bytes\n"
            "  (unknown site)  MPI_Recv      2      2  810 ns  405 ns  600 ns   96 B\n"
            "  (unknown site)  MPI_Send      2      2  300 ns  150 ns  200 ns   96 B\n"
            "\n"
            "Imbalance across ranks (time per rank in each function)\n"
            "  Function     Min    Mean     Max  Max rank  Max/Mean\n"
            "  MPI_Recv  210 ns  405 ns  600 ns         0      1.48\n"
            "  MPI_Send  100 ns  150 ns  200 ns         0      1.33\n");
}

TEST(ProfileText, ColumnsWidenForTheLongestCellInAnySection) {
  Profile profile;
  profile.ranks.push_back(RankProfile{.rank = 3,
                                      .functions = {FunctionStats{.name = "MPI_Neighbor_alltoallw",
                                                                  .calls = 12345,
                                                                  .total_ns = 2'500'000'000,
                                                                  .min_ns = 1'500,
                                                                  .max_ns = 2'000'000,
                                                                  .bytes = 3ull << 30}}});
  profile.total = profile.ranks[0].functions;
  EXPECT_EQ(profile_to_text(profile),
            "MPI profile (inclusive time per call; bytes of messages and collectives inside the call)\n"
            "\n"
            "Rank 3\n"
            "  Function                Calls   Total      Min       Mean      Max     Bytes\n"
            "  MPI_Neighbor_alltoallw  12345  2.50 s  1.50 us  202.51 us  2.00 ms  3.00 GiB\n"
            "\n"
            "All ranks\n"
            "  Function                Calls   Total      Min       Mean      Max     Bytes\n"
            "  MPI_Neighbor_alltoallw  12345  2.50 s  1.50 us  202.51 us  2.00 ms  3.00 GiB\n");
}

TEST(ProfileText, SaysSoWhenThereAreNoMpiCalls) {
  Profile profile;
  profile.unmatched_events = 2;
  EXPECT_EQ(profile_to_text(profile),
            "MPI profile (inclusive time per call; bytes of messages and collectives inside the call)\n"
            "\n"
            "No MPI calls recorded.\n"
            "\n"
            "Note: 2 Enter/Leave events did not pair up; those calls are not counted.\n");
}

}  // namespace
}  // namespace mpisight::analyzer
