// What a running index build shares with the server: the trace's lanes and names (known from the definitions,
// before any event), the coarse view so far and how many events were read. Written by the building thread,
// read by the server's; every access takes the lock, and the builder publishes only a few times a second.
#pragma once

#include <cstdint>
#include <mutex>

#include "index/coarse_view.hpp"
#include "index/trace_index.hpp"

namespace mpisight::viewer {

class BuildProgress {
 public:
  // The index without events (lanes, regions, comms, the time range from the clock properties).
  void start(const TraceIndex& skeleton, std::uint64_t total_events);
  void publish(const CoarseView& coarse, std::uint64_t events_read);

  struct Snapshot {
    bool started = false;
    std::uint64_t events_read = 0;
    std::uint64_t total_events = 0;
  };
  [[nodiscard]] Snapshot snapshot() const;
  // Both need start() first; the skeleton never changes after it.
  [[nodiscard]] const TraceIndex& skeleton() const;
  [[nodiscard]] Tile query(const TileRequest& request) const;
  // A copy of the latest coarse view (stored with the index, so a cached open can show it at once).
  [[nodiscard]] CoarseView coarse() const;

 private:
  mutable std::mutex mutex_;
  bool started_ = false;
  TraceIndex skeleton_;
  CoarseView coarse_;
  std::uint64_t events_read_ = 0;
  std::uint64_t total_events_ = 0;
};

}  // namespace mpisight::viewer
