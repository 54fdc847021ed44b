// Tracks request ids from their start record (MpiIsend, MpiIrecvRequest) to their completion record (MpiIsendComplete,
// MpiIrecv, MpiRequestCancelled). Leaked requests are reported per starting call, one finding per call site.
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
                   }
                 },
                 [](const auto&) {},
             },
             event);
}

void RequestLeakCheck::start(trace::LocationId location, std::int64_t time_ns, trace::RequestId request,
                             const std::optional<std::uint64_t>& handle) {
  pending_[Key{model().rank_of(location), request}] = Pending{
      .started = model().current_call_id(location, time_ns), .order = next_order_++, .handle = handle.value_or(0)};
}

void RequestLeakCheck::complete(trace::LocationId location, trace::RequestId request) {
  pending_.erase(Key{model().rank_of(location), request});
}

// MPI_Request_free's Leave names the freed handle in mpisight traces (both halves of an MPI_Isendrecv go). Other
// traces do not say: programs free a request right after starting it, so the rank's newest pending one is taken.
void RequestLeakCheck::request_free(const trace::Leave& leave) {
  const trace::WorldRank rank = model().rank_of(leave.location);
  if (leave.request_handle) {
    std::erase_if(pending_, [&](const auto& entry) {
      return entry.first.rank == rank && entry.second.handle == *leave.request_handle;
    });
    return;
  }
  auto newest = pending_.end();
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->first.rank == rank && (newest == pending_.end() || it->second.order > newest->second.order)) {
      newest = it;
    }
  }
  if (newest != pending_.end()) {
    pending_.erase(newest);
  }
}

void RequestLeakCheck::finalize(trace::LocationId location) {
  const trace::WorldRank rank = model().rank_of(location);
  std::erase_if(pending_, [&](const auto& entry) {
    if (entry.first.rank != rank) {
      return false;
    }
    leaked_.push_back(Leaked{.started = entry.second.started, .rank = rank});
    return true;
  });
}

void RequestLeakCheck::finish(std::vector<Finding>& findings) {
  // One finding per starting function and call site; the same site leaking on many ranks is one bug.
  std::sort(leaked_.begin(), leaked_.end(), [](const Leaked& a, const Leaked& b) {
    return std::tie(a.started.region, a.started.site, a.rank, a.started.enter_ns) <
           std::tie(b.started.region, b.started.site, b.rank, b.started.enter_ns);
  });
  for (std::size_t i = 0; i < leaked_.size();) {
    std::size_t j = i;
    Finding finding;
    finding.check = "requests.leak";
    finding.severity = Severity::kError;
    while (j < leaked_.size() && leaked_[j].started.region == leaked_[i].started.region &&
           leaked_[j].started.site == leaked_[i].started.site) {
      // The first leak of each rank stands for the rest of that rank.
      if (finding.ranks.empty() || finding.ranks.back() != leaked_[j].rank) {
        finding.ranks.push_back(leaked_[j].rank);
        finding.calls.push_back(model().describe(leaked_[j].started, "started the request that was never completed"));
      }
      ++j;
    }
    const std::size_t count = j - i;
    const std::string function = finding.calls.front().function;
    const std::string ranks = (finding.ranks.size() == 1 ? "rank " : "ranks ") + rank_list(finding.ranks);
    finding.message =
        (count == 1 ? "A request started by " + function + " on " + ranks + " was"
                    : std::to_string(count) + " requests started by " + function + " on " + ranks + " were") +
        " never completed or freed before MPI_Finalize.";
    finding.hint =
        "Complete every request with MPI_Wait, MPI_Test or MPI_Waitall before MPI_Finalize (or release "
        "it with MPI_Request_free once the operation no longer matters).";
    normalize_ranks(finding);
    findings.push_back(std::move(finding));
    i = j;
  }
}

}  // namespace mpisight::analyzer
