// A whole trace in memory: definitions plus each location's events in order. For tests and small tools; the
// analyzer streams with TraceReader instead.
#pragma once

#include <filesystem>
#include <map>
#include <variant>
#include <vector>

#include "trace/definitions.hpp"
#include "trace/events.hpp"

namespace mpisight::trace {

struct Trace {
  std::filesystem::path anchor_path;
  TraceDefinitions definitions;
  std::map<LocationId, std::vector<Event>> events;  // one entry per defined location, possibly empty

  // The events of one type at `location`, in order: trace.events_of<MpiSend>(0).
  template <class T>
  [[nodiscard]] std::vector<T> events_of(LocationId location) const {
    std::vector<T> found;
    if (auto it = events.find(location); it != events.end()) {
      for (const Event& event : it->second) {
        if (const T* typed = std::get_if<T>(&event)) {
          found.push_back(*typed);
        }
      }
    }
    return found;
  }
};

// Throws TraceError.
[[nodiscard]] Trace load_trace(const std::filesystem::path& path);

}  // namespace mpisight::trace
