// Persistent requests are known from their init's Leave (handle and slot), followed through their starts (records
// carrying the same handle) and completions, and forgotten at MPI_Request_free. The tracer puts the request's handle
// on the Leave of a Wait/Test handed an inactive one, and of an MPI_Start MPI refused while the request was active.
#include "checks/persistent_misuse_check.hpp"

namespace mpisight::analyzer {

void PersistentMisuseCheck::on_event(const trace::Event& event) {
  std::visit(trace::Overloaded{
                 [&](const trace::MpiIsend& e) { started(e.location, e.time_ns, e.request, e.request_handle); },
                 [&](const trace::MpiIrecvRequest& e) { started(e.location, e.time_ns, e.request, e.request_handle); },
                 [&](const trace::NonBlockingCollectiveRequest& e) {
                   started(e.location, e.time_ns, e.request, e.request_handle);
                 },
                 [&](const trace::MpiIsendComplete& e) { complete(e.location); },
                 [&](const trace::MpiIrecv& e) { complete(e.location); },
                 [&](const trace::MpiRequestCancelled& e) { complete(e.location); },
                 [&](const trace::NonBlockingCollectiveComplete& e) { complete(e.location); },
                 [&](const trace::Leave& e) { leave(e); },
                 [](const auto&) {},
             },
             event);
}

void PersistentMisuseCheck::started(trace::LocationId location, std::int64_t time_ns, trace::RequestId request,
                                    const std::optional<std::uint64_t>& handle) {
  if (!handle) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(location);
  Persistent* persistent = requests_.find(RankKey{rank, *handle});
  if (persistent == nullptr) {
    return;  // not a persistent request
  }
  persistent->started = true;
  persistent->active = request;
  persistent->last_start = model().current_call_id(location, time_ns);
  model().current_request()->persistent_activation = true;
}

// The activation the current record completes (the model's current request), if it is one.
void PersistentMisuseCheck::complete(trace::LocationId location) {
  OpenRequest* entry = model().current_request();
  if (entry == nullptr || !entry->persistent_activation) {
    return;
  }
  entry->persistent_activation = false;
  const trace::RequestId request = model().current_request_id();
  if (Persistent* persistent = requests_.find(RankKey{model().rank_of(location), *entry->handle});
      persistent != nullptr && persistent->active == request) {
    persistent->active = 0;
  }
}

void PersistentMisuseCheck::leave(const trace::Leave& leave) {
  if (!leave.request_handle) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(leave.location);
  const RankKey key{rank, *leave.request_handle};
  const CallId call = model().current_call_id(leave.location, leave.time_ns);
  if (leave.request_slot) {  // a persistent init created it
    requests_[key] = Persistent{.init = call, .last_start = call, .started = false, .active = 0};
    return;
  }
  const Persistent* persistent = requests_.find(key);
  if (persistent == nullptr) {
    return;
  }
  const RegionInfo& region = model().region(leave.region);
  if (region.kind == CallKind::kRequestFree) {
    requests_.erase(key);
  } else if (region.is_start && persistent->active != 0) {
    report(Misuse::kStartedWhileActive, persistent->last_start, call, rank);
  } else if (region.is_completion && !persistent->started) {
    report(Misuse::kWaitedWithoutStart, persistent->init, call, rank);
  }
}

void PersistentMisuseCheck::report(Misuse misuse, const CallId& first, const CallId& second, trace::WorldRank rank) {
  const SiteKey key{misuse, first.region, first.site, second.region, second.site};
  reports_.add(key, rank, Report{.misuse = misuse, .first = first, .second = second});
}

void PersistentMisuseCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [key, entry] : reports_.entries()) {
    const Report& report = entry.described;
    Finding finding;
    finding.check = "requests.persistent_misuse";
    finding.ranks = entry.ranks;
    normalize_ranks(finding);
    const std::string ranks = (finding.ranks.size() == 1 ? "rank " : "ranks ") + rank_list(finding.ranks);
    if (report.misuse == Misuse::kStartedWhileActive) {
      finding.severity = Severity::kError;
      const CallRef start = model().describe(report.first, "started the persistent request");
      const CallRef again = model().describe(report.second, "started it again before it completed");
      finding.message = "On " + ranks + ", " + again.function +
                        " started a persistent request that was still active from an earlier " + start.function +
                        "; MPI rejects this and the second operation never happens.";
      finding.hint = "Complete the request with MPI_Wait or MPI_Test before starting it again.";
      finding.calls = {again, start};
    } else {
      finding.severity = Severity::kWarning;
      const CallRef init = model().describe(report.first, "created the persistent request");
      const CallRef wait = model().describe(report.second, "waited for it although it was never started");
      finding.message = "On " + ranks + ", " + wait.function + " was handed the persistent request created by " +
                        init.function +
                        " before any MPI_Start: it returns at once with an empty status and no data moved.";
      finding.hint = "Call MPI_Start (or MPI_Startall) on the request before waiting for it.";
      finding.calls = {wait, init};
    }
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
