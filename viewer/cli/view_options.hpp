// mpi-view's command line: parsed into ViewOptions, or a one-line ViewUsageError.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mpisight::viewer {

struct ViewOptions {
  std::filesystem::path trace;
  std::optional<std::filesystem::path> export_html;  // --export FILE: write one HTML file instead of serving
  std::optional<std::filesystem::path> findings;     // --findings FILE: an mpi-analyze JSON report to show
  bool no_findings = false;                          // --no-findings: do not run mpi-analyze
  std::uint16_t port = 0;                            // --port N (0: any free port)
  std::optional<std::string> token;                  // --token T (default: random)
  bool help = false;
};

class ViewUsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `args` excludes the program name. Throws ViewUsageError.
[[nodiscard]] ViewOptions parse_view_options(std::span<const std::string_view> args);

[[nodiscard]] std::string_view view_usage_line() noexcept;
[[nodiscard]] std::string_view view_help_text() noexcept;

}  // namespace mpisight::viewer
