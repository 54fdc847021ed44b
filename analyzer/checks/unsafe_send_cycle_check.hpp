// messages.unsafe_send_cycle: blocking standard-mode sends (MPI_Send) that form a cycle, each rank sending before
// it posts the receive for the message sent to it. They completed only because MPI buffered them (an eager
// protocol); with zero buffering (a larger message, another MPI) every rank of the cycle would wait in MPI_Send
// forever. MPI 4.0, 3.5 calls such programs unsafe.
// The rule, needing only each rank's own call order: an MPI_Send S can complete without buffering once the
// receive that matched it is posted, which on the receiving thread comes after that thread's last MPI_Send
// before it (it depends on it), and after the sender's previous MPI_Send (it depends on it too). A cycle of such
// dependencies is a deadlock without buffering. Open state: the sends not yet known to be safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class UnsafeSendCycleCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::MpiSend, trace::MpiIsend, trace::MpiIrecvRequest, trace::MpiRecv, trace::MpiIrecv,
                    trace::MpiRequestCancelled>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  using NodeId = std::uint64_t;
  // A blocking standard send not yet known to complete without buffering.
  struct Node {
    CallId call;
    trace::WorldRank sender = 0;
    trace::WorldRank receiver = 0;
    std::optional<NodeId> previous;  // the same thread's previous MPI_Send, if it is not safe either
    std::optional<NodeId> target;    // the receiving thread's last MPI_Send before its receive, if not safe
    bool received = false;
    std::vector<NodeId> dependents;
  };

  void add_send(const trace::MpiSend& event);
  void on_match(const EventModel::Match& match, std::optional<NodeId> target);
  [[nodiscard]] std::optional<NodeId> pending_last_send(trace::LocationId location) const;
  [[nodiscard]] std::vector<NodeId> path_to(NodeId from, NodeId to) const;
  void report(const std::vector<NodeId>& cycle);
  void resolve(NodeId id, bool force);

  std::unordered_map<NodeId, Node> pending_;
  std::unordered_map<trace::LocationId, NodeId> last_send_;  // each thread's latest MPI_Send, while pending
  std::map<std::pair<trace::LocationId, std::int64_t>, NodeId> node_of_call_;
  // Nonblocking receives posted behind a pending MPI_Send, not completed: that send (the thread's last).
  std::map<std::pair<trace::LocationId, trace::RequestId>, std::optional<NodeId>> posted_;
  NodeId next_id_ = 0;

  struct Cycles {
    std::uint64_t count = 0;
    std::vector<CallRef> calls;  // of the first one
    std::vector<trace::WorldRank> ranks;
  };
  std::map<std::vector<std::pair<trace::RegionId, std::uint32_t>>, Cycles> cycles_;  // by the sites in the cycle
};

}  // namespace mpisight::analyzer
