// JSON rendering of the profile; field names carry their units.
#include "profile/profile_json.hpp"

namespace mpisight::analyzer {
namespace {

nlohmann::ordered_json functions_to_json(const std::vector<FunctionStats>& functions) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const FunctionStats& stats : functions) {
    list.push_back({{"name", stats.name},
                    {"calls", stats.calls},
                    {"total_ns", stats.total_ns},
                    {"min_ns", stats.min_ns},
                    {"mean_ns", stats.mean_ns()},
                    {"max_ns", stats.max_ns},
                    {"bytes", stats.bytes}});
  }
  return list;
}

}  // namespace

nlohmann::ordered_json profile_to_json(const Profile& profile) {
  nlohmann::ordered_json ranks = nlohmann::ordered_json::array();
  for (const RankProfile& rank : profile.ranks) {
    ranks.push_back({{"rank", rank.rank}, {"functions", functions_to_json(rank.functions)}});
  }
  nlohmann::ordered_json sites = nlohmann::ordered_json::array();
  for (const CallSiteStats& site : profile.sites) {
    const FunctionStats& stats = site.stats;
    sites.push_back({{"function", stats.name},
                     {"file", site.file.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(site.file)},
                     {"line", site.line},
                     {"caller", site.caller},
                     {"ranks", site.ranks},
                     {"calls", stats.calls},
                     {"total_ns", stats.total_ns},
                     {"min_ns", stats.min_ns},
                     {"mean_ns", stats.mean_ns()},
                     {"max_ns", stats.max_ns},
                     {"bytes", stats.bytes}});
  }
  nlohmann::ordered_json balance = nlohmann::ordered_json::array();
  for (const FunctionBalance& function : profile.balance) {
    balance.push_back({{"name", function.name},
                       {"min_rank_ns", function.min_rank_ns},
                       {"mean_rank_ns", function.mean_rank_ns},
                       {"max_rank_ns", function.max_rank_ns},
                       {"max_rank", function.max_rank},
                       {"imbalance", function.imbalance()}});
  }
  nlohmann::ordered_json rank_times = nlohmann::ordered_json::array();
  for (const RankTime& time : profile.rank_times) {
    rank_times.push_back(
        {{"rank", time.rank}, {"mpi_ns", time.mpi_ns}, {"app_ns", time.app_ns}, {"mpi_fraction", time.mpi_fraction()}});
  }
  return {{"ranks", std::move(ranks)},           {"total", functions_to_json(profile.total)},
          {"sites", std::move(sites)},           {"balance", std::move(balance)},
          {"rank_times", std::move(rank_times)}, {"unmatched_events", profile.unmatched_events}};
}

}  // namespace mpisight::analyzer
