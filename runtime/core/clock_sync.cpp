// Ranks on rank 0's host share its CLOCK_MONOTONIC, so their offset is exactly 0: measuring it would only add
// noise (a rank preempted mid ping-pong on an oversubscribed node looks milliseconds off). Rank 0 plays ping-pong
// with each rank on another host; the offset comes from the round trip with the least delay.
#include "core/clock_sync.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/clock.hpp"
#include "core/recorder.hpp"

namespace mpisight::clock {
namespace {

constexpr int kRounds = 20;
constexpr int kHostBytes = 256;
constexpr int kTag = 7341;

struct Measurement {
  std::int64_t offset_ns;
  double deviation_ns;
};

Measurement measure_from_root(MPI_Comm comm, int peer) {
  Measurement best{0, std::numeric_limits<double>::max()};
  for (int round = 0; round < kRounds; ++round) {
    const std::uint64_t sent = monotonic_ns();
    PMPI_Send(&sent, 1, MPI_UINT64_T, peer, kTag, comm);
    std::uint64_t remote = 0;
    PMPI_Recv(&remote, 1, MPI_UINT64_T, peer, kTag, comm, MPI_STATUS_IGNORE);
    const std::uint64_t received = monotonic_ns();
    const double half_trip = static_cast<double>(received - sent) / 2.0;
    if (half_trip < best.deviation_ns) {
      // The peer read its clock half a round trip after `sent`, as far as we can tell.
      best = {
          static_cast<std::int64_t>(sent + static_cast<std::uint64_t>(half_trip)) - static_cast<std::int64_t>(remote),
          half_trip};
    }
  }
  return best;
}

void answer_root(MPI_Comm comm) {
  for (int round = 0; round < kRounds; ++round) {
    std::uint64_t ping = 0;
    PMPI_Recv(&ping, 1, MPI_UINT64_T, 0, kTag, comm, MPI_STATUS_IGNORE);
    const std::uint64_t now = monotonic_ns();
    PMPI_Send(&now, 1, MPI_UINT64_T, 0, kTag, comm);
  }
}

}  // namespace

void synchronize(MPI_Comm comm) noexcept {
  int rank = 0;
  int size = 0;
  PMPI_Comm_rank(comm, &rank);
  PMPI_Comm_size(comm, &size);
  char root_host[kHostBytes] = {};
  char own_host[kHostBytes] = {};
  gethostname(own_host, kHostBytes - 1);
  std::memcpy(root_host, own_host, kHostBytes);
  PMPI_Bcast(root_host, kHostBytes, MPI_CHAR, 0, comm);
  int remote = std::strcmp(root_host, own_host) != 0 ? 1 : 0;
  std::vector<int> remote_ranks(rank == 0 ? static_cast<std::size_t>(size) : 0);
  PMPI_Gather(&remote, 1, MPI_INT, remote_ranks.data(), 1, MPI_INT, 0, comm);
  Measurement own{0, 0.0};
  if (rank == 0) {
    for (int peer = 1; peer < size; ++peer) {
      if (remote_ranks[static_cast<std::size_t>(peer)] != 0) {
        const Measurement measured = measure_from_root(comm, peer);
        PMPI_Send(&measured, sizeof(measured), MPI_BYTE, peer, kTag, comm);
      }
    }
  } else if (remote != 0) {
    answer_root(comm);
    PMPI_Recv(&own, sizeof(own), MPI_BYTE, 0, kTag, comm, MPI_STATUS_IGNORE);
  }
  recorder::ThreadState& state = recorder::this_thread();
  recorder::record(state, ticks(), journal::ClockOffset{{}, own.offset_ns, own.deviation_ns});
}

}  // namespace mpisight::clock
