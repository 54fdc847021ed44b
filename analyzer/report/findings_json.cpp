// Keys keep a fixed order so people reading the JSON find the check first; a missing location is null.
#include "report/findings_json.hpp"

#include <algorithm>

namespace mpisight::analyzer {

nlohmann::ordered_json call_to_json(const CallRef& call) {
  nlohmann::ordered_json location = nullptr;
  if (call.site) {
    location = {{"file", call.site->file}, {"line", call.site->line}, {"function", call.site->function}};
  }
  return {{"rank", call.rank},
          {"function", call.function},
          {"time_ns", call.time_ns},
          {"location", std::move(location)},
          {"role", call.role}};
}

nlohmann::ordered_json finding_to_json(const Finding& finding) {
  nlohmann::ordered_json calls = nlohmann::ordered_json::array();
  for (const CallRef& call : finding.calls) {
    calls.push_back(call_to_json(call));
  }
  return {{"check", finding.check},     {"severity", severity_name(finding.severity)},
          {"message", finding.message}, {"ranks", finding.ranks},
          {"calls", std::move(calls)},  {"hint", finding.hint}};
}

nlohmann::ordered_json summary_to_json(const std::vector<Finding>& findings) {
  const auto errors =
      std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::kError; });
  return {{"errors", errors},
          {"warnings", static_cast<std::int64_t>(findings.size()) - errors},
          {"findings", findings.size()}};
}

}  // namespace mpisight::analyzer
