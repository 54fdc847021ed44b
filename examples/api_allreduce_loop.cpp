// The collective loop of allreduce_loop.c written with the mpisight C++ API: rank 0 broadcasts the same 32-int
// table, every rank runs N iterations (argv[1], default 20) of an allreduce summing 8 doubles, then a barrier;
// the same checks against the closed form and the same output lines ("api_allreduce_loop: OK, ...").
#include <array>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "mpisight/mpisight.hpp"

namespace {

constexpr int kTableLength = 32;
constexpr int kCount = 8;
constexpr int kMaxIterations = 1000000;

int table_value(int i) {
  return i * i + 7;
}

// What `rank` adds to element k in iteration `iteration`.
double contribution(int rank, int iteration, int k) {
  return static_cast<double>((rank + 1) * (k + 1) + iteration);
}

// Sum of contribution() over all ranks.
double expected_sum(int size, int iteration, int k) {
  return static_cast<double>((k + 1) * size * (size + 1) / 2 + iteration * size);
}

int parse_iterations(int argc, char** argv) {
  if (argc < 2) {
    return 20;
  }
  char* end = nullptr;
  const long value = std::strtol(argv[1], &end, 10);
  if (*end != '\0' || value < 1 || value > kMaxIterations) {
    return -1;
  }
  return static_cast<int>(value);
}

}  // namespace

int main(int argc, char** argv) {
  const mpisight::Environment env(argc, argv);
  const auto comm = mpisight::world();
  const int rank = comm.rank();
  const int size = comm.size();

  const int iterations = parse_iterations(argc, argv);
  if (iterations < 0) {
    if (rank == 0) {
      std::fprintf(stderr, "usage: api_allreduce_loop [iterations 1..%d]\n", kMaxIterations);
    }
    return 2;
  }

  long errors = 0;
  std::array<int, kTableLength> table{};
  for (int i = 0; i < kTableLength; ++i) {
    table[static_cast<std::size_t>(i)] = rank == 0 ? table_value(i) : -1;
  }
  mpisight::bcast(comm, table, 0);
  for (int i = 0; i < kTableLength; ++i) {
    if (table[static_cast<std::size_t>(i)] != table_value(i)) {
      std::fprintf(stderr, "api_allreduce_loop: rank %d: broadcast element %d is %d, expected %d\n", rank, i,
                   table[static_cast<std::size_t>(i)], table_value(i));
      ++errors;
      break;
    }
  }

  std::array<double, kCount> sums{};
  for (int iteration = 0; iteration < iterations; ++iteration) {
    std::array<double, kCount> mine{};
    for (int k = 0; k < kCount; ++k) {
      mine[static_cast<std::size_t>(k)] = contribution(rank, iteration, k);
    }
    mpisight::allreduce(comm, mine, sums, std::plus<>{});
    for (int k = 0; k < kCount; ++k) {
      if (sums[static_cast<std::size_t>(k)] != expected_sum(size, iteration, k)) {
        std::fprintf(stderr, "api_allreduce_loop: rank %d iteration %d: element %d is %.17g, expected %.17g\n", rank,
                     iteration, k, sums[static_cast<std::size_t>(k)], expected_sum(size, iteration, k));
        ++errors;
        break;
      }
    }
  }
  mpisight::barrier(comm);

  if (rank == 0) {
    std::printf("api_allreduce_loop: %d ranks, %d iterations, last sums", size, iterations);
    for (const double s : sums) {
      std::printf(" %.0f", s);
    }
    std::printf("\n");
    if (errors == 0) {
      std::printf("api_allreduce_loop: OK, broadcast and %d allreduce results verified\n", iterations);
    } else {
      std::printf("api_allreduce_loop: FAILED, %ld wrong results on rank 0\n", errors);
    }
  }
  return errors == 0 ? 0 : 1;
}
