// An analysis that sees the trace as one merged, time-ordered event stream. mpi-analyze feeds every pass from a
// single read, so adding a check costs no extra pass over the trace.
#pragma once

#include <span>

#include "trace/events.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::analyzer {

class EventPass {
 public:
  virtual ~EventPass() = default;
  virtual void on_event(const trace::Event& event) = 0;
};

// Reads all events of `reader` once, handing each to every pass in order. Throws what the reader throws.
inline void run_passes(trace::TraceReader& reader, std::span<EventPass* const> passes) {
  reader.read_events([&](const trace::Event& event) {
    for (EventPass* pass : passes) {
      pass->on_event(event);
    }
  });
}

}  // namespace mpisight::analyzer
