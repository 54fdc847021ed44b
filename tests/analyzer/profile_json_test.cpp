// The JSON profile: raw numbers with units in the keys, per rank and in total.
#include "profile/profile_json.hpp"

#include <gtest/gtest.h>

#include "otf2_fixture.hpp"
#include "trace/load_trace.hpp"

namespace mpisight::analyzer {
namespace {

TEST(ProfileJson, PingPongNumbers) {
  testkit::TempDir dir;
  const nlohmann::ordered_json json =
      profile_to_json(build_profile(trace::load_trace(testkit::write_ping_pong(dir.path()))));

  ASSERT_EQ(json.at("ranks").size(), 2u);
  const auto& rank1 = json.at("ranks").at(1);
  EXPECT_EQ(rank1.at("rank"), 1);
  EXPECT_EQ(rank1.at("functions").at(0),
            nlohmann::ordered_json::parse(R"({"name": "MPI_Recv", "calls": 1, "total_ns": 210, "min_ns": 210,
                                               "mean_ns": 210.0, "max_ns": 210, "bytes": 64})"));
  EXPECT_EQ(json.at("total"), nlohmann::ordered_json::parse(R"([
      {"name": "MPI_Recv", "calls": 2, "total_ns": 810, "min_ns": 210, "mean_ns": 405.0, "max_ns": 600, "bytes": 96},
      {"name": "MPI_Send", "calls": 2, "total_ns": 300, "min_ns": 100, "mean_ns": 150.0, "max_ns": 200, "bytes": 96}
  ])"));
  EXPECT_EQ(json.at("unmatched_events"), 0);
}

TEST(ProfileJson, EmptyProfileHasEmptyLists) {
  EXPECT_EQ(profile_to_json(Profile{}).dump(),
            R"({"ranks":[],"total":[],"sites":[],"balance":[],"rank_times":[],"unmatched_events":0})");
}

}  // namespace
}  // namespace mpisight::analyzer
