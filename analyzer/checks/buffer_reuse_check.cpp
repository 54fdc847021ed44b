// A pending operation's buffer is remembered from its start record to its completion record (or MPI_Request_free);
// every buffer a later record hands to MPI on the same rank is compared with the pending ones.
#include "checks/buffer_reuse_check.hpp"

#include <algorithm>

namespace mpisight::analyzer {
namespace {

bool same_call(const CallId& a, const CallId& b) {
  return a.location == b.location && a.enter_ns == b.enter_ns && a.region == b.region;
}

}  // namespace

void BufferReuseCheck::on_event(const trace::Event& event) {
  std::visit(trace::Overloaded{
                 [&](const trace::MpiSend& e) { access(e.location, e.time_ns, e.send_buffer, false); },
                 [&](const trace::MpiRecv& e) { access(e.location, e.time_ns, e.recv_buffer, true); },
                 [&](const trace::MpiCollectiveEnd& e) {
                   access(e.location, e.time_ns, e.send_buffer, false);
                   access(e.location, e.time_ns, e.recv_buffer, true);
                 },
                 [&](const trace::MpiIsend& e) {
                   access(e.location, e.time_ns, e.send_buffer, false);
                   start(e.location, e.time_ns, e.request, e.request_handle, e.send_buffer, false);
                 },
                 [&](const trace::MpiIrecvRequest& e) {
                   access(e.location, e.time_ns, e.recv_buffer, true);
                   start(e.location, e.time_ns, e.request, e.request_handle, e.recv_buffer, true);
                 },
                 [&](const trace::NonBlockingCollectiveRequest& e) {
                   access(e.location, e.time_ns, e.send_buffer, false);
                   access(e.location, e.time_ns, e.recv_buffer, true);
                   start(e.location, e.time_ns, e.request, e.request_handle, e.send_buffer, false);
                   start(e.location, e.time_ns, e.request, e.request_handle, e.recv_buffer, true);
                 },
                 [&](const trace::MpiIsendComplete& e) { complete(e.location, e.request); },
                 [&](const trace::MpiIrecv& e) { complete(e.location, e.request); },
                 [&](const trace::MpiRequestCancelled& e) { complete(e.location, e.request); },
                 [&](const trace::NonBlockingCollectiveComplete& e) { complete(e.location, e.request); },
                 [&](const trace::Leave& e) { request_free(e); },
                 [](const auto&) {},
             },
             event);
}

void BufferReuseCheck::access(trace::LocationId location, std::int64_t time_ns,
                              const std::optional<trace::ByteRange>& buffer, bool writes) {
  if (!buffer) {
    return;
  }
  const std::vector<Pending>* pendings = pending_of(location);
  if (pendings == nullptr || pendings->empty()) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(location);
  const CallId call = model().current_call_id(location, time_ns);
  for (const Pending& pending : *pendings) {
    // The halves of one call (Sendrecv_replace, a collective's two sides) are MPI's business.
    if ((!writes && !pending.writes) || !pending.buffer.overlaps(*buffer) || same_call(pending.started, call)) {
      continue;
    }
    const ConflictKey key{pending.started.region, pending.started.site, call.region, call.site};
    auto& conflict = conflicts_.add(
        key, rank, Conflict{.pending = pending.started, .pending_writes = pending.writes, .other = call});
    (writes ? conflict.totals.writes : conflict.totals.reads) = true;
  }
}

std::vector<BufferReuseCheck::Pending>* BufferReuseCheck::pending_of(trace::LocationId location) {
  const std::uint32_t rank = model().rank_index(location);
  return rank < pending_.size() ? &pending_[rank] : nullptr;
}

void BufferReuseCheck::start(trace::LocationId location, std::int64_t time_ns, trace::RequestId request,
                             const std::optional<std::uint64_t>& handle, const std::optional<trace::ByteRange>& buffer,
                             bool writes) {
  if (!buffer) {
    return;
  }
  const std::uint32_t rank = model().rank_index(location);
  if (rank >= pending_.size()) {
    pending_.resize(rank + 1);
  }
  Pending& pending = pending_[rank].emplace_back();  // field by field: a temporary Pending stalled its copy
  pending.request = request;
  pending.handle = handle.value_or(0);
  pending.buffer = *buffer;
  pending.writes = writes;
  pending.started = model().current_call_id(location, time_ns);
}

void BufferReuseCheck::complete(trace::LocationId location, trace::RequestId request) {
  if (std::vector<Pending>* pendings = pending_of(location)) {
    std::erase_if(*pendings, [&](const Pending& p) { return p.request == request; });
  }
}

// A freed request's operation completes unobserved: from here on the trace cannot tell, so the check stays quiet.
void BufferReuseCheck::request_free(const trace::Leave& leave) {
  if (!leave.request_handle || model().region(leave.region).kind != CallKind::kRequestFree) {
    return;
  }
  if (std::vector<Pending>* pendings = pending_of(leave.location)) {
    std::erase_if(*pendings, [&](const Pending& p) { return p.handle == *leave.request_handle; });
  }
}

void BufferReuseCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [key, entry] : conflicts_.entries()) {
    const Conflict& conflict = entry.described;
    Finding finding;
    finding.check = "requests.buffer_reuse";
    finding.severity = Severity::kError;
    finding.ranks = entry.ranks;
    normalize_ranks(finding);
    const CallRef pending = model().describe(
        conflict.pending, conflict.pending_writes ? "started the operation that writes the buffer until it completes"
                                                  : "started the operation that reads the buffer until it completes");
    const bool both = entry.totals.writes && entry.totals.reads;
    const char* use = both ? "used" : (entry.totals.writes ? "wrote" : "read");
    const CallRef other =
        model().describe(conflict.other, std::string(use) + " the buffer before that request completed");
    const std::string ranks = (finding.ranks.size() == 1 ? "rank " : "ranks ") + rank_list(finding.ranks);
    finding.message = "On " + ranks + ", " + other.function +
                      (both ? " used " : (entry.totals.writes ? " wrote into " : " read from ")) + "the " +
                      (conflict.pending_writes ? "receive" : "send") + " buffer of a pending " + pending.function +
                      " before its request completed, while MPI may still " +
                      (conflict.pending_writes ? "write" : "read") + " that memory.";
    finding.hint =
        "Complete the request with MPI_Wait or MPI_Test before handing its buffer to another MPI call, or "
        "give the second call a buffer of its own.";
    finding.calls.push_back(pending);
    finding.calls.push_back(other);
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
