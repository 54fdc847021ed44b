// The per-function profile: for each MPI region, per rank and over all ranks, how often it ran, its inclusive
// time, and the bytes of the message and collective records inside it. Data only; printers live alongside.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "event_pass.hpp"
#include "trace/definitions.hpp"
#include "trace/events.hpp"
#include "trace/load_trace.hpp"

namespace mpisight::analyzer {

struct FunctionStats {
  std::string name;
  std::uint64_t calls = 0;
  std::uint64_t total_ns = 0;  // inclusive, summed over calls
  std::uint64_t min_ns = 0;
  std::uint64_t max_ns = 0;
  std::uint64_t bytes = 0;  // msgLength of Mpi(I)Send/(I)Recv, sizeSent + sizeReceived of MpiCollectiveEnd and
                            // NonBlockingCollectiveComplete

  [[nodiscard]] double mean_ns() const noexcept {
    return calls == 0 ? 0.0 : static_cast<double>(total_ns) / static_cast<double>(calls);
  }
};

struct RankProfile {
  trace::WorldRank rank = 0;             // world rank; the location group ID for a process that is no MPI rank
  std::vector<FunctionStats> functions;  // by total_ns descending, then name
};

struct Profile {
  std::vector<RankProfile> ranks;      // ranks with at least one call, ascending
  std::vector<FunctionStats> total;    // every rank merged, ordered like a rank's list
  std::uint64_t unmatched_events = 0;  // Leaves without their Enter, and regions never left
};

// Counts MPI-paradigm regions; other regions are tracked for nesting but not reported. `defs` must outlive it.
class ProfileBuilder final : public EventPass {
 public:
  explicit ProfileBuilder(const trace::TraceDefinitions& defs);
  void on_event(const trace::Event& event) override;
  [[nodiscard]] Profile finish();

 private:
  struct Frame {
    trace::RegionId region;
    std::int64_t enter_ns;
    std::uint64_t bytes;
  };

  void enter(const trace::Enter& event);
  void leave(const trace::Leave& event);
  void add_bytes(trace::LocationId location, std::uint64_t bytes);
  [[nodiscard]] trace::WorldRank rank_of(trace::LocationId location) const;

  const trace::TraceDefinitions& defs_;
  std::map<trace::LocationId, std::vector<Frame>> stacks_;
  std::map<std::pair<trace::WorldRank, trace::RegionId>, FunctionStats> stats_;  // named in finish()
  std::uint64_t unmatched_events_ = 0;
};

// The profile of an in-memory trace (each location's events in order).
[[nodiscard]] Profile build_profile(const trace::Trace& trace);

}  // namespace mpisight::analyzer
