// MPISIGHT_FILTER: which MPI functions the tracer records, given as +/- rules over function names and families.
// Parsed once when the tracer loads (core/settings.cpp); the recorder turns the result into its per-function switches.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mpisight::recorder {

struct FunctionFilter {
  std::vector<bool> recorded;         // indexed by Fn (function_table() order)
  std::vector<std::string> rejected;  // each ignored rule, quoted, with the reason: "'x' (a rule starts with + or -)"
};

// Comma-separated rules, applied left to right so a later rule overrides an earlier one: "+NAME" keeps and
// "-NAME" drops the function of that exact name, "+family:F" and "-family:F" a whole family (family_name()).
// If the first valid rule keeps, recording starts from nothing (an include list), otherwise from everything.
// Bad rules are listed in `rejected` and otherwise ignored. always_recorded() functions are always kept.
[[nodiscard]] FunctionFilter parse_filter(std::string_view text);

// MPI_Init, MPI_Init_thread and MPI_Finalize, which the tracer needs to start and to write the trace, and
// MPI_Pcontrol, which marks in the trace where recording was switched. Neither a filter nor a pause drops them.
[[nodiscard]] bool always_recorded(std::string_view function) noexcept;

}  // namespace mpisight::recorder
