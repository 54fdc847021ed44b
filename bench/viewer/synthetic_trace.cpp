// Writes a big synthetic OTF2 trace for the viewer benchmark, faster than running a real program under the tracer
// on a loaded machine: RANKS ranks in a ring, each iteration MPI_Irecv + MPI_Isend + MPI_Waitall (10 events per
// rank) at 1 µs per iteration, and an MPI_Allreduce every 1000 iterations.
// usage: synthetic_trace DIR [events, default 10000000] [ranks, default 16]
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "otf2_fixture.hpp"

int main(int argc, char** argv) {
  using namespace mpisight;
  if (argc < 2) {
    std::cerr << "usage: synthetic_trace DIR [events] [ranks]\n";
    return 2;
  }
  const std::uint64_t events = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10'000'000;
  const std::uint32_t ranks = argc > 3 ? static_cast<std::uint32_t>(std::strtoul(argv[3], nullptr, 10)) : 16;
  const std::int64_t iterations = static_cast<std::int64_t>(events / 10 / ranks);
  testkit::Otf2ArchiveBuilder builder(ranks);
  builder.set_event_chunk_bytes(std::uint64_t{8} << 20);
  const auto irecv = builder.region("MPI_Irecv", trace::RegionRole::kPoint2Point);
  const auto isend = builder.region("MPI_Isend", trace::RegionRole::kPoint2Point);
  const auto waitall = builder.region("MPI_Waitall");
  const auto allreduce = builder.region("MPI_Allreduce", trace::RegionRole::kCollAll2All);
  for (std::uint32_t r = 0; r < ranks; ++r) {
    const std::uint32_t left = (r + ranks - 1) % ranks;
    const std::uint32_t right = (r + 1) % ranks;
    std::uint64_t request = 0;
    for (std::int64_t i = 0; i < iterations; ++i) {
      const std::int64_t t = i * 1000 + r * 7;
      const auto tag = static_cast<std::uint32_t>(i % 1000);
      const std::uint64_t recv_request = ++request;
      const std::uint64_t send_request = ++request;
      builder.enter(r, t, irecv).irecv_request(r, t + 10, recv_request).leave(r, t + 20, irecv);
      builder.enter(r, t + 100, isend).isend(r, t + 110, right, tag, 8, send_request).leave(r, t + 120, isend);
      builder.enter(r, t + 200, waitall)
          .isend_complete(r, t + 400, send_request)
          .irecv(r, t + 500, left, tag, 8, recv_request)
          .leave(r, t + 600, waitall);
      if (i % 1000 == 999) {
        builder.enter(r, t + 700, allreduce)
            .collective_begin(r, t + 700)
            .collective_end(r, t + 900, trace::CollectiveOp::kAllreduce, trace::kRootNone, 8, 8)
            .leave(r, t + 900, allreduce);
      }
    }
  }
  std::filesystem::create_directories(argv[1]);
  std::cout << builder.write(argv[1]).string() << '\n';
  return 0;
}
