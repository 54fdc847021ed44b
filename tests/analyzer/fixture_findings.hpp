// What the analyzer finds in a small fixture archive, and how tests place a call in one: shared by the check tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "otf2_fixture.hpp"
#include "temp_dir.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::analyzer::fixture {

// Every finding of a full analysis of the archive `builder` describes.
[[nodiscard]] inline std::vector<Finding> findings_of(const testkit::Otf2ArchiveBuilder& builder) {
  testkit::TempDir dir;
  trace::TraceReader reader(builder.write(dir.path()));
  return analyze(reader, AnalysisOptions{}).findings;
}

// The check ids of `findings`, in report order.
[[nodiscard]] inline std::vector<std::string> ids(const std::vector<Finding>& findings) {
  std::vector<std::string> found;
  for (const Finding& f : findings) {
    found.push_back(f.check);
  }
  return found;
}

// A finding's calls as "MPI_Send@0" (function at rank), in its order.
[[nodiscard]] inline std::vector<std::string> functions(const Finding& finding) {
  std::vector<std::string> found;
  for (const CallRef& call : finding.calls) {
    found.push_back(call.function + "@" + std::to_string(call.rank));
  }
  return found;
}

// A call of `region` on `rank` from t to t + 10 holding `inside` events (added by the callback at t + 5), and a
// Leave carrying `leave`'s attributes.
template <class Inside>
void call(testkit::Otf2ArchiveBuilder& b, trace::LocationId rank, std::int64_t t, trace::RegionId region, Inside inside,
          trace::Leave leave = {}) {
  b.enter(rank, t, region);
  inside(t + 5);
  leave.location = rank;
  leave.time_ns = t + 10;
  leave.region = region;
  b.add(leave);
}

}  // namespace mpisight::analyzer::fixture
