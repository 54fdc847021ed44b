// The C++ API under the tracer: every MPI call an API call makes (sends, receives, matched probes, collectives,
// nonblocking starts and their waits, and what destructors call: cancelling and waiting for a dropped request,
// freeing communicators, groups, windows and persistent requests, closing epochs and files, finalize) carries a
// call site naming the user's line in programs/api_calls.cpp, as listed by its "site:" and "ends:" comments, never
// a line inside the API's headers.
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

using Site = std::pair<std::string, std::uint32_t>;  // MPI function, line of api_calls.cpp

// The comment of `line` that applies to rank `rank`: "<kind>: ..." (every rank) or "<kind>(rank): ...".
std::optional<std::string> comment_for(const std::string& line, const std::string& kind, int rank) {
  for (const std::string& prefix : {"// " + kind + ": ", "// " + kind + "(" + std::to_string(rank) + "): "}) {
    if (const std::size_t at = line.find(prefix); at != std::string::npos) {
      return line.substr(at + prefix.size());
    }
  }
  return std::nullopt;
}

// What the comments of `source` promise rank `rank`, in program order: "// site: A B [label]" lists the functions
// that line's API call makes (and labels the line); "// ends: [label] C D" lists the functions destructors call
// when the scope closes there, attributed to the labelled line.
std::vector<Site> promised_sites(const std::string& source, int rank) {
  std::ifstream in(source);
  std::vector<Site> sites;
  std::map<std::string, std::uint32_t> labels;
  std::uint32_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const auto site = comment_for(line, "site", rank);
    const auto ends = comment_for(line, "ends", rank);
    if (!site && !ends) {
      continue;
    }
    std::istringstream tokens(site ? *site : *ends);
    std::uint32_t attributed_to = number;
    for (std::string token; tokens >> token;) {
      if (token.starts_with('[')) {
        if (site) {
          labels[token] = number;
        } else {
          EXPECT_TRUE(labels.contains(token)) << "line " << number << ": unknown label " << token;
          attributed_to = labels[token];
        }
        continue;
      }
      sites.emplace_back(token, attributed_to);
    }
  }
  return sites;
}

TEST(ApiCallSites, EveryCallNamesTheUsersLine) {
  const auto traced = trace_program("api-call-sites", 2, MPISIGHT_API_CALLS_PROGRAM, "api_calls: OK\n");
  const trace::Trace& trace = traced.trace;
  EXPECT_EQ(expect_messages_matched(trace), 10U);  // the cancelled receive matched nothing
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
