// params.invalid_argument: a recorded call whose arguments no MPI implementation may accept, but which returned
// success: a peer or root outside its communicator, a negative tag on a send, a negative count (a byte count that
// wrapped). MPICH with its argument checks rejects them (errors.return_code then reports the call); traces from
// other tools, or from MPI builds without checks, show them as accepted. Judged at the call's Leave, so a call
// that returned an error code is left to errors.return_code.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "checks/check.hpp"
#include "checks/findings_by_site.hpp"

namespace mpisight::analyzer {

class InvalidArgumentCheck final : public Check {
 public:
  using Check::Check;
  void on_event(const trace::Event& event) override;
  [[nodiscard]] EventKinds event_kinds() const override {
    return kinds_of<trace::MpiSend, trace::MpiIsend, trace::MpiRecv, trace::MpiIrecv, trace::MpiCollectiveEnd,
                    trace::NonBlockingCollectiveComplete, trace::Leave>();
  }
  void finish(std::vector<Finding>& findings) override;

 private:
  enum class Problem : std::uint8_t { kPeer, kRoot, kTag, kCount };
  struct Candidate {
    CallId call;
    Problem problem = Problem::kPeer;
    std::string what;  // e.g. "destination rank 5 of MPI_COMM_WORLD (2 ranks)"
  };

  [[nodiscard]] const trace::Communicator* communicator(trace::CommId comm);
  void peer(trace::LocationId location, trace::CommId comm, std::uint32_t peer, const char* role);
  void send_values(trace::LocationId location, std::uint32_t tag, std::uint64_t bytes);
  void root(trace::LocationId location, trace::CollectiveOp op, trace::CommId comm, std::uint32_t root,
            std::uint64_t bytes_sent, std::uint64_t bytes_received);
  void suspect(trace::LocationId location, Problem problem, std::string what);
  void leave(const trace::Leave& leave);

  std::unordered_map<trace::LocationId, std::vector<Candidate>> open_;  // until the call's Leave
  // One finding per problem and call site, named by the lowest rank's first such call.
  FindingsBySite<std::tuple<Problem, trace::RegionId, std::uint32_t>, Candidate> reports_;
  trace::CommId last_comm_id_ = 0;  // communicator()'s last answer
  const trace::Communicator* last_comm_ = nullptr;
};

}  // namespace mpisight::analyzer
