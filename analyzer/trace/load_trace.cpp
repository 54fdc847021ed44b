// load_trace: the streaming reader with a consumer that keeps everything.
#include "trace/load_trace.hpp"

#include "trace/trace_reader.hpp"

namespace mpisight::trace {

Trace load_trace(const std::filesystem::path& path) {
  TraceReader reader(path);
  Trace trace{.anchor_path = reader.anchor_path(), .definitions = reader.definitions(), .events = {}};
  for (const auto& [id, location] : trace.definitions.locations) {
    trace.events[id].reserve(location.number_of_events);
  }
  reader.read_events([&](const Event& event) { trace.events[event_location(event)].push_back(event); });
  return trace;
}

}  // namespace mpisight::trace
