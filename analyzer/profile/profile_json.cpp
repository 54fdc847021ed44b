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
  return {{"ranks", std::move(ranks)},
          {"total", functions_to_json(profile.total)},
          {"unmatched_events", profile.unmatched_events}};
}

}  // namespace mpisight::analyzer
