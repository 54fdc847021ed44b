// Follows each request variable (slot) from the request stored in it to that request's completion or free. A record
// that stores another handle into a slot whose request is still alive is the overwrite.
#include "checks/handle_overwritten_check.hpp"

#include <algorithm>

namespace mpisight::analyzer {
namespace {

constexpr std::size_t kKeepNullSlots = 4096;

}  // namespace

void HandleOverwrittenCheck::Activations::add(trace::RequestId request) {
  if (count_ < first_.size()) {
    first_[count_++] = request;
  } else {
    more_.push_back(request);
  }
}

// Removes every copy of `request`, as std::erase on a list would.
void HandleOverwrittenCheck::Activations::remove(trace::RequestId request) {
  std::erase(more_, request);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    if (first_[i] != request) {
      first_[kept++] = first_[i];
    }
  }
  count_ = kept;
  while (count_ < first_.size() && !more_.empty()) {
    first_[count_++] = more_.front();
    more_.erase(more_.begin());
  }
}

void HandleOverwrittenCheck::on_event(const trace::Event& event) {
  std::visit(trace::Overloaded{
                 [&](const trace::MpiIsend& e) {
                   created(e.location, e.time_ns, e.request, e.request_handle, e.request_slot, false);
                 },
                 [&](const trace::MpiIrecvRequest& e) {
                   created(e.location, e.time_ns, e.request, e.request_handle, e.request_slot, false);
                 },
                 [&](const trace::NonBlockingCollectiveRequest& e) {
                   created(e.location, e.time_ns, e.request, e.request_handle, e.request_slot, false);
                 },
                 [&](const trace::MpiIsendComplete& e) { complete(e.location, e.request); },
                 [&](const trace::MpiIrecv& e) { complete(e.location, e.request); },
                 [&](const trace::MpiRequestCancelled& e) { complete(e.location, e.request); },
                 [&](const trace::NonBlockingCollectiveComplete& e) { complete(e.location, e.request); },
                 [&](const trace::Leave& e) { leave(e); },
                 [](const auto&) {},
             },
             event);
}

void HandleOverwrittenCheck::created(trace::LocationId location, std::int64_t time_ns,
                                     std::optional<trace::RequestId> request,
                                     const std::optional<std::uint64_t>& handle,
                                     const std::optional<std::uint64_t>& slot, bool persistent) {
  if (!handle || !slot) {
    return;  // a trace without request slots
  }
  const trace::WorldRank rank = model().rank_of(location);
  persistent = persistent || persistent_handles_.contains(RankKey{rank, *handle});
  const CallId call = model().current_call_id(location, time_ns);
  auto [held, fresh] = slots_.try_emplace(RankKey{rank, *slot});
  if (!fresh && held->null) {
    fresh = true;  // the variable held MPI_REQUEST_NULL
    --null_slots_;
  }
  // The same request again: a persistent request started, or the second half of an MPI_Isendrecv. An equal handle
  // alone proves nothing: MPICH hands every nonblocking call that completed at once one shared builtin handle.
  const bool same_call = held->created.location == call.location && held->created.enter_ns == call.enter_ns &&
                         held->created.region == call.region;
  if (!fresh && held->handle == *handle && (held->persistent || same_call)) {
    if (request) {
      held->pending.add(*request);
      model().current_request()->slot = *slot;
    }
    return;
  }
  if (!fresh && (!held->pending.empty() || held->persistent)) {
    const SiteKey key{held->created.region, held->created.site, call.region, call.site};
    overwrites_.add(key, rank, Overwrite{.lost = held->created, .overwriting = call});
  }
  if (!fresh) {
    release(rank, held->pending);
  }
  // Field by field: building a whole Held and moving it in stalled on its stores at every start.
  held->handle = *handle;
  held->created = call;
  held->persistent = persistent;
  held->pending.clear();
  held->null = false;
  if (request) {
    held->pending.add(*request);
    model().current_request()->slot = *slot;
  }
}

// The activations no longer held by their variable: their completions have nothing left to clear.
void HandleOverwrittenCheck::release(trace::WorldRank rank, const Activations& pending) {
  pending.for_each([&](trace::RequestId old) {
    if (OpenRequest* request = model().open_request(rank, old)) {
      request->slot.reset();
    }
  });
}

void HandleOverwrittenCheck::complete(trace::LocationId location, trace::RequestId request) {
  OpenRequest* entry = model().current_request();
  if (entry == nullptr || !entry->slot) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(location);
  const RankKey slot{rank, *entry->slot};
  entry->slot.reset();
  Held* held = slots_.find(slot);
  if (held == nullptr || held->null) {
    return;
  }
  held->pending.remove(request);
  if (held->pending.empty() && !held->persistent) {
    held->null = true;  // MPI set the variable to MPI_REQUEST_NULL: reusing it is fine
    // Variables at ever new addresses (requests in freshly allocated memory) must not grow the map without end.
    if (++null_slots_ > kKeepNullSlots && null_slots_ * 2 > slots_.size()) {
      slots_.erase_if([](const RankKey&, const Held& entry) { return entry.null; });
      null_slots_ = 0;
    }
  }
}

void HandleOverwrittenCheck::leave(const trace::Leave& leave) {
  if (!leave.request_handle) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(leave.location);
  if (leave.request_slot) {  // a persistent init stored its request
    persistent_handles_[RankKey{rank, *leave.request_handle}] = true;
    created(leave.location, leave.time_ns, std::nullopt, leave.request_handle, leave.request_slot, true);
  } else if (model().region(leave.region).kind == CallKind::kRequestFree) {
    persistent_handles_.erase(RankKey{rank, *leave.request_handle});
    forget(rank, *leave.request_handle);
  }
}

// MPI_Request_free is rare next to starts and completions, so the variable holding `handle` is searched among the
// held ones here rather than indexed by handle on every start. MPICH gives requests that completed at once one
// shared handle: the variable that received it last is the one freed.
void HandleOverwrittenCheck::forget(trace::WorldRank rank, std::uint64_t handle) {
  std::optional<RankKey> latest;
  std::int64_t latest_ns = 0;
  slots_.for_each([&](const RankKey& slot, const Held& held) {
    if (slot.rank == rank && !held.null && held.handle == handle && (!latest || held.created.enter_ns >= latest_ns)) {
      latest = slot;
      latest_ns = held.created.enter_ns;
    }
  });
  if (const Held* held = latest ? slots_.find(*latest) : nullptr) {
    release(rank, held->pending);
    slots_.erase(*latest);
  }
}

void HandleOverwrittenCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [key, entry] : overwrites_.entries()) {
    const Overwrite& overwrite = entry.described;
    Finding finding;
    finding.check = "requests.handle_overwritten";
    finding.severity = Severity::kError;
    finding.ranks = entry.ranks;
    normalize_ranks(finding);
    const CallRef lost = model().describe(overwrite.lost, "created the request that was lost");
    const CallRef overwriting =
        model().describe(overwrite.overwriting, "stored a new request into the same MPI_Request variable");
    const std::string ranks = (finding.ranks.size() == 1 ? "rank " : "ranks ") + rank_list(finding.ranks);
    finding.message = "On " + ranks + ", " + overwriting.function +
                      " overwrote the MPI_Request variable holding the request of " + lost.function +
                      " while that request was still " + (lost.function.ends_with("_init") ? "allocated" : "pending") +
                      ", so it can never be completed or freed.";
    finding.hint =
        "Complete (MPI_Wait/MPI_Test) or free the request before storing a new one in its variable, or keep "
        "requests that are in flight together in separate variables (an array of MPI_Request).";
    finding.calls.push_back(lost);
    finding.calls.push_back(overwriting);
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
