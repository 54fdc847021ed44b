// Publishing a finished index to the server thread.
#include "server/live_index.hpp"

#include <stdexcept>

namespace mpisight::viewer {

void LiveIndex::set_ready(TraceIndex index) {
  if (engine() != nullptr) {
    throw std::logic_error("LiveIndex::set_ready called twice");
  }
  index_ = std::make_unique<TraceIndex>(std::move(index));
  engine_ = std::make_unique<TileEngine>(*index_);
  ready_.store(engine_.get(), std::memory_order_release);
}

}  // namespace mpisight::viewer
