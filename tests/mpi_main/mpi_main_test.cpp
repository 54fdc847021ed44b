// Multi-rank tests run by mpisight_gtest_mpi_main: plain MPI behaviour every rank can check, plus the guarantees
// the main itself gives (all ranks run the same test at the same time, on a working MPI world).
#include <functional>
#include <gtest/gtest.h>
#include <mpi.h>
#include <string>
#include <vector>

namespace {

int world_rank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

int world_size() {
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

TEST(MpiMain, AllreduceOfRanksIsTriangularNumber) {
  const int rank = world_rank();
  const int size = world_size();
  int sum = -1;
  ASSERT_EQ(MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD), MPI_SUCCESS);
  EXPECT_EQ(sum, size * (size - 1) / 2);
}

TEST(MpiMain, RingMessageArrivesIntact) {
  constexpr int kLength = 64;
  constexpr int kTag = 17;
  const int rank = world_rank();
  const int size = world_size();
  const int right = (rank + 1) % size;
  const int left = (rank - 1 + size) % size;
  std::vector<int> outgoing(kLength);
  for (int i = 0; i < kLength; ++i) {
    outgoing[static_cast<std::size_t>(i)] = rank * 1000 + i;
  }
  std::vector<int> incoming(kLength + 1, -1);  // one spare slot: the message must not be longer than sent
  MPI_Status status{};
  ASSERT_EQ(MPI_Sendrecv(outgoing.data(), kLength, MPI_INT, right, kTag, incoming.data(), kLength + 1, MPI_INT, left,
                         kTag, MPI_COMM_WORLD, &status),
            MPI_SUCCESS);
  int count = -1;
  MPI_Get_count(&status, MPI_INT, &count);
  EXPECT_EQ(status.MPI_SOURCE, left);
  EXPECT_EQ(status.MPI_TAG, kTag);
  EXPECT_EQ(count, kLength);
  for (int i = 0; i < kLength; ++i) {
    ASSERT_EQ(incoming[static_cast<std::size_t>(i)], left * 1000 + i) << "element " << i;
  }
  EXPECT_EQ(incoming[kLength], -1);
}

TEST(MpiMain, BroadcastFromLastRankReachesEveryRank) {
  const int root = world_size() - 1;
  std::vector<double> values(5, -1.0);
  if (world_rank() == root) {
    values = {0.5, 1.5, 2.5, 3.5, 4.5};
  }
  ASSERT_EQ(MPI_Bcast(values.data(), 5, MPI_DOUBLE, root, MPI_COMM_WORLD), MPI_SUCCESS);
  EXPECT_EQ(values, (std::vector<double>{0.5, 1.5, 2.5, 3.5, 4.5}));
}

// The main relies on every rank running the same tests in the same order (also under --gtest_shuffle).
TEST(MpiMain, AllRanksRunTheSameTest) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  ASSERT_NE(info, nullptr);
  const std::string name = std::string(info->test_suite_name()) + "." + info->name();
  // Hashes agree up to collisions; the lowest and highest value over all ranks must be the same.
  const unsigned long hash = static_cast<unsigned long>(std::hash<std::string>{}(name)&0x7fffffffUL);
  unsigned long lowest = 0;
  unsigned long highest = 0;
  MPI_Allreduce(&hash, &lowest, 1, MPI_UNSIGNED_LONG, MPI_MIN, MPI_COMM_WORLD);
  MPI_Allreduce(&hash, &highest, 1, MPI_UNSIGNED_LONG, MPI_MAX, MPI_COMM_WORLD);
  EXPECT_EQ(lowest, highest) << "rank " << world_rank() << " runs " << name;
}

}  // namespace
