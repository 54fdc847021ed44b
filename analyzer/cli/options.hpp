// mpi-analyze's command line: parsed into Options, or a one-line UsageError.
#pragma once

#include <filesystem>
#include <span>
#include <stdexcept>
#include <string_view>

namespace mpisight::analyzer {

enum class OutputFormat { kText, kJson, kSarif };

struct Options {
  OutputFormat format = OutputFormat::kText;
  bool profile = false;  // print the per-function profile
  bool help = false;
  std::filesystem::path trace;
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `args` excludes the program name. Accepts "--format json" and "--format=json". Throws UsageError.
[[nodiscard]] Options parse_options(std::span<const std::string_view> args);

// The one-line synopsis, and the full --help text.
[[nodiscard]] std::string_view usage_line() noexcept;
[[nodiscard]] std::string_view help_text() noexcept;

}  // namespace mpisight::analyzer
