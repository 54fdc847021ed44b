// main() for multi-rank GoogleTest binaries (run under mpiexec -n N): one MPI world for all tests, output from
// rank 0 only, other ranks' failures reported by rank 0 with their rank, and one exit status agreed by all ranks.
#include <chrono>
#include <cstdio>
#include <gtest/gtest.h>
#include <memory>
#include <mpi.h>

#include "rank_failure_listener.hpp"

namespace {

const char* thread_level_name(int level) {
  switch (level) {
    case MPI_THREAD_SINGLE: return "single";
    case MPI_THREAD_FUNNELED: return "funneled";
    case MPI_THREAD_SERIALIZED: return "serialized";
    case MPI_THREAD_MULTIPLE: return "multiple";
    default: return "unknown";
  }
}

// With --gtest_shuffle every rank must draw the same order, so rank 0's seed is used everywhere.
void agree_on_shuffle_seed(int rank) {
  if (!GTEST_FLAG_GET(shuffle)) {
    return;
  }
  int seed = GTEST_FLAG_GET(random_seed);
  if (rank == 0 && seed == 0) {
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    seed = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count() % 99999) + 1;
  }
  MPI_Bcast(&seed, 1, MPI_INT, 0, MPI_COMM_WORLD);
  GTEST_FLAG_SET(random_seed, seed);
}

// Only rank 0 prints progress and writes --gtest_output files; the other ranks stay quiet.
void silence_other_ranks(int rank) {
  if (rank == 0) {
    return;
  }
  auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
  std::unique_ptr<::testing::TestEventListener> printer(listeners.Release(listeners.default_result_printer()));
  GTEST_FLAG_SET(output, "");
}

}  // namespace

int main(int argc, char** argv) {
  int provided = MPI_THREAD_SINGLE;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  ::testing::InitGoogleTest(&argc, argv);
  int rank = 0;
  int size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  agree_on_shuffle_seed(rank);
  silence_other_ranks(rank);
  MPI_Comm results_comm = MPI_COMM_NULL;
  MPI_Comm_dup(MPI_COMM_WORLD, &results_comm);
  ::testing::UnitTest::GetInstance()->listeners().Append(
      std::make_unique<mpisight::detail::RankFailureListener>(results_comm).release());  // gtest takes ownership

  const bool listing = GTEST_FLAG_GET(list_tests);
  if (rank == 0 && !listing) {
    std::printf("[ MPI      ] %d rank(s), thread support: %s\n", size, thread_level_name(provided));
  }
  int local_failed = 0;
  if (rank == 0 || !listing) {  // a test listing is printed once, not once per rank
    local_failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
  }
  int any_failed = 0;
  MPI_Allreduce(&local_failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);

  MPI_Comm_free(&results_comm);
  MPI_Finalize();
  return any_failed;
}
