// Ordering and small formatting helpers shared by checks and printers.
#include "findings/finding.hpp"

#include <algorithm>
#include <tuple>

namespace mpisight::analyzer {

std::string_view severity_name(Severity severity) noexcept {
  return severity == Severity::kError ? "error" : "warning";
}

void normalize_ranks(Finding& finding) {
  std::sort(finding.ranks.begin(), finding.ranks.end());
  finding.ranks.erase(std::unique(finding.ranks.begin(), finding.ranks.end()), finding.ranks.end());
}

void sort_findings(std::vector<Finding>& findings) {
  auto key = [](const Finding& f) {
    const std::int64_t first = f.calls.empty() ? 0 : f.calls.front().time_ns;
    return std::make_tuple(std::string_view(f.check), first, std::string_view(f.message));
  };
  std::stable_sort(findings.begin(), findings.end(),
                   [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
}

std::string rank_list(const std::vector<trace::WorldRank>& ranks) {
  std::string text;
  for (std::size_t i = 0; i < ranks.size();) {
    std::size_t j = i;
    while (j + 1 < ranks.size() && ranks[j + 1] == ranks[j] + 1) {
      ++j;
    }
    if (!text.empty()) {
      text += ", ";
    }
    text += std::to_string(ranks[i]);
    if (j > i) {
      text += (j == i + 1 ? ", " : "-") + std::to_string(ranks[j]);
    }
    i = j + 1;
  }
  return text;
}

}  // namespace mpisight::analyzer
