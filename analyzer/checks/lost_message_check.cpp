// Groups leftovers by the call site that made them, so a loop that loses a message per iteration is one finding.
// A hung run's blocked MPI_Recv has no record yet: its Enter says what it waits for.
#include "checks/lost_message_check.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace mpisight::analyzer {
namespace {

void sort_by_site(std::vector<MessageEnd>& ends) {
  std::stable_sort(ends.begin(), ends.end(), [](const MessageEnd& a, const MessageEnd& b) {
    return std::tie(a.call.region, a.call.site, a.call.enter_ns, a.call.location) <
           std::tie(b.call.region, b.call.site, b.call.enter_ns, b.call.location);
  });
}

std::string message_text(const MessageEnd& m, const std::string& comm) {
  return "from rank " + std::to_string(m.sender) + " to rank " + std::to_string(m.receiver) + ", tag " +
         std::to_string(m.tag) + ", " + std::to_string(m.bytes) + " bytes on " + comm;
}

constexpr std::size_t kMaxCallsPerFinding = 8;
constexpr std::int32_t kAnySource = -2;  // MPICH's MPI_ANY_SOURCE
constexpr std::int32_t kAnyTag = -1;     // MPICH's MPI_ANY_TAG

}  // namespace

void LostMessageCheck::on_event(const trace::Event& event) {
  if (const auto* enter = std::get_if<trace::Enter>(&event)) {
    if (enter->requested_source && enter->requested_tag && enter->requested_comm) {
      requested_[enter->location] = Requested{.enter_ns = enter->time_ns,
                                              .region = enter->region,
                                              .source = *enter->requested_source,
                                              .tag = *enter->requested_tag,
                                              .comm = *enter->requested_comm};
    }
  }
}

// A rank that ended inside the blocking receive whose Enter was recorded last, with no message in flight that it
// could match: the message it waits for was never sent (the deadlock check tells why nobody moves).
void LostMessageCheck::report_never_sent(std::vector<Finding>& findings) {
  const std::vector<EventModel::LocationEnd> ends = model().location_ends();
  if (std::any_of(ends.begin(), ends.end(), [](const EventModel::LocationEnd& end) {
        return !end.open_mpi_calls.empty() && end.open_mpi_calls.back().info->name == "MPI_Abort";
      })) {
    return;  // an aborted run: the receive was cut short, not left waiting
  }
  // A sender that is itself blocked in a receive may still send once released: that wait is the deadlock check's.
  std::set<trace::WorldRank> receiving;
  for (const EventModel::LocationEnd& end : ends) {
    if (!end.open_mpi_calls.empty() && end.open_mpi_calls.back().awaited) {
      receiving.insert(end.rank);
    }
  }
  std::map<std::pair<trace::RegionId, std::uint32_t>, std::pair<Finding, std::size_t>> by_site;  // and rank count
  for (const EventModel::LocationEnd& end : ends) {
    const auto asked = requested_.find(end.location);
    if (end.open_mpi_calls.empty() || asked == requested_.end()) {
      continue;
    }
    const OpenCall& blocked = end.open_mpi_calls.back();
    const Requested& r = asked->second;
    if (blocked.id.enter_ns != r.enter_ns || blocked.id.region != r.region || r.source == -1 /* MPI_PROC_NULL */) {
      continue;
    }
    const bool any_source = r.source == kAnySource;
    if (!any_source && !blocked.awaited) {
      continue;  // a source the definitions cannot place
    }
    const trace::WorldRank source = any_source ? 0 : *blocked.awaited;
    if (!any_source && receiving.contains(source)) {
      continue;
    }
    bool could_match = false;
    for (const MessageEnd& m : model().messages().in_flight_to(r.comm, end.rank)) {
      could_match =
          could_match || ((any_source || m.sender == source) && (r.tag == kAnyTag || std::int32_t(m.tag) == r.tag));
    }
    if (could_match) {
      continue;
    }
    auto [entry, fresh] = by_site.try_emplace({blocked.id.region, blocked.id.site});
    Finding& finding = entry->second.first;
    ++entry->second.second;
    finding.ranks.push_back(end.rank);
    const std::string from = any_source ? std::string("any rank") : "rank " + std::to_string(source);
    if (!any_source) {
      finding.ranks.push_back(source);
    }
    const std::string tag = r.tag == kAnyTag ? std::string("any tag") : "tag " + std::to_string(r.tag);
    const CallRef call =
        model().describe(blocked.id, "waited for a message from " + from + " (" + tag + ") that was never sent");
    if (!fresh) {
      if (finding.calls.size() < kMaxCallsPerFinding) {
        finding.calls.push_back(call);
      }
      continue;
    }
    finding.check = "messages.unmatched_receive";
    finding.severity = Severity::kWarning;
    finding.message = "Rank " + std::to_string(end.rank) + " was still waiting in " + call.function +
                      " when the run ended for a message from " + from + " with " + tag + " on " +
                      model().comm_name(r.comm) + " that was never sent: the trace holds no send it could match.";
    finding.hint =
        "Make sure every message a receive waits for is sent: compare the loop bounds and conditions of sender and "
        "receiver, and the destination, tag and communicator of the send with the receive's.";
    finding.calls.push_back(call);
  }
  for (auto& [site, entry] : by_site) {
    Finding& finding = entry.first;
    if (entry.second > 1) {
      const std::size_t more = entry.second - 1;
      finding.message += " " + std::to_string(more) + (more == 1 ? " more rank waits" : " more ranks wait") +
                         " at the same call site.";
    }
    normalize_ranks(finding);
    findings.push_back(std::move(finding));
  }
}

void LostMessageCheck::finish(std::vector<Finding>& findings) {
  struct Kind {
    std::vector<MessageEnd> ends;
    const char* check;
    Severity severity;
    const char* role;
    const char* one;
    const char* many;
    const char* hint;
  };
  Kind kinds[] = {
      {model().messages().unreceived_sends(), "messages.unreceived", Severity::kError, "sent a message never received",
       " was never received: no matching receive (same communicator, source and tag) was posted.",
       " were never received: no matching receives (same communicator, source and tag) were posted.",
       "Post a receive for every message sent, with the sender's communicator and tag (or drop the send); an "
       "unreceived message hides a logic error and holds MPI buffers until MPI_Finalize."},
      {model().messages().unmatched_receives(), "messages.unmatched_receive", Severity::kWarning,
       "received a message the trace holds no send for",
       " completed, but the trace holds no send it could have matched.",
       " completed, but the trace holds no sends they could have matched.",
       "Check whether the sender's calls were filtered out of the trace (MPISIGHT_FILTER) or the trace was "
       "written by a tool that records sends differently."},
  };
  for (Kind& kind : kinds) {
    sort_by_site(kind.ends);
    for (std::size_t i = 0; i < kind.ends.size();) {
      std::size_t j = i;
      Finding finding;
      finding.check = kind.check;
      finding.severity = kind.severity;
      while (j < kind.ends.size() && kind.ends[j].call.region == kind.ends[i].call.region &&
             kind.ends[j].call.site == kind.ends[i].call.site) {
        const MessageEnd& m = kind.ends[j];
        finding.ranks.push_back(m.sender);
        finding.ranks.push_back(m.receiver);
        if (finding.calls.size() < kMaxCallsPerFinding) {
          finding.calls.push_back(model().describe(
              m.call, std::string(kind.role) + " (" + message_text(m, model().comm_name(m.comm)) + ")"));
        }
        ++j;
      }
      const MessageEnd& first = kind.ends[i];
      const std::string function = finding.calls.front().function;
      const bool is_send = kind.check == std::string_view("messages.unreceived");
      if (j - i == 1) {
        finding.message = (is_send ? "The message " : "A receive in " + function + " of the message ") +
                          message_text(first, model().comm_name(first.comm)) + (is_send ? " sent by " + function : "") +
                          kind.one;
      } else {
        finding.message = std::to_string(j - i) + (is_send ? " messages sent by " : " receives in ") + function +
                          " (the first " + message_text(first, model().comm_name(first.comm)) + ")" + kind.many;
      }
      finding.hint = kind.hint;
      normalize_ranks(finding);
      findings.push_back(std::move(finding));
      i = j;
    }
  }
  report_never_sent(findings);
}

}  // namespace mpisight::analyzer
