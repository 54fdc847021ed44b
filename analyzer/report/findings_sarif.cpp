// Field names and nesting follow the SARIF 2.1.0 specification (OASIS); results without any recorded call site
// carry no locations, which SARIF allows.
#include "report/findings_sarif.hpp"

#include "findings/check_catalog.hpp"

namespace mpisight::analyzer {
namespace {

std::string_view level(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

nlohmann::ordered_json physical_location(const SourceLocation& site) {
  return {{"physicalLocation", {{"artifactLocation", {{"uri", site.file}}}, {"region", {{"startLine", site.line}}}}}};
}

}  // namespace

nlohmann::ordered_json findings_to_sarif(const std::vector<Finding>& findings) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const CheckInfo& info : check_catalog()) {
    rules.push_back({{"id", info.id},
                     {"shortDescription", {{"text", info.title}}},
                     {"defaultConfiguration", {{"level", level(info.severity)}}}});
  }
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const Finding& finding : findings) {
    nlohmann::ordered_json result = {{"ruleId", finding.check}};
    const auto& catalog = check_catalog();
    for (std::size_t i = 0; i < catalog.size(); ++i) {
      if (catalog[i].id == finding.check) {
        result["ruleIndex"] = i;
      }
    }
    result["level"] = level(finding.severity);
    result["message"] = {{"text", finding.message + " Hint: " + finding.hint}};
    nlohmann::ordered_json locations = nlohmann::ordered_json::array();
    nlohmann::ordered_json related = nlohmann::ordered_json::array();
    for (const CallRef& call : finding.calls) {
      if (!call.site) {
        continue;
      }
      nlohmann::ordered_json location = physical_location(*call.site);
      if (locations.empty()) {
        locations.push_back(std::move(location));
      } else {
        location["id"] = related.size();
        location["message"] = {{"text", "rank " + std::to_string(call.rank) + " " + call.function + ": " + call.role}};
        related.push_back(std::move(location));
      }
    }
    if (!locations.empty()) {
      result["locations"] = std::move(locations);
    }
    if (!related.empty()) {
      result["relatedLocations"] = std::move(related);
    }
    result["properties"] = {{"ranks", finding.ranks}};
    results.push_back(std::move(result));
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs",
           {{{"tool", {{"driver", {{"name", "mpi-analyze"}, {"rules", std::move(rules)}}}}},
             {"results", std::move(results)}}}}};
}

}  // namespace mpisight::analyzer
