// Streaming access to an OTF2 archive: definitions up front, then every event once, merged in time order across
// locations. Memory stays bounded by the definitions; what a consumer keeps of the events is up to it.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>

#include "trace/definitions.hpp"
#include "trace/events.hpp"

namespace mpisight::trace {

using EventCallback = std::function<void(const Event&)>;

class TraceReader {
 public:
  // `path` is the anchor file (traces.otf2) or a directory holding one. Reads all global definitions.
  // Throws TraceError.
  explicit TraceReader(const std::filesystem::path& path);
  ~TraceReader();
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  [[nodiscard]] const std::filesystem::path& anchor_path() const noexcept;
  [[nodiscard]] const TraceDefinitions& definitions() const noexcept;

  // Calls `on_event` for every event, in global time order. Callable once. Throws TraceError for a damaged
  // archive; an exception thrown by `on_event` stops reading and propagates unchanged.
  void read_events(const EventCallback& on_event);

  // After read_events: whether it decoded the event files itself (the fast path) rather than through OTF2's
  // library (archives with compression, other substrates, mapping tables or big-endian files, or
  // MPISIGHT_OTF2_LIBRARY_READER=1 in the environment).
  [[nodiscard]] bool decoded_directly() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mpisight::trace
