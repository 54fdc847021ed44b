// Receive requests (MPI_Irecv, MPI_Imrecv, started MPI_Recv_init/MPI_Precv_init) are active from their
// MpiIrecvRequest to their MpiIrecv or cancellation. The tracer closes a receive freed while active with a
// cancellation inside MPI_Request_free; traces that do not, name the freed handle on MPI_Request_free's Leave.
#include "checks/free_active_receive_check.hpp"

namespace mpisight::analyzer {

void FreeActiveReceiveCheck::on_event(const trace::Event& event) {
  std::visit(trace::Overloaded{
                 [&](const trace::MpiIrecvRequest& e) { started(e.location, e.time_ns, e.request, e.request_handle); },
                 [&](const trace::MpiIrecv& e) { (void)close_current(e.location); },
                 [&](const trace::MpiRequestCancelled& e) { cancelled(e); },
                 [&](const trace::Leave& e) { freed(e); },
                 [](const auto&) {},
             },
             event);
}

void FreeActiveReceiveCheck::started(trace::LocationId location, std::int64_t time_ns, trace::RequestId request,
                                     const std::optional<std::uint64_t>& handle) {
  if (!handle) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(location);
  Receive& receive = active_[RankKey{rank, *handle}];
  receive.started = model().current_call_id(location, time_ns);
  receive.request = request;
  model().current_request()->active_receive = true;
}

// Stops following the receive the current record completes or cancels (the model's current request), and returns
// it while it was still the active receive of its handle.
std::optional<FreeActiveReceiveCheck::Receive> FreeActiveReceiveCheck::close_current(trace::LocationId location) {
  OpenRequest* entry = model().current_request();
  if (entry == nullptr || !entry->active_receive) {
    return std::nullopt;
  }
  entry->active_receive = false;
  const RankKey active{model().rank_of(location), *entry->handle};
  const Receive* receive = active_.find(active);
  if (receive == nullptr || receive->request != model().current_request_id()) {
    return std::nullopt;
  }
  const Receive closed = *receive;
  active_.erase(active);
  return closed;
}

void FreeActiveReceiveCheck::cancelled(const trace::MpiRequestCancelled& event) {
  const std::optional<Receive> receive = close_current(event.location);
  const OpenCall* call = model().current_call(event.location);
  // Only a cancellation inside MPI_Request_free is a freed active receive; others are MPI_Cancel, then Wait/Test.
  if (receive && call != nullptr && call->info->kind == CallKind::kRequestFree) {
    report(model().rank_of(event.location), *receive, call->id);
  }
}

void FreeActiveReceiveCheck::freed(const trace::Leave& leave) {
  if (!leave.request_handle || model().region(leave.region).kind != CallKind::kRequestFree) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(leave.location);
  const RankKey active{rank, *leave.request_handle};
  const Receive* receive = active_.find(active);
  if (receive == nullptr) {
    return;
  }
  report(rank, *receive, model().current_call_id(leave.location, leave.time_ns));
  if (OpenRequest* entry = model().open_request(rank, receive->request)) {
    entry->active_receive = false;
  }
  active_.erase(active);
}

void FreeActiveReceiveCheck::report(trace::WorldRank rank, const Receive& receive, const CallId& free) {
  const SiteKey key{receive.started.region, receive.started.site, free.region, free.site};
  freed_.add(key, rank, Freed{.receive = receive.started, .free = free});
}

void FreeActiveReceiveCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [key, entry] : freed_.entries()) {
    const Freed& freed = entry.described;
    Finding finding;
    finding.check = "requests.free_active_receive";
    finding.severity = Severity::kError;
    finding.ranks = entry.ranks;
    normalize_ranks(finding);
    const CallRef receive = model().describe(freed.receive, "started the receive");
    const CallRef free = model().describe(freed.free, "freed the request before the receive completed");
    const std::string ranks = (finding.ranks.size() == 1 ? "rank " : "ranks ") + rank_list(finding.ranks);
    finding.message = "On " + ranks + ", MPI_Request_free released the receive request of " + receive.function +
                      " while it was still active: the program can no longer tell when the message has arrived in "
                      "the buffer.";
    finding.hint =
        "Wait for the receive (MPI_Wait/MPI_Test) instead of freeing it; free only send requests, or cancel the "
        "receive with MPI_Cancel and then wait for it.";
    finding.calls = {free, receive};
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
