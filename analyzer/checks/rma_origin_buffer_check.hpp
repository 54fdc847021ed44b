// rma.origin_buffer_reuse: the origin buffer of a put, get or accumulate used by another MPI call before the
// operation completed (at a flush, unlock, fence, complete, or its request's completion). A pending get or result
// buffer may not be touched at all; a pending put's buffer may be read but not written. The other call is any
// event that carries buffer ranges (schema kSend/RecvBufferBegin/End): RMA operations, and whatever other families
// record them for.
#pragma once

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "checks/check.hpp"
#include "checks/rma_finding_sink.hpp"

namespace mpisight::analyzer {

class RmaOriginBufferCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override;
  void finish(std::vector<Finding>& findings) override;

 private:
  struct Pending {
    std::optional<trace::ByteRange> read;     // MPI reads it until completion
    std::optional<trace::ByteRange> written;  // MPI writes it until completion
    CallId call;
  };

  void use(trace::LocationId location, std::int64_t time_ns, const std::optional<trace::ByteRange>& reads,
           const std::optional<trace::ByteRange>& writes);
  void report(trace::WorldRank rank, const CallId& user, const Pending& pending, bool pending_writes);

  // Pending operations' buffers by (rank, matching id): memory is per process, any thread may reuse it.
  std::map<std::pair<trace::WorldRank, std::uint64_t>, Pending> pending_;
  RmaFindingSink sink_;
};

}  // namespace mpisight::analyzer
