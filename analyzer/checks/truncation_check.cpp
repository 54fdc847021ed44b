// A receive's room is its recorded capacity when MPI cut it short; a trace without capacities (another tool's)
// still shows truncation as fewer bytes received than sent, which MPI never does for a complete receive.
#include "checks/truncation_check.hpp"

#include <string>

namespace mpisight::analyzer {
namespace {

std::uint64_t room_of(const MessageEnd& receive) {
  return receive.capacity.value_or(receive.bytes);
}

}  // namespace

void TruncationCheck::on_event(const trace::Event& /*event*/) {
  const EventModel::Match* match = model().matched();
  if (!match || match->send.bytes <= room_of(match->receive)) {
    return;
  }
  const CallId& receive = match->receive.posted.value_or(match->receive.call);  // the call that gave the buffer
  Truncations& truncations =
      truncations_[{match->send.call.region, match->send.call.site, receive.region, receive.site}];
  if (truncations.count++ == 0) {
    truncations.first = *match;
  }
}

void TruncationCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [key, truncations] : truncations_) {
    const MessageEnd& send = truncations.first.send;
    const MessageEnd& receive = truncations.first.receive;
    const std::string sent = std::to_string(send.bytes) + " bytes";
    const std::string room = receive.capacity ? std::to_string(*receive.capacity) + " bytes"
                                              : "the " + std::to_string(receive.bytes) + " bytes it recorded";
    Finding finding;
    finding.check = "messages.truncation";
    finding.severity = Severity::kError;
    finding.ranks = {send.sender, send.receiver};
    if (receive.posted) {  // MPI_Irecv gave the buffer, the Wait or Test completed it
      finding.calls.push_back(model().describe(*receive.posted, "posted the receive into a buffer of " + room));
      finding.calls.push_back(model().describe(receive.call, "completed the truncated receive"));
    } else {
      finding.calls.push_back(model().describe(receive.call, "received it into a buffer of " + room));
    }
    finding.calls.push_back(model().describe(send.call, "sent " + sent));
    const std::string count =
        truncations.count == 1 ? "A message" : std::to_string(truncations.count) + " messages, the first";
    finding.message = count + " of " + sent + " from rank " + std::to_string(send.sender) + " (tag " +
                      std::to_string(send.tag) + ") matched a receive posted by " + finding.calls[0].function +
                      " on rank " + std::to_string(send.receiver) + " whose buffer holds only " + room +
                      ": the message was truncated (MPI_ERR_TRUNCATE).";
    finding.hint =
        "Give the receive room for the largest message it can match (count x datatype size), or probe first "
        "(MPI_Probe + MPI_Get_count) and size the buffer from the status.";
    normalize_ranks(finding);
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
