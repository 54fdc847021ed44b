// One analysis of one trace: every check and, if asked, the profile, fed from a single streaming read.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "findings/finding.hpp"
#include "model/run_ending.hpp"
#include "profile/profile.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::analyzer {

struct AnalysisResult {
  std::vector<Finding> findings;  // sorted (sort_findings)
  std::optional<Profile> profile;
  RunEnding run;  // how the run ended: complete, aborted, crashed or hung
  std::uint64_t events = 0;
};

struct AnalysisOptions {
  bool profile = false;
  // Called every `progress_every` events with the number read so far (for a progress bar); may be empty.
  std::function<void(std::uint64_t events)> on_progress;
  std::uint64_t progress_every = 1U << 20U;
};

// Throws what the reader throws (TraceError for a damaged archive).
[[nodiscard]] AnalysisResult analyze(trace::TraceReader& reader, const AnalysisOptions& options);

// Whether any finding is an error (mpi-analyze then exits 1).
[[nodiscard]] bool has_errors(const std::vector<Finding>& findings);

}  // namespace mpisight::analyzer
