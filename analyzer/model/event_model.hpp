// The one event model all checks share. It sees each event before the checks (an Enter opens a call) and after
// them (a Leave closes it), so while a check handles a record it knows the MPI call that made it; it pairs
// messages (MessageMatcher), and after the last event it tells in which call each location ended (a hung or
// crashed run). Its memory is the open state: call stacks, messages in flight.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "findings/finding.hpp"
#include "model/call_id.hpp"
#include "model/event_kinds.hpp"
#include "model/flat_map.hpp"
#include "model/message_matcher.hpp"
#include "model/open_request.hpp"
#include "model/region_info.hpp"
#include "model/request_calls.hpp"
#include "model/rma_state.hpp"
#include "trace/definitions.hpp"
#include "trace/events.hpp"

namespace mpisight::analyzer {

struct OpenCall {
  CallId id;
  const RegionInfo* info = nullptr;
  // A blocking receive's requested source, if the trace names one: resolved by location_ends() only, as the
  // end-of-trace checks alone ask (resolving it on every Enter cost a definitions lookup each).
  std::optional<trace::WorldRank> awaited;
  std::int32_t requested_source = -1;  // as the Enter recorded it with `requested_comm`; -1 if it named none
  trace::CommId requested_comm = 0;
};

class EventModel {
 public:
  explicit EventModel(const trace::TraceDefinitions& defs);
  EventModel(const EventModel&) = delete;
  EventModel& operator=(const EventModel&) = delete;

  // The records before() may pair a message on (matched()).
  static constexpr EventKinds kMatchingKinds =
      kinds_of<trace::MpiSend, trace::MpiIsend, trace::MpiRecv, trace::MpiIrecv>();

  // The driver calls before(event), hands the event to every check, then calls after(event).
  void before(const trace::Event& event);
  // Inline: most events (Enter, most records) leave nothing to do here.
  void after(const trace::Event& event) {
    if (completing_ || event.index() == event_kind<trace::Leave>() || is_rma_event(event)) {
      finish_event(event);
    }
  }

  [[nodiscard]] const trace::TraceDefinitions& defs() const noexcept { return defs_; }
  // Inline: the driver and the checks ask on every Enter and Leave.
  [[nodiscard]] const RegionInfo& region(trace::RegionId region) const noexcept {
    return region < regions_.size() ? regions_[region] : unknown_region_;
  }
  // The world rank of `location`; for a location that is no MPI rank, its location group's id.
  [[nodiscard]] trace::WorldRank rank_of(trace::LocationId location) { return state(location).rank; }
  // A dense index of rank_of(location) (0, 1, 2... in order of first sight), so checks keep per-rank state in a
  // vector instead of a map; rank_count() indexes are in use.
  [[nodiscard]] std::uint32_t rank_index(trace::LocationId location) { return state(location).rank_index; }
  [[nodiscard]] std::uint32_t rank_count() const noexcept { return static_cast<std::uint32_t>(rank_index_.size()); }
  // The innermost MPI call open at `location`, or nullptr.
  [[nodiscard]] const OpenCall* current_call(trace::LocationId location) {
    const std::vector<OpenCall>& stack = state(location).stack;
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      if (it->info->is_mpi) {
        return &*it;
      }
    }
    return nullptr;
  }
  // current_call's id, or an id without region (at `time_ns`) for a record made outside any MPI call; valid until
  // the next call. A reference: returning the id by value merged both cases into scalar stores that the caller's
  // 16-byte copy then stalled on (store forwarding) at every request start.
  [[nodiscard]] const CallId& current_call_id(trace::LocationId location, std::int64_t time_ns) {
    if (const OpenCall* call = current_call(location)) {
      return call->id;
    }
    outside_call_.location = location;
    outside_call_.region = kNoRegion;
    outside_call_.enter_ns = time_ns;
    outside_call_.site = kNoSite;
    return outside_call_;
  }
  [[nodiscard]] CallRef describe(const CallId& call, std::string role) const;
  [[nodiscard]] std::string comm_name(trace::CommId comm) const;

  [[nodiscard]] const MessageMatcher& messages() const noexcept { return messages_; }
  // Windows and their epochs, as the current event found them.
  [[nodiscard]] const RmaState& rma() const noexcept { return rma_; }
  // What the innermost open MPI call of `location` is to the RMA checks.
  [[nodiscard]] RmaCall rma_call(trace::LocationId location);
  // The message the current event completed a match for (its send and its receive), if any.
  struct Match {
    MessageEnd send;
    MessageEnd receive;
  };
  [[nodiscard]] const Match* matched() const noexcept { return has_match_ ? &match_ : nullptr; }

  // The request the current event starts (MpiIsend, MpiIrecvRequest, NonBlockingCollectiveRequest) or completes
  // (MpiIsendComplete, MpiIrecv, MpiRequestCancelled, NonBlockingCollectiveComplete); nullptr for other events and
  // for a completion whose start the trace lacks. Checks may change their fields of it until after().
  [[nodiscard]] OpenRequest* current_request() noexcept { return current_request_; }
  // The request id of the current event's current_request().
  [[nodiscard]] trace::RequestId current_request_id() const noexcept { return current_request_key_.value; }
  // An open request of `rank` by its request id, or nullptr.
  [[nodiscard]] OpenRequest* open_request(trace::WorldRank rank, trace::RequestId request) {
    return requests_.find(RankKey{rank, request});
  }
  // Calls `f(rank, entry)` for every open request (for the rare scans: MPI_Request_free, MPI_Finalize).
  template <class F>
  void for_each_open_request(F&& f) {
    requests_.for_each([&](const RankKey& key, OpenRequest& entry) { f(key.rank, entry); });
  }

  // End-of-trace state. The MPI calls each location was still in (innermost last), whether it reached
  // MPI_Finalize, and the last MPI call it returned from.
  struct LocationEnd {
    trace::LocationId location = 0;
    trace::WorldRank rank = 0;
    std::vector<OpenCall> open_mpi_calls;
    bool entered_finalize = false;
    std::optional<CallId> last_mpi_call;
  };
  [[nodiscard]] std::vector<LocationEnd> location_ends() const;
  [[nodiscard]] bool entered_finalize(trace::LocationId location);

 private:
  struct LocationState {
    trace::LocationId id = 0;
    trace::WorldRank rank = 0;
    std::uint32_t rank_index = 0;
    std::vector<OpenCall> stack;  // every open region, MPI or not
    bool entered_finalize = false;
    std::optional<CallId> last_mpi_call;  // the innermost MPI call when it was left
  };

  // Inline for the common case: checks ask about the current event's location many times per event.
  LocationState& state(trace::LocationId location) {
    return cached_ != nullptr && cached_id_ == location ? *cached_ : look_up_state(location);
  }
  LocationState& look_up_state(trace::LocationId location);
  void finish_event(const trace::Event& event);  // after()'s work
  void enter(const trace::Enter& event);
  [[nodiscard]] std::optional<trace::WorldRank> awaited_rank(const OpenCall& call, trace::LocationId location) const;
  void leave(const trace::Leave& event);
  template <class SendEvent>
  void on_send(const SendEvent& event, std::optional<trace::RequestId> request);
  template <class ReceiveEvent>
  void on_receive(const ReceiveEvent& event, const CallId* posted);  // posted: its MPI_Irecv, if nonblocking
  OpenRequest& start_request(trace::LocationId location, std::int64_t time_ns, trace::RequestId request,
                             const std::optional<std::uint64_t>& handle);
  void complete_request(trace::LocationId location, trace::RequestId request);

  const trace::TraceDefinitions& defs_;
  std::vector<RegionInfo> regions_;  // by region id
  RegionInfo unknown_region_;
  std::uint32_t site_index(std::uint32_t calling_context);

  std::vector<SourceLocation> sites_;                      // by site index
  FlatMap<std::uint32_t, std::uint32_t> site_of_context_;  // calling context -> site index
  // site_of_context_ for the small, dense calling context ids writers give, as a plain table (kUnresolved: not yet).
  std::vector<std::uint32_t> small_site_of_context_;
  std::deque<LocationState> locations_;                       // a deque: cached_ and callers keep pointers
  FlatMap<trace::LocationId, std::uint32_t> location_index_;  // into locations_
  // location_index_ for the small ids writers give in practice, as a plain table (kNoLocation: not seen yet).
  std::vector<std::uint32_t> small_location_index_;
  FlatMap<trace::WorldRank, std::uint32_t> rank_index_;  // LocationState::rank_index by rank
  // Requests from their start record to their completion record, by rank and request id (any thread of a rank may
  // complete its requests).
  FlatMap<RankKey, OpenRequest, RankKeyHash> requests_;
  OpenRequest* current_request_ = nullptr;
  RankKey current_request_key_;
  bool completing_ = false;  // the current event completes current_request_: after() drops it
  std::uint64_t next_request_order_ = 0;
  trace::LocationId cached_id_ = 0;
  LocationState* cached_ = nullptr;  // the last location looked up: events come in runs per location
  MessageMatcher messages_;
  RmaState rma_;
  Match match_;          // built in place by on_send/on_receive; meaningful only while has_match_
  CallId outside_call_;  // current_call_id's answer outside any MPI call
  bool has_match_ = false;
};

}  // namespace mpisight::analyzer
