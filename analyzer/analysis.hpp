// One analysis of one trace: every check and, if asked, the profile, fed from a single streaming read.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "checks/check.hpp"
#include "findings/finding.hpp"
#include "model/event_model.hpp"
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

// The per-event driver behind analyze(), for any source of time-ordered events (a reader, or events held in memory
// by a benchmark). `defs` must outlive it.
class Analysis {
 public:
  Analysis(const trace::TraceDefinitions& defs, const AnalysisOptions& options);
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;

  void on_event(const trace::Event& event);
  // After the last event. Call once.
  [[nodiscard]] AnalysisResult finish();

 private:
  // The LeaveFact or EnterFact bits an event carries.
  [[nodiscard]] std::size_t leave_facts(const trace::Leave& leave) const;
  [[nodiscard]] std::size_t enter_facts(const trace::Enter& enter) const;
  // The checks `event` goes to.
  [[nodiscard]] const std::vector<Check*>& checks_for(const trace::Event& event) const;

  AnalysisOptions options_;
  EventModel model_;
  std::vector<std::unique_ptr<Check>> checks_;
  // Per event alternative, the checks that handle it (Check::event_kinds): an event reaches no other check.
  std::array<std::vector<Check*>, std::variant_size_v<trace::Event>> checks_by_kind_;
  std::array<std::vector<Check*>, std::size_t{1} << kLeaveFactCount> checks_by_leave_facts_;  // by fact mask
  std::array<std::vector<Check*>, std::size_t{1} << kEnterFactCount> checks_by_enter_facts_;
  RunEndingTracker run_ending_;
  std::optional<ProfileBuilder> profile_;
  std::uint64_t events_ = 0;
  std::uint64_t next_progress_ = 0;
};

// Throws what the reader throws (TraceError for a damaged archive).
[[nodiscard]] AnalysisResult analyze(trace::TraceReader& reader, const AnalysisOptions& options);

// Whether any finding is an error (mpi-analyze then exits 1).
[[nodiscard]] bool has_errors(const std::vector<Finding>& findings);

}  // namespace mpisight::analyzer
