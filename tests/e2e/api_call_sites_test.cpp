// The C++ API under the tracer: every MPI call an API call makes (sends, receives, matched probes, collectives,
// nonblocking starts and their waits) carries a call site naming the user's line in programs/api_calls.cpp, as
// listed by its "site:" comments, never a line inside the API's headers.
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

using Site = std::pair<std::string, std::uint32_t>;  // MPI function, line of api_calls.cpp

// What "// site: A B" and "// site(N): A B" comments of `source` promise rank `rank`, in program order.
std::vector<Site> promised_sites(const std::string& source, int rank) {
  std::ifstream in(source);
  std::vector<Site> sites;
  std::uint32_t number = 0;
  const std::string everyone = "// site: ";
  const std::string only_me = "// site(" + std::to_string(rank) + "): ";
  for (std::string line; std::getline(in, line);) {
    ++number;
    std::size_t at = line.find(everyone);
    std::size_t skip = everyone.size();
    if (at == std::string::npos) {
      at = line.find(only_me);
      skip = only_me.size();
    }
    if (at == std::string::npos) {
      continue;
    }
    std::istringstream functions(line.substr(at + skip));
    for (std::string function; functions >> function;) {
      sites.emplace_back(function, number);
    }
  }
  return sites;
}

TEST(ApiCallSites, EveryCallNamesTheUsersLine) {
  const auto traced = trace_program("api-call-sites", 2, MPISIGHT_API_CALLS_PROGRAM, "api_calls: OK\n");
  const trace::Trace& trace = traced.trace;
  EXPECT_EQ(expect_messages_matched(trace), 6U);
  const std::string file_name = std::filesystem::path(MPISIGHT_API_CALLS_SOURCE).filename().string();
  for (int rank = 0; rank < 2; ++rank) {
    SCOPED_TRACE("rank " + std::to_string(rank));
    const std::vector<Site> expected = promised_sites(MPISIGHT_API_CALLS_SOURCE, rank);
    ASSERT_GE(expected.size(), 15U);
    std::set<std::string> checked_functions;
    for (const auto& [function, line] : expected) {
      checked_functions.insert(function);
    }
    const auto location = trace.definitions.location_of(static_cast<trace::WorldRank>(rank)).value();
    std::vector<Site> found;
    for (const auto& enter : trace.events_of<trace::Enter>(location)) {
      const std::string region = trace.definitions.region_name(enter.region);
      const auto site = enter.call_site ? trace.definitions.call_site(*enter.call_site) : std::nullopt;
      if (site) {
        EXPECT_EQ(site->file.find("/mpisight/"), std::string::npos)
            << region << " attributed to the API's own code: " << site->file << ":" << site->line;
      }
      if (!checked_functions.contains(region)) {
        continue;
      }
      ASSERT_TRUE(site.has_value()) << region << " has no call site";
      EXPECT_TRUE(site->file.ends_with("/" + file_name)) << region << " in " << site->file;
      EXPECT_EQ(site->function, "int main(int, char**)") << region;
      found.emplace_back(region, site->line);
    }
    EXPECT_EQ(found, expected);
  }
}

}  // namespace
}  // namespace mpisight::testkit
