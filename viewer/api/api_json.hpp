// The JSON the page reads: trace metadata, tiles and the details of one call, message, collective, RMA operation,
// RMA epoch, I/O operation, file open or seek. Tiles use
// arrays instead of objects (field order documented in web/app.js) because they are the bulk of the traffic.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "index/trace_index.hpp"
#include "tiles/tile.hpp"

namespace mpisight::viewer {

using Json = nlohmann::ordered_json;

[[nodiscard]] Json meta_to_json(const TraceIndex& index);
// Written directly as text (no JSON tree): a tile holds tens of thousands of numbers and is on the hot path.
[[nodiscard]] std::string tile_to_json(const Tile& tile);

// Throw std::out_of_range for an unknown ID.
[[nodiscard]] Json span_details(const TraceIndex& index, SpanId span);
[[nodiscard]] Json message_details(const TraceIndex& index, std::uint32_t message);
[[nodiscard]] Json collective_details(const TraceIndex& index, std::uint32_t collective);
[[nodiscard]] Json rma_op_details(const TraceIndex& index, std::uint32_t op);
[[nodiscard]] Json epoch_details(const TraceIndex& index, std::uint32_t epoch);
[[nodiscard]] Json io_details(const TraceIndex& index, std::uint32_t op);
[[nodiscard]] Json file_open_details(const TraceIndex& index, std::uint32_t open);
[[nodiscard]] Json seek_details(const TraceIndex& index, std::uint32_t seek);

// Adds to a call's details what it did beyond its span (TraceIndex::call_links): "rma", "io", "files" and "seeks",
// each {"total", "<begin role>", "<end role>", "listed": the first few items' details, each with its "role"}.
void add_call_links(const TraceIndex& index, SpanId span, Json& json);

// Text that is safe inside <script>: strings from the trace may contain "</script>".
[[nodiscard]] std::string dump_for_script(const Json& json);

}  // namespace mpisight::viewer
