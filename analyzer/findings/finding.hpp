// What a check reports, as data: one Finding per bug, naming the check, the ranks and every MPI call involved.
// Printers (report/) render findings; checks never format output themselves.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/definitions.hpp"

namespace mpisight::analyzer {

enum class Severity : std::uint8_t { kError, kWarning };

[[nodiscard]] std::string_view severity_name(Severity severity) noexcept;

// Where user code made an MPI call. Absent from traces that do not record call sites.
struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;
  std::string function;  // the calling function, may be empty
};

// One MPI call a finding involves, and what it did in the bug ("sent the message", "waits here").
struct CallRef {
  trace::WorldRank rank = 0;
  std::string function;      // "MPI_Send"
  std::int64_t time_ns = 0;  // when the call was entered
  std::optional<SourceLocation> site;
  std::string role;
};

struct Finding {
  std::string check;  // stable id "family.bug", e.g. "messages.unreceived"
  Severity severity = Severity::kError;
  std::string message;                  // one sentence in MPI terms
  std::vector<trace::WorldRank> ranks;  // ascending, unique
  std::vector<CallRef> calls;           // the involved calls, the most telling first
  std::string hint;                     // how to fix it
};

// Sorts and deduplicates `ranks`; the printers rely on it.
void normalize_ranks(Finding& finding);

// Findings in a stable order: by check id, then the first call's time, then message.
void sort_findings(std::vector<Finding>& findings);

// "0", "0-3", "0, 2, 5-7": how ranks read in messages.
[[nodiscard]] std::string rank_list(const std::vector<trace::WorldRank>& ranks);

}  // namespace mpisight::analyzer
