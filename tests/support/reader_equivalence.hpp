// Reads one archive through both event readers of the trace model, the direct decoder and OTF2's library, and
// checks that they deliver the same events in the same order.
#pragma once

#include <filesystem>
#include <vector>

#include "trace/events.hpp"

namespace mpisight::testkit {

// Every event of `archive` in delivery order; `library` forces OTF2's library reader. `decoded_directly` (if
// given) receives which reader ran.
[[nodiscard]] std::vector<trace::Event> read_event_stream(const std::filesystem::path& archive, bool library,
                                                          bool* decoded_directly = nullptr);

// Reads `archive` both ways and expects the direct decoder to have run and to agree with the library event for
// event, field for field (shared definitions compared by value), and the stream to be ordered by time, then
// location. Returns the stream.
std::vector<trace::Event> expect_readers_agree(const std::filesystem::path& archive);

}  // namespace mpisight::testkit
