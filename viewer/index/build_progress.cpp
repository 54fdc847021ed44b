// The lock around a build's published state.
#include "index/build_progress.hpp"

#include <stdexcept>

namespace mpisight::viewer {

void BuildProgress::start(const TraceIndex& skeleton, std::uint64_t total_events) {
  const std::lock_guard lock(mutex_);
  skeleton_ = skeleton;
  total_events_ = total_events;
  coarse_ = CoarseView(skeleton.lanes.size(), skeleton.begin_ns, skeleton.end_ns);
  started_ = true;
}

void BuildProgress::publish(const CoarseView& coarse, std::uint64_t events_read) {
  const std::lock_guard lock(mutex_);
  coarse_ = coarse;
  events_read_ = events_read;
}

BuildProgress::Snapshot BuildProgress::snapshot() const {
  const std::lock_guard lock(mutex_);
  return {started_, events_read_, total_events_};
}

const TraceIndex& BuildProgress::skeleton() const {
  const std::lock_guard lock(mutex_);
  if (!started_) {
    throw std::logic_error("BuildProgress::skeleton before start");
  }
  return skeleton_;
}

Tile BuildProgress::query(const TileRequest& request) const {
  const std::lock_guard lock(mutex_);
  return coarse_.query(request);
}

CoarseView BuildProgress::coarse() const {
  const std::lock_guard lock(mutex_);
  return coarse_;
}

}  // namespace mpisight::viewer
