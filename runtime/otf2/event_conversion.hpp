// Turns one thread's journal records into that location's OTF2 events.
#pragma once

#include <otf2/otf2.h>

#include "core/journal_reader.hpp"
#include "otf2/archive_writer.hpp"
#include "otf2/tick_mapping.hpp"

namespace mpisight::otf2 {

// Writes the events in journal order with timestamps forced non-decreasing; counts what it wrote.
[[nodiscard]] LocationSummary write_location_events(OTF2_EvtWriter* writer, const journal::JournalReader& journal,
                                                    const TickMapping& mapping);

}  // namespace mpisight::otf2
