// params.aliased_buffers: one call was handed a send buffer and a receive buffer that overlap (MPI_Sendrecv, or a
// collective without MPI_IN_PLACE). MPI forbids aliasing an output buffer with any other argument; MPICH rejects
// only identical pointers, so a partial overlap is accepted and gives undefined data. Judged from the recorded
// mpisight:send/recv_buffer ranges where both are dense (their length is exactly their data: no holes of a derived
// datatype, no gaps between v-form blocks), so disjoint interleaved layouts are never mistaken for overlaps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class AliasedBuffersCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::MpiSend, trace::MpiRecv, trace::MpiCollectiveEnd>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  struct Aliasing {
    std::map<trace::WorldRank, CallId> first_call;  // by rank
    trace::ByteRange send;                          // of the first call
    trace::ByteRange recv;
    std::uint64_t count = 0;
  };
  // The half of an MPI_Sendrecv recorded first, until the other half arrives in the same call.
  struct Half {
    std::int64_t call_enter_ns = 0;
    trace::ByteRange range;
    bool is_send = false;
  };

  void sendrecv_half(trace::LocationId location, std::optional<trace::ByteRange> range, std::uint64_t bytes,
                     bool is_send);
  void collective(const trace::MpiCollectiveEnd& end);
  void report(const CallId& call, const trace::ByteRange& send, const trace::ByteRange& recv);

  std::unordered_map<trace::LocationId, Half> halves_;
  std::map<std::tuple<trace::RegionId, std::uint32_t>, Aliasing> aliasings_;  // by function and call site
};

}  // namespace mpisight::analyzer
