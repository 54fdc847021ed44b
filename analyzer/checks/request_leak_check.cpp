// Tracks request ids from their start record (MpiIsend, MpiIrecvRequest) to their completion record (MpiIsendComplete,
// MpiIrecv, MpiRequestCancelled), and persistent requests from their init to MPI_Request_free. Leaked requests are
// reported per starting (or init) call, one finding per call site.
#include "checks/request_leak_check.hpp"

#include <algorithm>
#include <tuple>

namespace mpisight::analyzer {

void RequestLeakCheck::on_event(const trace::Event& event) {
  std::visit(trace::Overloaded{
                 [&](const trace::MpiIsend& e) { start(e.location, e.time_ns, e.request, e.request_handle); },
                 [&](const trace::MpiIrecvRequest& e) { start(e.location, e.time_ns, e.request, e.request_handle); },
                 [&](const trace::NonBlockingCollectiveRequest& e) {
                   start(e.location, e.time_ns, e.request, e.request_handle);
                 },
                 [&](const trace::NonBlockingCollectiveComplete& e) { complete(e.location, e.request); },
                 [&](const trace::MpiIsendComplete& e) { complete(e.location, e.request); },
                 [&](const trace::MpiIrecv& e) { complete(e.location, e.request); },
                 [&](const trace::MpiRequestCancelled& e) { complete(e.location, e.request); },
                 [&](const trace::Enter& e) {
                   if (model().region(e.region).kind == CallKind::kFinalize) {
                     finalize(e.location);
                   }
                 },
                 [&](const trace::Leave& e) {
                   if (model().region(e.region).kind == CallKind::kRequestFree) {
                     request_free(e);
                   } else if (e.request_handle && e.request_slot) {  // a persistent init made this request
                     persistent_.insert_or_assign(RankKey{model().rank_of(e.location), *e.request_handle},
                                                  model().current_call_id(e.location, e.time_ns));
                   }
                 },
                 [](const auto&) {},
             },
             event);
}

void RequestLeakCheck::start(trace::LocationId location, std::int64_t time_ns, trace::RequestId request,
                             const std::optional<std::uint64_t>& handle) {
  pending_[RankKey{model().rank_of(location), request}] = Pending{
      .started = model().current_call_id(location, time_ns), .order = next_order_++, .handle = handle.value_or(0)};
}

void RequestLeakCheck::complete(trace::LocationId location, trace::RequestId request) {
  pending_.erase(RankKey{model().rank_of(location), request});
}

// MPI_Request_free's Leave names the freed handle in mpisight traces (both halves of an MPI_Isendrecv go). Other
// traces do not say: programs free a request right after starting it, so the rank's newest pending one is taken.
void RequestLeakCheck::request_free(const trace::Leave& leave) {
  const trace::WorldRank rank = model().rank_of(leave.location);
  if (leave.request_handle) {
    persistent_.erase(RankKey{rank, *leave.request_handle});
    pending_.erase_if([&](const RankKey& key, const Pending& pending) {
      return key.rank == rank && pending.handle == *leave.request_handle;
    });
    return;
  }
  std::optional<RankKey> newest;
  std::uint64_t newest_order = 0;
  pending_.for_each([&](const RankKey& key, const Pending& pending) {
    if (key.rank == rank && (!newest || pending.order > newest_order)) {
      newest = key;
      newest_order = pending.order;
    }
  });
  if (newest) {
    pending_.erase(*newest);
  }
}

void RequestLeakCheck::finalize(trace::LocationId location) {
  const trace::WorldRank rank = model().rank_of(location);
  // An inactive persistent request left allocated; one still active is reported (as an error) at its start.
  persistent_.erase_if([&](const RankKey& key, const CallId& init) {
    if (key.rank != rank) {
      return false;
    }
    bool active = false;
    pending_.for_each([&](const RankKey& pending_key, const Pending& pending) {
      active = active || (pending_key.rank == rank && pending.handle == key.value);
    });
    if (!active) {
      leaked_.push_back(Leaked{.started = init, .rank = rank, .inactive_persistent = true});
    }
    return true;
  });
  pending_.erase_if([&](const RankKey& key, const Pending& pending) {
    if (key.rank != rank) {
      return false;
    }
    leaked_.push_back(Leaked{.started = pending.started, .rank = rank, .inactive_persistent = false});
    return true;
  });
}

void RequestLeakCheck::finish(std::vector<Finding>& findings) {
  // One finding per kind, starting function and call site; the same site leaking on many ranks is one bug.
  const auto site = [](const Leaked& l) { return std::tie(l.inactive_persistent, l.started.region, l.started.site); };
  std::sort(leaked_.begin(), leaked_.end(), [&](const Leaked& a, const Leaked& b) {
    return std::tuple_cat(site(a), std::tie(a.rank, a.started.enter_ns)) <
           std::tuple_cat(site(b), std::tie(b.rank, b.started.enter_ns));
  });
  for (std::size_t i = 0; i < leaked_.size();) {
    std::size_t j = i;
    while (j < leaked_.size() && site(leaked_[j]) == site(leaked_[i])) {
      ++j;
    }
    report(findings, std::span(leaked_).subspan(i, j - i));
    i = j;
  }
}

void RequestLeakCheck::report(std::vector<Finding>& findings, std::span<const Leaked> same_site) const {
  const bool inactive = same_site.front().inactive_persistent;
  Finding finding;
  finding.check = "requests.leak";
  finding.severity = inactive ? Severity::kWarning : Severity::kError;
  for (const Leaked& leaked : same_site) {
    // The first leak of each rank stands for the rest of that rank.
    if (finding.ranks.empty() || finding.ranks.back() != leaked.rank) {
      finding.ranks.push_back(leaked.rank);
      finding.calls.push_back(model().describe(leaked.started, inactive
                                                                   ? "created the persistent request never freed"
                                                                   : "started the request that was never completed"));
    }
  }
  const std::size_t count = same_site.size();
  const std::string function = finding.calls.front().function;
  const std::string ranks = (finding.ranks.size() == 1 ? "rank " : "ranks ") + rank_list(finding.ranks);
  if (inactive) {
    finding.message =
        (count == 1
             ? "A persistent request created by " + function + " on " + ranks + " was"
             : std::to_string(count) + " persistent requests created by " + function + " on " + ranks + " were") +
        " never freed before MPI_Finalize: no operation is lost (it was inactive), but the request object leaks.";
    finding.hint = "Release every persistent request with MPI_Request_free once it is no longer started.";
  } else {
    finding.message =
        (count == 1 ? "A request started by " + function + " on " + ranks + " was"
                    : std::to_string(count) + " requests started by " + function + " on " + ranks + " were") +
        " never completed or freed before MPI_Finalize.";
    finding.hint =
        "Complete every request with MPI_Wait, MPI_Test or MPI_Waitall before MPI_Finalize (or release "
        "it with MPI_Request_free once the operation no longer matters).";
  }
  normalize_ranks(finding);
  findings.push_back(std::move(finding));
}

}  // namespace mpisight::analyzer
