// collectives.*: on each communicator, the n-th collective call of every member must be the same operation
// (collectives.mismatch) with the same root (collectives.root_mismatch), the same reduction operation
// (collectives.reduction_mismatch), matching type signatures (collectives.type_mismatch) and element counts or
// data sizes (collectives.size_mismatch; for the v and w forms per pair of ranks, from their per-peer counts), and
// the same blocking, nonblocking or persistent form (collectives.kind_mismatch: MPI 4.0 sections 6.12 and 6.13, the
// forms never match each other); a collective some members entered
// and others never did is collectives.missing_rank, reported with the ranks left waiting in it at the end of a
// hung run; a collective on a communicator the rank had freed is collectives.freed_comm.
// A nonblocking collective takes its place in the order when it starts, but its record names the communicator
// only when it completes: a rank's later collectives wait in a per-rank queue until then.
// Persistent collectives (MPI_<coll>_init) take their place in the order at their init call, itself a collective
// call (MPI 4.0 section 6.13), described on its Leave; their starts run what the inits matched and are left out of
// the order (traces without init descriptions leave persistent collectives out entirely).
// Open state: per communicator, the collective calls not yet entered by every member; per rank, the collectives
// queued behind an incomplete nonblocking one.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "checks/check.hpp"

namespace mpisight::analyzer {

class CollectiveCheck final : public Check {
 public:
  using CollectiveOp = schema::CollectiveOp;
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::MpiCollectiveEnd, trace::NonBlockingCollectiveRequest,
                    trace::NonBlockingCollectiveComplete>() |
           leaves_with<LeaveFact::kCollectiveInit>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  enum class Form : std::uint8_t { kBlocking, kNonblocking, kPersistent };
  struct Arrival {
    bool present = false;
    Form form = Form::kBlocking;
    bool blocked = false;  // still inside the call at the end of the trace: no root or sizes known
    schema::CollectiveOp op = schema::CollectiveOp::kBarrier;
    std::optional<trace::WorldRank> root;
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
    std::optional<std::uint32_t> reduction;  // the MPI_Op handle, when the trace records it
    std::optional<trace::TypeSignature> send_type;
    std::optional<trace::TypeSignature> recv_type;
    CallId call;
    trace::PeerCounts send_counts{};  // the v and w forms' per-peer counts, when recorded
    trace::PeerCounts recv_counts{};
  };
  // A rank's collective waiting for the nonblocking ones it started before to name their communicator.
  struct Queued {
    std::optional<trace::RequestId> request;  // set while the nonblocking collective has not completed
    trace::CommId comm = 0;
    Arrival arrival;
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
  void on_started(const trace::NonBlockingCollectiveRequest& event);
  void on_completed(const trace::NonBlockingCollectiveComplete& event);
  void on_arrival(trace::LocationId location, trace::CommId comm, const Arrival& arrival);
  void deliver(trace::LocationId location, trace::CommId comm, const Arrival& arrival, std::vector<Finding>* findings);
  void flush_queues();
  // The rank's only communicator with other members: where a call whose record names none must have been.
  [[nodiscard]] std::optional<trace::CommId> only_comm(trace::WorldRank rank) const;
  bool compare_forms(const std::string& where, const std::vector<std::size_t>& present, const Instance& instance,
                     const CommState& state, std::vector<Finding>& findings);
  bool compare_signatures(const std::string& where, CollectiveOp op, const std::vector<std::size_t>& present,
                          const Instance& instance, const CommState& state, std::vector<Finding>& findings);
  // The v and w forms pair by pair; true when the per-peer counts decided (a finding, or every pair agrees).
  bool compare_pairs(const std::string& where, CollectiveOp op, const std::vector<std::size_t>& present,
                     const Instance& instance, const CommState& state, std::vector<Finding>& findings);
  void on_init(const trace::Leave& leave);
  void arrive(CommState& state, trace::WorldRank rank, const Arrival& arrival, std::vector<Finding>* findings);
  // Compares the arrivals of one call; returns false (and stops the communicator) on an operation mismatch.
  bool compare(CommState& state, std::uint64_t sequence, const Instance& instance, std::vector<Finding>& findings);
  void report_missing(const CommState& state, std::uint64_t sequence, const Instance& instance,
                      std::vector<Finding>& findings);
  void add_blocked_calls();
  void report_stale_uses();

  std::unordered_map<trace::LocationId, std::deque<Queued>> queues_;
  std::set<std::pair<trace::LocationId, trace::RequestId>> persistent_;  // started persistent collectives
  // Per communicator, the ranks that freed it (MPI_Comm_free's DESTROY_HANDLE collective), and when.
  std::map<std::pair<trace::CommId, trace::WorldRank>, CallId> freed_;
  struct StaleUse {
    CallId use;   // the first collective on the freed communicator
    CallId free;  // the MPI_Comm_free before it
  };
  std::map<trace::CommId, std::map<trace::WorldRank, StaleUse>> stale_uses_;
  std::map<trace::CommId, std::optional<CommState>> comms_;  // nullopt: not checkable (self, unknown members)
  std::vector<Finding> findings_;
};

}  // namespace mpisight::analyzer
