// The three renderings of findings: text (grouped, coloured only on request, summary line), JSON (the documented
// schema) and SARIF 2.1.0 (the structure code-scanning tools require).
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <vector>

#include "findings/check_catalog.hpp"
#include "report/findings_json.hpp"
#include "report/findings_sarif.hpp"
#include "report/findings_text.hpp"

namespace mpisight::analyzer {
namespace {

std::vector<Finding> sample() {
  Finding leak{.check = "requests.leak",
               .severity = Severity::kError,
               .message = "A request started by MPI_Isend on rank 0 was never completed or freed before MPI_Finalize.",
               .ranks = {0},
               .calls = {CallRef{.rank = 0,
                                 .function = "MPI_Isend",
                                 .time_ns = 1500,
                                 .site = SourceLocation{.file = "src/a.c", .line = 12, .function = "main"},
                                 .role = "started the request"}},
               .hint = "Wait for it."};
  Finding race{.check = "messages.unmatched_receive",
               .severity = Severity::kWarning,
               .message = "A receive had no send.",
               .ranks = {0, 1},
               .calls = {CallRef{.rank = 1, .function = "MPI_Recv", .time_ns = 10, .site = {}, .role = "received"},
                         CallRef{.rank = 0,
                                 .function = "MPI_Send",
                                 .time_ns = 5,
                                 .site = SourceLocation{.file = "src/b.c", .line = 3, .function = ""},
                                 .role = "sent"}},
               .hint = "Check the filter."};
  Finding leak2 = leak;
  leak2.ranks = {1};
  leak2.calls[0].rank = 1;
  return {race, leak, leak2};
}

TEST(FindingsText, GroupsByCheckErrorsFirstWithLocationsHintsAndSummary) {
  const std::string text = findings_to_text(sample(), false);
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "no colour unless asked";
  const std::size_t leak = text.find(
      "error[requests.leak] Nonblocking request never completed or freed before "
      "MPI_Finalize (2)\n");
  const std::size_t warning = text.find("warning[messages.unmatched_receive]");
  ASSERT_NE(leak, std::string::npos) << text;
  ASSERT_NE(warning, std::string::npos) << text;
  EXPECT_LT(leak, warning);
  EXPECT_NE(text.find("    rank 0  MPI_Isend at 1.50 us  src/a.c:12 (main): started the request\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("    rank 1  MPI_Recv at 10 ns: received\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    hint: Wait for it.\n"), std::string::npos);
  EXPECT_TRUE(text.ends_with("\n2 errors, 1 warning.\n")) << text;
}

TEST(FindingsText, ColourOnRequestAndCleanSummary) {
  const std::string coloured = findings_to_text(sample(), true);
  EXPECT_NE(coloured.find("\x1b[1;31merror[requests.leak]\x1b[0m"), std::string::npos);
  EXPECT_EQ(findings_to_text({}, true), "No MPI errors found.\n");
}

TEST(FindingsJson, EveryFieldOfTheSchema) {
  const nlohmann::ordered_json json = finding_to_json(sample()[1]);
  EXPECT_EQ(json.dump(),
            R"({"check":"requests.leak","severity":"error","message":"A request started by MPI_Isend on rank 0 was )"
            R"(never completed or freed before MPI_Finalize.","ranks":[0],"calls":[{"rank":0,"function":"MPI_Isend",)"
            R"("time_ns":1500,"location":{"file":"src/a.c","line":12,"function":"main"},"role":"started the )"
            R"(request"}],"hint":"Wait for it."})");
  EXPECT_TRUE(finding_to_json(sample()[0]).at("calls").at(0).at("location").is_null());
  EXPECT_EQ(summary_to_json(sample()).dump(), R"({"errors":2,"warnings":1,"findings":3})");
}

TEST(FindingsSarif, Sarif210Structure) {
  const nlohmann::ordered_json sarif = findings_to_sarif(sample());
  EXPECT_EQ(sarif.at("version"), "2.1.0");
  EXPECT_EQ(sarif.at("$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(sarif.at("runs").size(), 1u);
  const auto& run = sarif.at("runs")[0];
  EXPECT_EQ(run.at("tool").at("driver").at("name"), "mpi-analyze");
  const auto& rules = run.at("tool").at("driver").at("rules");
  ASSERT_EQ(rules.size(), check_catalog().size());
  std::set<std::string> rule_ids;
  for (const auto& rule : rules) {
    rule_ids.insert(rule.at("id").get<std::string>());
    EXPECT_FALSE(rule.at("shortDescription").at("text").get<std::string>().empty());
    const std::string level = rule.at("defaultConfiguration").at("level");
    EXPECT_TRUE(level == "error" || level == "warning");
  }
  EXPECT_EQ(rule_ids.size(), rules.size()) << "rule ids are unique";

  const auto& results = run.at("results");
  ASSERT_EQ(results.size(), 3u);
  for (const auto& result : results) {
    const std::string id = result.at("ruleId");
    ASSERT_TRUE(rule_ids.contains(id));
    EXPECT_EQ(rules.at(result.at("ruleIndex").get<std::size_t>()).at("id"), id) << "ruleIndex points at its rule";
    const std::string level = result.at("level");
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note");
    EXPECT_FALSE(result.at("message").at("text").get<std::string>().empty());
  }
  // The first located call is the result's location; the others are related locations.
  const auto& race = results[0];
  EXPECT_EQ(race.at("level"), "warning");
  const auto& location = race.at("locations").at(0).at("physicalLocation");
  EXPECT_EQ(location.at("artifactLocation").at("uri"), "src/b.c");
  EXPECT_EQ(location.at("region").at("startLine"), 3);
  EXPECT_FALSE(race.contains("relatedLocations"));
  EXPECT_EQ(results[1].at("locations").at(0).at("physicalLocation").at("region").at("startLine"), 12);
}

TEST(CheckCatalog, IdsAreUniqueFamilyDotBug) {
  std::set<std::string_view> seen;
  for (const CheckInfo& info : check_catalog()) {
    EXPECT_TRUE(seen.insert(info.id).second) << info.id;
    EXPECT_NE(info.id.find('.'), std::string_view::npos) << info.id;
    EXPECT_EQ(find_check(info.id), &info);
  }
  EXPECT_EQ(find_check("no.such"), nullptr);
}

}  // namespace
}  // namespace mpisight::analyzer
