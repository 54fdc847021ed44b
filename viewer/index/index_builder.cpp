// The one pass over the events that fills a TraceIndex; memory beyond the index itself is bounded by open calls,
// unmatched messages and unfinished collectives.
#include "index/index_builder.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "index/build_progress.hpp"
#include "index/rma_io_builder.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::viewer {
namespace {

using trace::Overloaded;

struct LaneState {
  std::vector<Span> spans;          // in start order; end_ns is set at Leave
  std::vector<std::uint32_t> open;  // indices into `spans` of the calls not yet left
  std::int64_t collective_begin_ns = -1;
  std::map<std::uint32_t, std::uint32_t> collective_seq;  // comm -> how many collectives this lane did on it
};

// Messages are keyed by who sends to whom, how: MPI delivers messages with equal keys in order.
struct MessageKey {
  std::uint32_t comm;
  std::uint32_t sender;
  std::uint32_t receiver;
  std::uint32_t tag;
  bool operator==(const MessageKey&) const = default;
};

struct MessageKeyHash {
  std::size_t operator()(const MessageKey& k) const noexcept {
    const std::uint64_t a = (std::uint64_t{k.comm} << 32) | k.sender;
    const std::uint64_t b = (std::uint64_t{k.receiver} << 32) | k.tag;
    return std::hash<std::uint64_t>{}(a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2)));
  }
};

// The sides of one key's messages still waiting for their other side; at most one of the queues is non-empty.
struct PendingSides {
  std::deque<std::uint32_t> sends;
  std::deque<std::uint32_t> recvs;
};

class Builder {
 public:
  Builder(const trace::TraceDefinitions& defs, BuildProgress* progress) : defs_(defs), progress_(progress) {
    for (const auto& [id, region] : defs.regions) {
      region_index_[id] = static_cast<std::uint32_t>(index_.regions.size());
      index_.regions.push_back({region.name, family_of(region)});
    }
    for (const auto& [id, comm] : defs.comms) {
      comm_index_[id] = static_cast<std::uint32_t>(index_.comms.size());
      index_.comms.push_back({comm.name, {}});
    }
    make_lanes();
    for (const auto& [id, comm] : defs.comms) {
      auto& lanes = index_.comms[comm_index_[id]].lanes;
      for (trace::WorldRank rank : comm.world_ranks) {
        lanes.push_back(rank < rank_lane_.size() ? rank_lane_[rank] : kNone);
      }
    }
    rma_io_.emplace(defs, index_, rank_lane_, comm_index_);
    if (progress_ != nullptr) {
      start_progress();
    }
  }

  void on_event(const trace::Event& event) {
    if (progress_ != nullptr && (++events_read_ & 0xFFFF) == 0) {
      publish_progress();
    }
    const auto lane_it = lane_of_location_.find(trace::event_location(event));
    if (lane_it == lane_of_location_.end()) {
      return;  // a location without definition: nothing to draw it in
    }
    const LaneId lane = lane_it->second;
    const std::int64_t time = trace::event_time_ns(event);
    if (!seen_event_) {
      index_.begin_ns = time;
      seen_event_ = true;
    }
    index_.begin_ns = std::min(index_.begin_ns, time);
    index_.end_ns = std::max(index_.end_ns, time);
    LaneState& state = lanes_[lane];
    std::visit(Overloaded{
                   [&](const trace::Enter& e) { enter(state, e); },
                   [&](const trace::Leave& e) { leave(lane, state, e.time_ns); },
                   [&](const trace::MpiSend& e) {
                     message_side(Side::kSend, lane, state, e.time_ns, e.comm, e.peer, e.tag, e.bytes);
                   },
                   [&](const trace::MpiIsend& e) {
                     message_side(Side::kSend, lane, state, e.time_ns, e.comm, e.peer, e.tag, e.bytes);
                   },
                   [&](const trace::MpiRecv& e) {
                     message_side(Side::kRecv, lane, state, e.time_ns, e.comm, e.peer, e.tag, e.bytes);
                   },
                   [&](const trace::MpiIrecv& e) {
                     message_side(Side::kRecv, lane, state, e.time_ns, e.comm, e.peer, e.tag, e.bytes);
                   },
                   [&](const trace::MpiCollectiveBegin& e) { state.collective_begin_ns = e.time_ns; },
                   [&](const trace::MpiCollectiveEnd& e) { collective_end(lane, state, e); },
                   [&](const auto&) { rma_io_->add(event, lane, call_of(state)); },
               },
               event);
  }

  TraceIndex finish() && {
    std::size_t total_spans = 0;
    for (const LaneState& state : lanes_) {
      total_spans += state.spans.size();
    }
    index_.spans.reserve(total_spans);
    for (LaneId lane = 0; lane < lanes_.size(); ++lane) {
      LaneState& state = lanes_[lane];
      while (!state.open.empty()) {
        leave(lane, state, index_.end_ns);  // a call the trace never left (crash, recovered trace) ends with the trace
      }
      index_.lanes[lane].span_begin = index_.spans.size();
      index_.spans.insert(index_.spans.end(), state.spans.begin(), state.spans.end());
      index_.lanes[lane].span_end = index_.spans.size();
      state.spans = {};
    }
    for (Message& message : index_.messages) {
      message.send_span = global_span(message.send_lane, message.send_span);
      message.recv_span = global_span(message.recv_lane, message.recv_span);
      if (message.send_ns >= 0 && message.recv_ns >= 0) {
        index_.max_message_latency_ns = std::max(index_.max_message_latency_ns, message.recv_ns - message.send_ns);
      }
    }
    sort_messages();
    sort_collectives();
    rma_io_->finish(index_.end_ns, [&](LaneId lane, std::uint32_t local) { return global_span(lane, local); });
    if (progress_ != nullptr) {
      publish_progress(true);
    }
    return std::move(index_);
  }

 private:
  void make_lanes() {
    std::vector<const trace::Location*> locations;
    for (const auto& [id, location] : defs_.locations) {
      if (location.type == trace::LocationType::kCpuThread || location.type == trace::LocationType::kUnknown) {
        locations.push_back(&location);
      }
    }
    // Ranks in order, each rank's MPI location first; locations without rank at the end.
    auto order = [&](const trace::Location* l) {
      const std::uint64_t rank = l->world_rank ? *l->world_rank : 0xFFFF'FFFFull;
      const bool main = l->world_rank && defs_.location_of(*l->world_rank) == l->id;
      return std::tuple(rank, !main, l->id);
    };
    std::sort(locations.begin(), locations.end(), [&](auto* a, auto* b) { return order(a) < order(b); });
    rank_lane_.assign(defs_.world_size(), kNone);
    std::map<std::uint32_t, std::uint32_t> threads_of_rank;
    for (const trace::Location* location : locations) {
      const auto lane = static_cast<LaneId>(index_.lanes.size());
      LaneInfo info;
      info.location = location->id;
      info.rank = location->world_rank;
      info.name = location->name;
      if (location->world_rank) {
        info.thread = threads_of_rank[*location->world_rank]++;
        if (info.thread == 0 && *location->world_rank < rank_lane_.size()) {
          rank_lane_[*location->world_rank] = lane;
        }
      }
      lane_of_location_[location->id] = lane;
      index_.lanes.push_back(std::move(info));
    }
    lanes_.resize(index_.lanes.size());
  }

  void enter(LaneState& state, const trace::Enter& e) {
    Span span;
    span.start_ns = e.time_ns;
    span.end_ns = e.time_ns;
    const auto region = region_index_.find(e.region);
    span.region = region == region_index_.end() ? add_unknown_region(e.region) : region->second;
    span.family = index_.regions[span.region].family;
    span.depth = static_cast<std::uint16_t>(std::min<std::size_t>(state.open.size(), 0xFFFF));
    span.call_site = call_site_of(e, defs_);
    state.open.push_back(static_cast<std::uint32_t>(state.spans.size()));
    state.spans.push_back(span);
  }

  void leave(LaneId lane, LaneState& state, std::int64_t time_ns) {
    if (state.open.empty()) {
      return;  // a Leave without Enter (filtered or damaged trace): nothing to close
    }
    Span& span = state.spans[state.open.back()];
    span.end_ns = time_ns;
    state.open.pop_back();
    if (progress_ != nullptr) {
      coarse_.add(lane, span.start_ns, span.end_ns, span.family);
    }
  }

  // The page can paint lanes, names and the coarse view before the first event: the time range comes from the
  // clock properties (event times count from the global offset).
  void start_progress() {
    TraceIndex skeleton;
    skeleton.lanes = index_.lanes;
    skeleton.regions = index_.regions;
    skeleton.comms = index_.comms;
    const trace::ClockProperties& clock = defs_.clock;
    if (clock.defined && clock.timer_resolution > 0) {
      const auto length = static_cast<unsigned __int128>(clock.trace_length) * 1'000'000'000u / clock.timer_resolution;
      skeleton.end_ns =
          static_cast<std::int64_t>(std::min<unsigned __int128>(length, std::numeric_limits<std::int64_t>::max()));
    }
    std::uint64_t total = 0;
    for (const auto& [id, location] : defs_.locations) {
      total += location.number_of_events;
    }
    progress_->start(skeleton, total);
    coarse_ = CoarseView(skeleton.lanes.size(), skeleton.begin_ns, skeleton.end_ns);
    last_publish_ = std::chrono::steady_clock::now();
  }

  // A copy under the server's lock costs about a millisecond: a few times a second is enough for the page.
  void publish_progress(bool now = false) {
    const auto time = std::chrono::steady_clock::now();
    if (now || time - last_publish_ >= std::chrono::milliseconds(200)) {
      progress_->publish(coarse_, events_read_);
      last_publish_ = time;
    }
  }

  // Call sites arrive on Enter as a calling-context ID once the trace model reads them (branch attrs: Enter::call_site
  // and TraceDefinitions::call_site()); against a model without them this compiles to "no call site".
  template <class EnterEvent, class Definitions>
  std::uint32_t call_site_of(const EnterEvent& e, const Definitions& defs) {
    if constexpr (requires { defs.call_site(*e.call_site)->line; }) {
      if (!e.call_site) {
        return kNone;
      }
      auto [it, added] =
          call_site_index_.try_emplace(*e.call_site, static_cast<std::uint32_t>(index_.call_sites.size()));
      if (added) {
        const auto site = defs.call_site(*e.call_site);
        index_.call_sites.push_back(site ? CallSite{site->function, site->file, site->line} : CallSite{});
      }
      return it->second;
    } else {
      return kNone;
    }
  }

  std::uint32_t add_unknown_region(trace::RegionId id) {
    const auto index = static_cast<std::uint32_t>(index_.regions.size());
    region_index_[id] = index;
    index_.regions.push_back({defs_.region_name(id), Family::kOther});
    return index;
  }

  RmaIoBuilder::Call call_of(const LaneState& state) const {
    if (state.open.empty()) {
      return {};
    }
    const Span& span = state.spans[state.open.back()];
    return {state.open.back(), span.start_ns, index_.regions[span.region].name};
  }

  // The innermost open call of a lane, as a lane-local span index, or kNone.
  static std::uint32_t current_span(const LaneState& state) { return state.open.empty() ? kNone : state.open.back(); }

  static void link(LaneState& state, std::uint32_t link) {
    if (state.open.empty()) {
      return;
    }
    Span& span = state.spans[state.open.back()];
    for (std::uint32_t& slot : span.links) {
      if (slot == kNone) {
        slot = link;
        return;
      }
    }
  }

  std::uint32_t rank_of_lane(LaneId lane) const { return index_.lanes[lane].rank.value_or(kNone); }

  std::uint32_t world_of(std::uint32_t comm, std::uint32_t rank_in_comm, LaneId caller) const {
    const auto rank = defs_.world_rank(comm, rank_in_comm, index_.lanes[caller].location);
    return rank ? *rank : kNone;
  }

  enum class Side : std::uint8_t { kSend, kRecv };

  // One side of a message: paired with the oldest waiting other side of the same key, else left waiting itself.
  void message_side(Side side, LaneId lane, LaneState& state, std::int64_t time, trace::CommId comm, std::uint32_t peer,
                    std::uint32_t tag, std::uint64_t bytes) {
    const bool send = side == Side::kSend;
    const std::uint32_t self = rank_of_lane(lane);
    const std::uint32_t other = world_of(comm, peer, lane);
    const MessageKey key{comm, send ? self : other, send ? other : self, tag};
    PendingSides& pending = pending_[key];  // one lookup serves both queues
    auto& waiting_others = send ? pending.recvs : pending.sends;
    std::uint32_t index = 0;
    if (!waiting_others.empty()) {
      index = waiting_others.front();
      waiting_others.pop_front();
    } else {
      index = new_message(tag, comm);
      (send ? pending.sends : pending.recvs).push_back(index);
    }
    Message& message = index_.messages[index];
    (send ? message.send_ns : message.recv_ns) = time;
    (send ? message.send_lane : message.recv_lane) = lane;
    (send ? message.send_span : message.recv_span) = current_span(state);
    message.bytes = std::max(message.bytes, bytes);
    link(state, index);
  }

  std::uint32_t new_message(std::uint32_t tag, trace::CommId comm) {
    Message message;
    message.tag = tag;
    message.comm = comm_index_.count(comm) != 0 ? comm_index_.at(comm) : kNone;
    index_.messages.push_back(message);
    return static_cast<std::uint32_t>(index_.messages.size() - 1);
  }

  void collective_end(LaneId lane, LaneState& state, const trace::MpiCollectiveEnd& e) {
    const auto comm_it = defs_.comms.find(e.comm);
    const bool self = comm_it == defs_.comms.end() || comm_it->second.is_self;
    const std::uint32_t seq = state.collective_seq[e.comm]++;
    // Self communicators are per rank: their instances never join across lanes.
    const std::uint64_t key = (std::uint64_t{e.comm} << 32) ^ seq ^ (self ? (std::uint64_t{lane} << 40) : 0);
    std::uint32_t index = 0;
    if (auto open = open_collectives_.find(key); open != open_collectives_.end()) {
      index = open->second;
    } else {
      Collective collective;
      collective.start_ns = state.collective_begin_ns >= 0 ? state.collective_begin_ns : e.time_ns;
      collective.end_ns = e.time_ns;
      collective.comm = comm_index_.count(e.comm) != 0 ? comm_index_.at(e.comm) : kNone;
      collective.op = static_cast<std::uint8_t>(e.op);
      collective.root = e.root_world_rank.value_or(kNone);
      index = static_cast<std::uint32_t>(index_.collectives.size());
      index_.collectives.push_back(collective);
      open_collectives_[key] = index;
    }
    Collective& collective = index_.collectives[index];
    const std::int64_t begin = state.collective_begin_ns >= 0 ? state.collective_begin_ns : e.time_ns;
    collective.start_ns = std::min(collective.start_ns, begin);
    collective.end_ns = std::max(collective.end_ns, e.time_ns);
    collective.bytes += e.bytes_sent + e.bytes_received;
    ++collective.participants;
    const std::size_t expected = self ? 1 : comm_it->second.world_ranks.size();
    if (collective.participants >= expected) {
      open_collectives_.erase(key);  // complete: keeps the map as small as the collectives in flight
    }
    state.collective_begin_ns = -1;
    link(state, index | kCollectiveLink);
  }

  SpanId global_span(LaneId lane, std::uint32_t local) const {
    if (lane == kNone || local == kNone) {
      return kNone;
    }
    return static_cast<SpanId>(index_.lanes[lane].span_begin + local);
  }

  // Messages and collectives are created in matching order; the tiles need them in time order. Links held by
  // spans are renumbered to follow.
  void sort_messages() {
    auto& messages = index_.messages;
    std::vector<std::uint32_t> order(messages.size());
    std::iota(order.begin(), order.end(), 0U);
    auto key = [&](std::uint32_t i) {
      return messages[i].send_ns >= 0 ? messages[i].send_ns : std::numeric_limits<std::int64_t>::max();
    };
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return key(a) < key(b); });
    renumber(messages, order, false);
  }

  void sort_collectives() {
    auto& collectives = index_.collectives;
    std::vector<std::uint32_t> order(collectives.size());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return collectives[a].start_ns < collectives[b].start_ns; });
    renumber(collectives, order, true);
  }

  template <class T>
  void renumber(std::vector<T>& items, const std::vector<std::uint32_t>& order, bool collective) {
    std::vector<std::uint32_t> new_index(order.size());
    std::vector<T> sorted;
    sorted.reserve(items.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) {
      new_index[order[i]] = i;
      sorted.push_back(items[order[i]]);
    }
    items = std::move(sorted);
    for (Span& span : index_.spans) {
      for (std::uint32_t& slot : span.links) {
        if (slot != kNone && ((slot & kCollectiveLink) != 0) == collective) {
          slot = new_index[slot & ~kCollectiveLink] | (collective ? kCollectiveLink : 0);
        }
      }
    }
  }

  const trace::TraceDefinitions& defs_;
  BuildProgress* progress_ = nullptr;
  CoarseView coarse_;
  std::uint64_t events_read_ = 0;
  std::chrono::steady_clock::time_point last_publish_{};
  TraceIndex index_;
  bool seen_event_ = false;
  std::map<trace::RegionId, std::uint32_t> region_index_;
  std::map<trace::CommId, std::uint32_t> comm_index_;
  std::unordered_map<std::uint64_t, std::uint32_t> call_site_index_;  // calling context -> index_.call_sites
  std::unordered_map<trace::LocationId, LaneId> lane_of_location_;
  std::vector<LaneId> rank_lane_;
  std::vector<LaneState> lanes_;
  std::unordered_map<MessageKey, PendingSides, MessageKeyHash> pending_;
  std::unordered_map<std::uint64_t, std::uint32_t> open_collectives_;
  std::optional<RmaIoBuilder> rma_io_;  // made once the lanes are known
};

}  // namespace

TraceIndex build_index(const std::filesystem::path& trace_path, BuildProgress* progress) {
  trace::TraceReader reader(trace_path);
  Builder builder(reader.definitions(), progress);
  reader.read_events([&](const trace::Event& event) { builder.on_event(event); });
  TraceIndex index = std::move(builder).finish();
  index.trace_path = reader.anchor_path().string();
  return index;
}

std::optional<LaneId> TraceIndex::lane_of_span(SpanId span) const {
  // Lanes hold consecutive span ranges: the lane is the last one starting at or before `span`.
  auto after = std::upper_bound(lanes.begin(), lanes.end(), std::uint64_t{span},
                                [](std::uint64_t s, const LaneInfo& lane) { return s < lane.span_begin; });
  while (after != lanes.begin()) {
    --after;
    if (span >= after->span_begin && span < after->span_end) {
      return static_cast<LaneId>(after - lanes.begin());
    }
    if (after->span_begin < span) {
      break;
    }
  }
  return std::nullopt;
}

std::span<const CallLink> TraceIndex::links_of(SpanId span) const {
  const auto first = std::lower_bound(call_links.begin(), call_links.end(), span,
                                      [](const CallLink& link, SpanId s) { return link.span < s; });
  const auto last =
      std::upper_bound(first, call_links.end(), span, [](SpanId s, const CallLink& link) { return s < link.span; });
  return {first, last};
}

}  // namespace mpisight::viewer
