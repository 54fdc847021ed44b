// The MPI profile, what mpiP users expect: for each MPI function, per rank and over all ranks, how often it ran,
// its inclusive time and the bytes of the message and collective records inside it; the same per call site; how
// unevenly each function's time is spread over the ranks; and each rank's share of time in MPI. Data only;
// printers live alongside.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
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

// One call site (file:line in `caller`) of one MPI function, over all ranks.
struct CallSiteStats {
  FunctionStats stats;  // stats.name: the MPI function
  std::string file;     // empty when the trace has no call site for these calls
  std::uint32_t line = 0;
  std::string caller;       // the calling function
  std::uint32_t ranks = 0;  // how many ranks called from here
};

// How a function's time is spread over the ranks (every rank of the profile, those without a call at 0).
struct FunctionBalance {
  std::string name;
  std::uint64_t min_rank_ns = 0;
  double mean_rank_ns = 0.0;
  std::uint64_t max_rank_ns = 0;
  trace::WorldRank max_rank = 0;  // the slowest rank (the lowest one on ties)

  // max / mean: 1.0 is perfectly even; n for n ranks where one rank spends all the time.
  [[nodiscard]] double imbalance() const noexcept {
    return mean_rank_ns <= 0.0 ? 1.0 : static_cast<double>(max_rank_ns) / mean_rank_ns;
  }
};

// As mpiP counts: a rank's time in MPI (outermost MPI calls on all its threads, MPI_Init and MPI_Finalize left
// out) against its application time (from leaving MPI_Init to entering MPI_Finalize; the first or last event of
// the rank where the trace lacks either, as in a recovered one).
struct RankTime {
  trace::WorldRank rank = 0;
  std::uint64_t mpi_ns = 0;
  std::uint64_t app_ns = 0;

  [[nodiscard]] double mpi_fraction() const noexcept {
    return app_ns == 0 ? 0.0 : static_cast<double>(mpi_ns) / static_cast<double>(app_ns);
  }
};

struct RankProfile {
  trace::WorldRank rank = 0;             // world rank; the location group ID for a process that is no MPI rank
  std::vector<FunctionStats> functions;  // by total_ns descending, then name
};

struct Profile {
  std::vector<RankProfile> ranks;        // ranks with at least one call, ascending
  std::vector<FunctionStats> total;      // every rank merged, ordered like a rank's list
  std::vector<CallSiteStats> sites;      // by total time descending: the most expensive call sites first
  std::vector<FunctionBalance> balance;  // one per function of `total`, in its order
  std::vector<RankTime> rank_times;      // one per rank of `ranks`, in its order
  std::uint64_t unmatched_events = 0;    // Leaves without their Enter, and regions never left
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
    std::optional<trace::CallingContextId> site;
    bool is_mpi;
    bool is_init_or_finalize;
  };
  struct Span {
    std::int64_t first_ns = 0;
    std::int64_t last_ns = 0;
    std::optional<std::int64_t> init_left_ns;         // MPI_Init(_thread) returned
    std::optional<std::int64_t> finalize_entered_ns;  // MPI_Finalize called
  };
  struct SiteKey {
    trace::RegionId region;
    std::optional<trace::CallingContextId> site;
    auto operator<=>(const SiteKey&) const = default;
  };
  struct SiteAccumulator {
    FunctionStats stats;
    std::set<trace::WorldRank> ranks;
  };

  void enter(const trace::Enter& event);
  void leave(const trace::Leave& event);
  void add_bytes(trace::LocationId location, std::uint64_t bytes);
  [[nodiscard]] trace::WorldRank rank_of(trace::LocationId location) const;
  void add_balance(Profile& profile) const;
  void add_sites(Profile& profile) const;
  void add_rank_times(Profile& profile) const;

  const trace::TraceDefinitions& defs_;
  std::map<trace::LocationId, std::vector<Frame>> stacks_;
  std::map<std::pair<trace::WorldRank, trace::RegionId>, FunctionStats> stats_;  // named in finish()
  std::map<SiteKey, SiteAccumulator> sites_;
  std::map<trace::LocationId, Span> spans_;           // each location's first and last event
  std::map<trace::WorldRank, std::uint64_t> mpi_ns_;  // outermost MPI calls per rank
  std::uint64_t unmatched_events_ = 0;
};

// The profile of an in-memory trace (each location's events in order).
[[nodiscard]] Profile build_profile(const trace::Trace& trace);

}  // namespace mpisight::analyzer
