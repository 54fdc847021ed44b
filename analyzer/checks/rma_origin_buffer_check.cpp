// Every event with buffer ranges is checked against its rank's pending operations; completions release them.
#include "checks/rma_origin_buffer_check.hpp"

namespace mpisight::analyzer {
namespace {

constexpr std::size_t kMaxPendingPerCheck = 1U << 16U;  // beyond, new operations go unwatched

}  // namespace

void RmaOriginBufferCheck::report(trace::WorldRank rank, const CallId& user, const Pending& pending,
                                  bool pending_writes) {
  Finding finding;
  finding.check = "rma.origin_buffer_reuse";
  finding.severity = Severity::kError;
  finding.ranks = {rank};
  CallRef used = model().describe(user, "uses the buffer before the operation completed");
  CallRef op = model().describe(pending.call, pending_writes ? "MPI writes this buffer until completion"
                                                             : "MPI reads this buffer until completion");
  finding.message = "Rank " + std::to_string(rank) + "'s " + used.function + " used memory that its pending " +
                    op.function + " " + (pending_writes ? "still writes" : "still reads") +
                    ": the origin buffer of an RMA operation belongs to MPI until the operation completes.";
  finding.calls.push_back(std::move(used));
  finding.calls.push_back(std::move(op));
  finding.hint =
      "Complete the operation first (MPI_Win_flush_local or MPI_Win_flush in a lock epoch, the closing fence or "
      "MPI_Win_complete, or MPI_Wait on its request), or use a separate buffer.";
  sink_.add(rank, user, pending.call.site, std::move(finding));
}

void RmaOriginBufferCheck::use(trace::LocationId location, std::int64_t time_ns,
                               const std::optional<trace::ByteRange>& reads,
                               const std::optional<trace::ByteRange>& writes) {
  if ((!reads && !writes) || pending_.empty()) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(location);
  for (auto it = pending_.lower_bound({rank, 0}); it != pending_.end() && it->first.first == rank; ++it) {
    const Pending& pending = it->second;
    const auto overlaps = [](const std::optional<trace::ByteRange>& a, const std::optional<trace::ByteRange>& b) {
      return a && b && a->overlaps(*b);
    };
    // MPI writing a buffer conflicts with any use; MPI reading it only with a write.
    if (overlaps(pending.written, reads) || overlaps(pending.written, writes)) {
      report(rank, model().current_call_id(location, time_ns), pending, true);
      return;
    }
    if (overlaps(pending.read, writes)) {
      report(rank, model().current_call_id(location, time_ns), pending, false);
      return;
    }
  }
}

namespace {

// Records that hand MPI a buffer of the origin's memory.
template <class E>
    struct HandsBuffer : std::bool_constant < requires(const E& e) {
  e.send_buffer;
} || requires(const E& e) {
  e.recv_buffer;
}
> {};

}  // namespace

EventKinds RmaOriginBufferCheck::event_kinds() const {
  return kinds_where<HandsBuffer>() | kinds_of<trace::RmaOpComplete>();
}

void RmaOriginBufferCheck::on_event(const trace::Event& event) {
  if (const auto* done = std::get_if<trace::RmaOpComplete>(&event)) {
    pending_.erase({model().rank_of(done->location), done->matching_id});
    return;
  }
  std::visit(
      [&]<class E>(const E& e) {
        std::optional<trace::ByteRange> reads;
        std::optional<trace::ByteRange> writes;
        if constexpr (requires { e.send_buffer; }) {
          reads = e.send_buffer;
        }
        if constexpr (requires { e.recv_buffer; }) {
          writes = e.recv_buffer;
        }
        use(e.location, e.time_ns, reads, writes);
        if constexpr (std::is_same_v<E, trace::RmaOp>) {
          if ((reads || writes) && pending_.size() < kMaxPendingPerCheck) {
            pending_[{model().rank_of(e.location), e.matching_id}] =
                Pending{reads, writes, model().current_call_id(e.location, e.time_ns)};
          }
        }
      },
      event);
}

void RmaOriginBufferCheck::finish(std::vector<Finding>& findings) {
  sink_.move_into(findings);
}

}  // namespace mpisight::analyzer
