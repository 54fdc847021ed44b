// Builds the profile from Enter/Leave nesting per location: a Leave closes the matching open Enter, and the
// bytes of message records count toward every region open around them (inclusive, like the time).
#include <algorithm>
#include <tuple>

#include "profile/profile.hpp"

namespace mpisight::analyzer {
namespace {

void sort_by_total(std::vector<FunctionStats>& functions) {
  std::sort(functions.begin(), functions.end(), [](const FunctionStats& a, const FunctionStats& b) {
    return std::tie(b.total_ns, a.name) < std::tie(a.total_ns, b.name);
  });
}

// Adds `from`'s calls to `into` (the name is left alone).
void merge(FunctionStats& into, const FunctionStats& from) {
  into.min_ns = into.calls == 0 ? from.min_ns : std::min(into.min_ns, from.min_ns);
  into.max_ns = std::max(into.max_ns, from.max_ns);
  into.calls += from.calls;
  into.total_ns += from.total_ns;
  into.bytes += from.bytes;
}

}  // namespace

ProfileBuilder::ProfileBuilder(const trace::TraceDefinitions& defs) : defs_(defs) {}

void ProfileBuilder::on_event(const trace::Event& event) {
  std::visit(trace::Overloaded{
                 [&](const trace::Enter& e) { enter(e); },
                 [&](const trace::Leave& e) { leave(e); },
                 [&](const trace::MpiSend& e) { add_bytes(e.location, e.bytes); },
                 [&](const trace::MpiIsend& e) { add_bytes(e.location, e.bytes); },
                 [&](const trace::MpiRecv& e) { add_bytes(e.location, e.bytes); },
                 [&](const trace::MpiIrecv& e) { add_bytes(e.location, e.bytes); },
                 [&](const trace::MpiCollectiveEnd& e) { add_bytes(e.location, e.bytes_sent + e.bytes_received); },
                 [&](const trace::NonBlockingCollectiveComplete& e) {
                   add_bytes(e.location, e.bytes_sent + e.bytes_received);
                 },
                 [](const auto&) {},
             },
             event);
}

void ProfileBuilder::enter(const trace::Enter& event) {
  stacks_[event.location].push_back(Frame{.region = event.region, .enter_ns = event.time_ns, .bytes = 0});
}

void ProfileBuilder::leave(const trace::Leave& event) {
  std::vector<Frame>& stack = stacks_[event.location];
  auto open = std::find_if(stack.rbegin(), stack.rend(), [&](const Frame& f) { return f.region == event.region; });
  if (open == stack.rend()) {
    ++unmatched_events_;
    return;
  }
  // Frames above the matching one were never left; drop them rather than guess their end.
  unmatched_events_ += static_cast<std::uint64_t>(open - stack.rbegin());
  const Frame frame = *open;
  stack.erase(std::prev(open.base()), stack.end());

  const trace::Region* region = defs_.find_region(frame.region);
  if (region == nullptr || region->paradigm != trace::Paradigm::kMpi) {
    return;
  }
  const std::uint64_t duration_ns =
      event.time_ns > frame.enter_ns ? static_cast<std::uint64_t>(event.time_ns - frame.enter_ns) : 0;
  const FunctionStats call{.name = {},
                           .calls = 1,
                           .total_ns = duration_ns,
                           .min_ns = duration_ns,
                           .max_ns = duration_ns,
                           .bytes = frame.bytes};
  merge(stats_[{rank_of(event.location), frame.region}], call);
}

void ProfileBuilder::add_bytes(trace::LocationId location, std::uint64_t bytes) {
  for (Frame& frame : stacks_[location]) {
    frame.bytes += bytes;
  }
}

trace::WorldRank ProfileBuilder::rank_of(trace::LocationId location) const {
  if (std::optional<trace::WorldRank> rank = defs_.world_rank_of(location)) {
    return *rank;
  }
  auto it = defs_.locations.find(location);
  return it != defs_.locations.end() ? it->second.location_group : static_cast<trace::WorldRank>(location);
}

Profile ProfileBuilder::finish() {
  Profile profile;
  for (const auto& [location, stack] : stacks_) {
    profile.unmatched_events += stack.size();
  }
  profile.unmatched_events += unmatched_events_;

  std::map<trace::RegionId, FunctionStats> total;
  for (const auto& [key, stats] : stats_) {
    const auto& [rank, region] = key;
    if (profile.ranks.empty() || profile.ranks.back().rank != rank) {
      profile.ranks.push_back(RankProfile{.rank = rank, .functions = {}});
    }
    FunctionStats function = stats;
    function.name = defs_.region_name(region);
    FunctionStats& sum = total[region];
    sum.name = function.name;
    merge(sum, function);
    profile.ranks.back().functions.push_back(std::move(function));
  }
  for (RankProfile& rank : profile.ranks) {
    sort_by_total(rank.functions);
  }
  for (auto& [region, stats] : total) {
    profile.total.push_back(std::move(stats));
  }
  sort_by_total(profile.total);
  return profile;
}

Profile build_profile(const trace::Trace& trace) {
  ProfileBuilder builder(trace.definitions);
  for (const auto& [location, events] : trace.events) {
    for (const trace::Event& event : events) {
      builder.on_event(event);
    }
  }
  return builder.finish();
}

}  // namespace mpisight::analyzer
