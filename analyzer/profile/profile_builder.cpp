// Builds the profile from Enter/Leave nesting per location: a Leave closes the matching open Enter, and the
// bytes of message records count toward every region open around them (inclusive, like the time). A rank's MPI
// time counts only outermost MPI calls, so a call nested in another is not counted twice.
#include <algorithm>
#include <set>
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
  const std::int64_t time_ns = trace::event_time_ns(event);
  auto [span, first] = spans_.try_emplace(trace::event_location(event), Span{time_ns, time_ns, {}, {}});
  if (!first) {
    span->second.first_ns = std::min(span->second.first_ns, time_ns);
    span->second.last_ns = std::max(span->second.last_ns, time_ns);
  }
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
  const trace::Region* region = defs_.find_region(event.region);
  const bool is_mpi = region != nullptr && region->paradigm == trace::Paradigm::kMpi;
  const bool is_finalize = is_mpi && region->name == "MPI_Finalize";
  const bool is_init = is_mpi && (region->name == "MPI_Init" || region->name == "MPI_Init_thread");
  if (is_finalize) {
    spans_[event.location].finalize_entered_ns = event.time_ns;
  }
  stacks_[event.location].push_back(Frame{.region = event.region,
                                          .enter_ns = event.time_ns,
                                          .bytes = 0,
                                          .site = event.call_site,
                                          .is_mpi = is_mpi,
                                          .is_init_or_finalize = is_init || is_finalize});
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

  if (!frame.is_mpi) {
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
  const trace::WorldRank rank = rank_of(event.location);
  merge(stats_[{rank, frame.region}], call);
  SiteAccumulator& site = sites_[SiteKey{frame.region, frame.site}];
  merge(site.stats, call);
  site.ranks.insert(rank);
  if (frame.is_init_or_finalize) {
    if (defs_.region_name(frame.region) != "MPI_Finalize") {
      spans_[event.location].init_left_ns = event.time_ns;
    }
  } else if (std::none_of(stack.begin(), stack.end(), [](const Frame& f) { return f.is_mpi; })) {
    mpi_ns_[rank] += duration_ns;
  }
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
  add_balance(profile);
  add_sites(profile);
  add_rank_times(profile);
  return profile;
}

void ProfileBuilder::add_balance(Profile& profile) const {
  for (const FunctionStats& function : profile.total) {
    FunctionBalance balance;
    balance.name = function.name;
    bool first = true;
    for (const RankProfile& rank : profile.ranks) {
      auto own = std::find_if(rank.functions.begin(), rank.functions.end(),
                              [&](const FunctionStats& f) { return f.name == function.name; });
      const std::uint64_t ns = own != rank.functions.end() ? own->total_ns : 0;
      balance.min_rank_ns = first ? ns : std::min(balance.min_rank_ns, ns);
      if (first || ns > balance.max_rank_ns) {
        balance.max_rank_ns = ns;
        balance.max_rank = rank.rank;
      }
      first = false;
    }
    balance.mean_rank_ns = profile.ranks.empty()
                               ? 0.0
                               : static_cast<double>(function.total_ns) / static_cast<double>(profile.ranks.size());
    profile.balance.push_back(std::move(balance));
  }
}

void ProfileBuilder::add_sites(Profile& profile) const {
  for (const auto& [key, site] : sites_) {
    CallSiteStats stats{.stats = site.stats,
                        .file = {},
                        .line = 0,
                        .caller = {},
                        .ranks = static_cast<std::uint32_t>(site.ranks.size())};
    stats.stats.name = defs_.region_name(key.region);
    if (key.site) {
      if (std::optional<trace::CallSite> where = defs_.call_site(*key.site)) {
        stats.file = where->file;
        stats.line = where->line;
        stats.caller = where->function;
      }
    }
    profile.sites.push_back(std::move(stats));
  }
  // Sites the trace could not resolve may share a file and line: order fully so the output is stable.
  std::sort(profile.sites.begin(), profile.sites.end(), [](const CallSiteStats& a, const CallSiteStats& b) {
    return std::tie(b.stats.total_ns, a.stats.name, a.file, a.line) <
           std::tie(a.stats.total_ns, b.stats.name, b.file, b.line);
  });
}

void ProfileBuilder::add_rank_times(Profile& profile) const {
  std::map<trace::WorldRank, Span> walls;  // first_ns..last_ns: the application time
  for (const auto& [location, span] : spans_) {
    const Span app{span.init_left_ns.value_or(span.first_ns), span.finalize_entered_ns.value_or(span.last_ns), {}, {}};
    auto [wall, first] = walls.try_emplace(rank_of(location), app);
    if (!first) {
      wall->second.first_ns = std::min(wall->second.first_ns, app.first_ns);
      wall->second.last_ns = std::max(wall->second.last_ns, app.last_ns);
    }
  }
  for (const RankProfile& rank : profile.ranks) {
    RankTime time{.rank = rank.rank, .mpi_ns = 0, .app_ns = 0};
    if (auto mpi = mpi_ns_.find(rank.rank); mpi != mpi_ns_.end()) {
      time.mpi_ns = mpi->second;
    }
    if (auto wall = walls.find(rank.rank); wall != walls.end()) {
      time.app_ns = static_cast<std::uint64_t>(std::max<std::int64_t>(0, wall->second.last_ns - wall->second.first_ns));
    }
    profile.rank_times.push_back(time);
  }
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
