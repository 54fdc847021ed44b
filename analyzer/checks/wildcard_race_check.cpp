// Only MPI_ANY_SOURCE makes a race: with a fixed source, MPI's non-overtaking rule fixes which message of that
// sender a receive gets, MPI_ANY_TAG included.
#include "checks/wildcard_race_check.hpp"

#include <string>

namespace mpisight::analyzer {
namespace {

constexpr std::int32_t kAnySource = -2;  // MPICH's MPI_ANY_SOURCE
constexpr std::int32_t kAnyTag = -1;     // MPICH's MPI_ANY_TAG

std::string message_text(const MessageEnd& m) {
  return "rank " + std::to_string(m.sender) + "'s message (tag " + std::to_string(m.tag) + ", " +
         std::to_string(m.bytes) + " bytes)";
}

}  // namespace

void WildcardRaceCheck::on_event(const trace::Event& event) {
  std::visit(trace::Overloaded{
                 [&](const trace::MpiIrecvRequest& e) {
                   if (e.requested_source == kAnySource) {
                     posted_[{e.location, e.request}] = e.requested_tag;
                   }
                 },
                 [&](const trace::MpiRecv& e) {
                   if (e.requested_source == kAnySource) {
                     judge(e.requested_tag);
                   }
                 },
                 [&](const trace::MpiIrecv& e) {
                   if (auto it = posted_.find({e.location, e.request}); it != posted_.end()) {
                     const std::optional<std::int32_t> tag = it->second;
                     posted_.erase(it);
                     judge(tag);
                   }
                 },
                 [&](const trace::MpiRequestCancelled& e) {
                   posted_.erase({e.location, e.request});
                 },
                 [](const auto&) {},
             },
             event);
}

// The receive the current event completed: a rival is a message another rank sent before this moment that is
// still unreceived and that the receive would have matched.
void WildcardRaceCheck::judge(std::optional<std::int32_t> requested_tag) {
  const EventModel::Match* match = model().matched();
  if (!match) {
    return;  // its send is not in the trace yet (clock skew): nothing to compare against
  }
  const MessageEnd& receive = match->receive;
  for (const MessageEnd& other : model().messages().in_flight_to(receive.comm, receive.receiver)) {
    const bool tag_matches = !requested_tag || *requested_tag == kAnyTag || *requested_tag == std::int32_t(other.tag);
    if (other.sender != match->send.sender && tag_matches) {
      const CallId& site = receive.posted.value_or(receive.call);  // the call that named MPI_ANY_SOURCE
      Races& races = races_[{site.region, site.site}];
      if (races.count++ == 0) {
        races.first = *match;
        races.rival = other;
      }
      return;
    }
  }
}

void WildcardRaceCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [key, races] : races_) {
    const MessageEnd& send = races.first.send;
    const MessageEnd& receive = races.first.receive;
    Finding finding;
    finding.check = "messages.wildcard_race";
    finding.severity = Severity::kWarning;
    finding.ranks = {receive.receiver, send.sender, races.rival.sender};
    if (receive.posted) {  // MPI_Irecv posted the wildcard receive, the Wait or Test completed it
      finding.calls.push_back(model().describe(*receive.posted, "posted a receive from MPI_ANY_SOURCE"));
      finding.calls.push_back(model().describe(receive.call, "completed it"));
    } else {
      finding.calls.push_back(model().describe(receive.call, "received from MPI_ANY_SOURCE"));
    }
    finding.calls.push_back(model().describe(send.call, "sent the message it got"));
    finding.calls.push_back(model().describe(races.rival.call, "sent a message it could have got instead"));
    const std::string receives = races.count == 1 ? "A receive" : std::to_string(races.count) + " receives, the first";
    finding.message = receives + " from MPI_ANY_SOURCE in " + finding.calls[0].function + " on rank " +
                      std::to_string(receive.receiver) + " got " + message_text(send) + " while " +
                      message_text(races.rival) +
                      " was already sent and could have matched it too: which one it gets depends on timing.";
    finding.hint =
        "If the order matters, receive from each source explicitly (or tell the messages apart by tag); if it "
        "does not, make sure the code handles every arrival order.";
    normalize_ranks(finding);
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
