// collectives.*: on each communicator, the n-th collective call of every member must be the same operation
// (collectives.mismatch) with the same root (collectives.root_mismatch), the same reduction operation
// (collectives.reduction_mismatch) and consistent data sizes
// (collectives.size_mismatch); a collective some members entered and others never did is
// collectives.missing_rank, reported with the ranks left waiting in it at the end of a hung run.
// Open state: per communicator, the collective calls not yet entered by every member.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class CollectiveCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  void finish(std::vector<Finding>& findings) override;

 private:
  struct Arrival {
    bool present = false;
    bool blocked = false;  // still inside the call at the end of the trace: no root or sizes known
    schema::CollectiveOp op = schema::CollectiveOp::kBarrier;
    std::optional<trace::WorldRank> root;
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
    std::optional<std::uint32_t> reduction;  // the MPI_Op handle, when the trace records it
    CallId call;
  };
  struct Instance {
    std::vector<Arrival> arrivals;  // by rank in the communicator
    std::size_t count = 0;
  };
  struct CommState {
    trace::CommId comm = 0;
    std::vector<trace::WorldRank> members;  // world rank of each member (intercommunicators: both groups)
    bool is_inter = false;  // roots and sizes then differ by group on purpose: only the order is compared
    std::unordered_map<trace::WorldRank, std::size_t> index;
    std::vector<std::uint64_t> entered;  // collectives each member has entered so far
    std::uint64_t base = 0;              // sequence number of window.front()
    std::deque<Instance> window;
    bool stopped = false;  // after an order mismatch every later call is out of step: not checked further
  };

  CommState* comm_state(trace::CommId comm);
  void arrive(CommState& state, trace::WorldRank rank, const Arrival& arrival, std::vector<Finding>* findings);
  // Compares the arrivals of one call; returns false (and stops the communicator) on an operation mismatch.
  bool compare(CommState& state, std::uint64_t sequence, const Instance& instance, std::vector<Finding>& findings);
  void report_missing(const CommState& state, std::uint64_t sequence, const Instance& instance,
                      std::vector<Finding>& findings);
  void add_blocked_calls();

  std::map<trace::CommId, std::optional<CommState>> comms_;  // nullopt: not checkable (self, unknown members)
  std::vector<Finding> findings_;
};

}  // namespace mpisight::analyzer
