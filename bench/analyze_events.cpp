// The analysis alone (event model, checks, run-ending tracker), without OTF2 decoding: reads a trace once into
// memory, then feeds the events to analyzer::Analysis a few times and prints the best nanoseconds per event.
// Usage: analyze_events <trace> [repeats, default 3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <vector>

#include "analysis.hpp"
#include "trace/trace_reader.hpp"

namespace {

double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: analyze_events <trace> [repeats]\n");
    return 2;
  }
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  try {
    mpisight::trace::TraceReader reader(argv[1]);
    std::vector<mpisight::trace::Event> events;
    const double read_start = cpu_seconds();
    reader.read_events([&](const mpisight::trace::Event& event) { events.push_back(event); });
    const double read_s = cpu_seconds() - read_start;
    std::printf("events %zu\nread_and_copy_ns_per_event %.1f\n", events.size(),
                read_s * 1e9 / static_cast<double>(events.size()));
    double best_s = 1e300;
    std::size_t findings = 0;
    for (int i = 0; i < repeats; ++i) {
      const double start = cpu_seconds();
      mpisight::analyzer::Analysis analysis(reader.definitions(), mpisight::analyzer::AnalysisOptions{});
      for (const mpisight::trace::Event& event : events) {
        analysis.on_event(event);
      }
      findings = analysis.finish().findings.size();
      best_s = std::min(best_s, cpu_seconds() - start);
    }
    std::printf("findings %zu\nanalysis_ns_per_event %.1f (best of %d)\n", findings,
                best_s * 1e9 / static_cast<double>(events.size()), repeats);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "analyze_events: %s\n", error.what());
    return 2;
  }
  return 0;
}
