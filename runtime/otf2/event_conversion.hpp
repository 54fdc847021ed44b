// Turns one thread's journal records into that location's OTF2 events.
#pragma once

#include <otf2/otf2.h>
#include <span>
#include <vector>

#include "core/journal_reader.hpp"
#include "otf2/archive_writer.hpp"
#include "otf2/call_sites.hpp"
#include "otf2/shared_definitions.hpp"
#include "otf2/tick_mapping.hpp"

namespace mpisight::otf2 {

// Writes the events in journal order with timestamps forced non-decreasing, with their extra attributes
// (Enter's call site from `contexts`); counts what it wrote. Records' communicator ids become comm_ids[id];
// records on communicators without a global id are left out. `shared` numbers windows, groups, files and file
// handles; `rank` is the process's world rank. `rma_completions` is this location's part of the process's
// RmaCompletionPlan (rma_completion_plan.hpp).
[[nodiscard]] LocationSummary write_location_events(OTF2_EvtWriter* writer, const journal::JournalReader& journal,
                                                    const TickMapping& mapping, std::span<const std::uint32_t> comm_ids,
                                                    const CallingContexts& contexts, const SharedDefinitions& shared,
                                                    std::int32_t rank,
                                                    std::span<const std::vector<std::uint64_t>> rma_completions);

}  // namespace mpisight::otf2
