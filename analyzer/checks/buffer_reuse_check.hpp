// requests.buffer_reuse: the buffer of a pending nonblocking operation (Isend, Irecv, a started persistent request,
// a nonblocking collective) handed to another MPI call before the request completed, where at least one of the two
// writes it. Two reads of one buffer are fine (MPI-3 lets pending send buffers be read by other sends).
#pragma once

#include <tuple>
#include <vector>

#include "checks/check.hpp"
#include "checks/findings_by_site.hpp"

namespace mpisight::analyzer {

class BufferReuseCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::MpiSend, trace::MpiRecv, trace::MpiCollectiveEnd, trace::MpiIsend, trace::MpiIrecvRequest,
                    trace::NonBlockingCollectiveRequest, trace::MpiIsendComplete, trace::MpiIrecv,
                    trace::MpiRequestCancelled, trace::NonBlockingCollectiveComplete>() |
           leaves_with<LeaveFact::kRequest>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  struct Pending {
    trace::RequestId request = 0;
    std::uint64_t handle = 0;  // 0: unknown
    trace::ByteRange buffer;
    bool writes = false;  // MPI writes the buffer (a receive) rather than reads it (a send)
    CallId started;
  };
  // One finding per pair of call sites: a loop repeating the bug is one bug.
  // What a finding names: the pending operation and the call that used its buffer, on the lowest rank.
  struct Conflict {
    CallId pending;
    bool pending_writes = false;
    CallId other;
  };
  // How the other call used the buffer, over every rank (a broadcast's root reads, the others write).
  struct Uses {
    bool writes = false;
    bool reads = false;
  };
  using ConflictKey = std::tuple<trace::RegionId, std::uint32_t, trace::RegionId, std::uint32_t>;

  void access(trace::LocationId location, std::int64_t time_ns, const std::optional<trace::ByteRange>& buffer,
              bool writes);
  void start(trace::LocationId location, std::int64_t time_ns, trace::RequestId request,
             const std::optional<std::uint64_t>& handle, const std::optional<trace::ByteRange>& buffer, bool writes);
  void complete(trace::LocationId location, trace::RequestId request);
  void request_free(const trace::Leave& leave);

  [[nodiscard]] std::vector<Pending>* pending_of(trace::LocationId location);

  std::vector<std::vector<Pending>> pending_;  // by EventModel::rank_index
  FindingsBySite<ConflictKey, Conflict, Uses> conflicts_;
};

}  // namespace mpisight::analyzer
