// Every check id mpi-analyze can report, with a title and default severity: the rules of the SARIF report and
// the list in docs/analyzer-report.md. A check reports only ids listed here (a test holds it to that).
#pragma once

#include <span>
#include <string_view>

#include "findings/finding.hpp"

namespace mpisight::analyzer {

struct CheckInfo {
  std::string_view id;
  std::string_view title;
  Severity severity;
};

[[nodiscard]] std::span<const CheckInfo> check_catalog() noexcept;
[[nodiscard]] const CheckInfo* find_check(std::string_view id) noexcept;

}  // namespace mpisight::analyzer
