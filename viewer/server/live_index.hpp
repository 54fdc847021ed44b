// The index mpi-view serves: still being built (the server answers from BuildProgress: lanes, names and a coarse
// view) or ready (the full index and its tiles). It turns ready once, from the building thread.
#pragma once

#include <atomic>
#include <memory>

#include "index/build_progress.hpp"
#include "tiles/tile_engine.hpp"

namespace mpisight::viewer {

class LiveIndex {
 public:
  // Ready from the start; `engine` must outlive this object.
  explicit LiveIndex(const TileEngine& engine) : ready_(&engine) {}
  // Building: answers come from `progress` until set_ready().
  explicit LiveIndex(const BuildProgress& progress) : progress_(&progress) {}

  // Called once; builds the tile engine, then publishes it to readers.
  void set_ready(TraceIndex index);

  // nullptr while building.
  [[nodiscard]] const TileEngine* engine() const noexcept { return ready_.load(std::memory_order_acquire); }
  // Only while building (engine() == nullptr).
  [[nodiscard]] const BuildProgress& progress() const noexcept { return *progress_; }

 private:
  const BuildProgress* progress_ = nullptr;
  std::unique_ptr<TraceIndex> index_;
  std::unique_ptr<TileEngine> engine_;
  std::atomic<const TileEngine*> ready_{nullptr};
};

}  // namespace mpisight::viewer
