// Groups leftovers by the call site that made them, so a loop that loses a message per iteration is one finding.
#include "checks/lost_message_check.hpp"

#include <algorithm>
#include <tuple>

namespace mpisight::analyzer {
namespace {

void sort_by_site(std::vector<MessageEnd>& ends) {
  std::sort(ends.begin(), ends.end(), [](const MessageEnd& a, const MessageEnd& b) {
    return std::tie(a.call.region, a.call.site, a.call.enter_ns, a.call.location) <
           std::tie(b.call.region, b.call.site, b.call.enter_ns, b.call.location);
  });
}

std::string message_text(const MessageEnd& m, const std::string& comm) {
  return "from rank " + std::to_string(m.sender) + " to rank " + std::to_string(m.receiver) + ", tag " +
         std::to_string(m.tag) + ", " + std::to_string(m.bytes) + " bytes on " + comm;
}

constexpr std::size_t kMaxCallsPerFinding = 8;

}  // namespace

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
}

}  // namespace mpisight::analyzer
