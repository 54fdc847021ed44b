// Flags each request the model holds open from its start record (MpiIsend, MpiIrecvRequest...) to its completion
// record, and follows persistent requests from their init to MPI_Request_free. Leaked requests are reported per
// starting (or init) call, one finding per call site.
#include "checks/request_leak_check.hpp"

#include <algorithm>
#include <tuple>

namespace mpisight::analyzer {

void RequestLeakCheck::on_event(const trace::Event& event) {
  std::visit(trace::Overloaded{
                 [&](const trace::MpiIsend&) { model().current_request()->leak_pending = true; },
                 [&](const trace::MpiIrecvRequest&) { model().current_request()->leak_pending = true; },
                 [&](const trace::NonBlockingCollectiveRequest&) { model().current_request()->leak_pending = true; },
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

// MPI_Request_free's Leave names the freed handle in mpisight traces (both halves of an MPI_Isendrecv go). Other
// traces do not say: programs free a request right after starting it, so the rank's newest pending one is taken.
void RequestLeakCheck::request_free(const trace::Leave& leave) {
  const trace::WorldRank rank = model().rank_of(leave.location);
  if (leave.request_handle) {
    persistent_.erase(RankKey{rank, *leave.request_handle});
    model().for_each_open_request([&](trace::WorldRank owner, OpenRequest& request) {
      if (owner == rank && request.handle.value_or(0) == *leave.request_handle) {
        request.leak_pending = false;
      }
    });
    return;
  }
  OpenRequest* newest = nullptr;
  model().for_each_open_request([&](trace::WorldRank owner, OpenRequest& request) {
    if (owner == rank && request.leak_pending && (newest == nullptr || request.order > newest->order)) {
      newest = &request;
    }
  });
  if (newest != nullptr) {
    newest->leak_pending = false;
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
    model().for_each_open_request([&](trace::WorldRank owner, const OpenRequest& request) {
      active = active || (owner == rank && request.leak_pending && request.handle.value_or(0) == key.value);
    });
    if (!active) {
      leaked_.push_back(Leaked{.started = init, .rank = rank, .inactive_persistent = true});
    }
    return true;
  });
  model().for_each_open_request([&](trace::WorldRank owner, OpenRequest& request) {
    if (owner == rank && request.leak_pending) {
      leaked_.push_back(Leaked{.started = request.started, .rank = rank, .inactive_persistent = false});
      request.leak_pending = false;
    }
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
