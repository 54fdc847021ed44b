// The ring of ring.c written with the mpisight C++ API: same messages (16+i ints, tag i, same pattern), same
// checks (source, tag, count, content), same checksum and verdict lines, with no raw MPI, manual buffers or
// status juggling. Prints "api_ring: OK" when every message checked out. Needs >= 2 ranks.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "mpisight/mpisight.hpp"

namespace {

constexpr int kBaseLength = 16;
constexpr int kMaxIterations = 10000;

int pattern(int sender, int iteration, int j) {
  const unsigned value =
      static_cast<unsigned>(sender) * 1000003U + static_cast<unsigned>(iteration) * 1009U + static_cast<unsigned>(j);
  return static_cast<int>(value & 0x7fffffffU);
}

std::vector<int> message(int sender, int iteration) {
  std::vector<int> data(static_cast<std::size_t>(kBaseLength + iteration));
  for (std::size_t j = 0; j < data.size(); ++j) {
    data[j] = pattern(sender, iteration, static_cast<int>(j));
  }
  return data;
}

long long expected_checksum(int size, int iterations) {
  long long sum = 0;
  for (int sender = 0; sender < size; ++sender) {
    for (int iteration = 0; iteration < iterations; ++iteration) {
      for (const int v : message(sender, iteration)) {
        sum += v;
      }
    }
  }
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  const mpisight::Environment env(argc, argv);
  const auto comm = mpisight::world();
  const int rank = comm.rank();
  const int size = comm.size();
  const int iterations = argc < 2 ? 10 : std::atoi(argv[1]);
  if (iterations < 1 || iterations > kMaxIterations || size < 2) {
    if (rank == 0) {
      std::fprintf(stderr, "usage: api_ring [iterations 1..%d] on >= 2 ranks\n", kMaxIterations);
    }
    return 2;
  }
  const int right = (rank + 1) % size;
  const int left = (rank - 1 + size) % size;

  std::array<long long, 3> totals{0, 0, 0};  // checksum of received data, bad messages, messages checked
  for (int iteration = 0; iteration < iterations; ++iteration) {
    std::vector<int> incoming;
    mpisight::Status status;
    if (rank % 2 == 0) {
      mpisight::send(comm, message(rank, iteration), right, iteration);
      incoming = mpisight::recv_vector<int>(comm, left, iteration, &status);
    } else {
      incoming = mpisight::recv_vector<int>(comm, left, iteration, &status);
      mpisight::send(comm, message(rank, iteration), right, iteration);
    }
    if (status.source() != left || status.tag() != iteration || incoming != message(left, iteration)) {
      std::fprintf(stderr, "api_ring: rank %d iteration %d: wrong message from %d\n", rank, iteration, status.source());
      ++totals[1];
    }
    ++totals[2];
    for (const int v : incoming) {
      totals[0] += v;
    }
  }

  std::array<long long, 3> global{};
  mpisight::reduce(comm, totals, global, std::plus<>{}, 0);
  int result = totals[1] == 0 ? 0 : 1;
  if (rank == 0) {
    const long long expected_messages = static_cast<long long>(size) * iterations;
    std::printf("api_ring: %d ranks, %d iterations, checksum %lld\n", size, iterations, global[0]);
    if (global[1] == 0 && global[2] == expected_messages && global[0] == expected_checksum(size, iterations)) {
      std::printf("api_ring: OK, %lld messages verified\n", global[2]);
    } else {
      std::printf("api_ring: FAILED, %lld of %lld messages wrong\n", global[1], expected_messages);
      result = 1;
    }
  }
  return result;
}
