// Details of RMA operations, RMA epochs, MPI-IO operations, file opens and seeks for the page, and what a call did of
// these. Window and file names come from the trace and pass through as JSON strings, shown as text like every other
// trace string.
#include <algorithm>
#include <array>
#include <string_view>

#include "api/api_json.hpp"
#include "model/reduction_op_name.hpp"
#include "trace/events.hpp"

namespace mpisight::viewer {
namespace {

constexpr std::array<std::string_view, 3> kRmaKinds = {"put", "get", "accumulate"};
constexpr std::array<std::string_view, 9> kAtomicTypes = {"accumulate",          "increment", "test and set",
                                                          "compare and swap",    "swap",      "fetch and add",
                                                          "fetch and increment", "add",       "fetch and accumulate"};
constexpr std::array<std::string_view, 6> kEpochKinds = {
    "fence", "access (start/complete)", "exposure (post/wait)", "exclusive lock", "shared lock", "lock_all"};
constexpr std::array<std::string_view, 3> kIoModes = {"read", "write", "flush"};
// OTF2_IoAccessMode and OTF2_IoSeekOption values.
constexpr std::array<std::string_view, 5> kAccessModes = {"read-only", "write-only", "read-write", "execute-only",
                                                          "search-only"};
constexpr std::array<std::string_view, 5> kSeekOrigins = {"from start", "from current", "from end", "to data",
                                                          "to hole"};
// A call that completes many operations lists this many; the page says how many more there are.
constexpr std::size_t kListedPerKind = 5;

template <std::size_t N>
std::string name_in(const std::array<std::string_view, N>& names, std::size_t value) {
  return value < N ? std::string(names[value]) : "kind " + std::to_string(value);
}

Json rank_of(const TraceIndex& index, LaneId lane) {
  return lane < index.lanes.size() && index.lanes[lane].rank ? Json(*index.lanes[lane].rank) : Json(nullptr);
}

std::string window_name(const TraceIndex& index, std::uint32_t window) {
  return window < index.windows.size() ? index.windows[window].name : std::string("<unknown window>");
}

std::string file_name(const TraceIndex& index, std::uint32_t handle) {
  return handle < index.io_handles.size() ? index.io_handles[handle].file : std::string();
}

// A call as a reference: its function and, when known, the user's source line; null for none.
Json call_ref(const TraceIndex& index, SpanId span) {
  if (span == kNone || span >= index.spans.size()) {
    return nullptr;
  }
  const Span& call = index.spans[span];
  Json json = {{"function", index.regions.at(call.region).name}, {"span", span}};
  if (call.call_site != kNone) {
    const CallSite& site = index.call_sites.at(call.call_site);
    json["call_site"] = {{"function", site.function}, {"file", site.file}, {"line", site.line}};
  }
  return json;
}

// The call that made a record, flattened into it: "function", "span" and "call_site".
void add_call(const TraceIndex& index, SpanId span, Json& json) {
  Json call = call_ref(index, span);
  if (call.is_null()) {
    return;
  }
  for (auto& [key, value] : call.items()) {
    json[key] = std::move(value);
  }
}

Json file_open_json(const TraceIndex& index, std::uint32_t id) {
  const FileOpen& file = index.file_opens.at(id);
  return {{"id", id},
          {"file", file_name(index, file.handle)},
          {"lane", file.lane},
          {"rank", rank_of(index, file.lane)},
          {"access", name_in(kAccessModes, file.access_mode)},
          {"start_ns", file.start_ns},
          {"end_ns", file.end_ns},
          {"closed", file.closed != 0},
          {"opened_by", call_ref(index, file.open_span)},
          {"closed_by", call_ref(index, file.close_span)}};
}

Json seek_json(const TraceIndex& index, std::uint32_t id) {
  const FileSeek& seek = index.file_seeks.at(id);
  Json json = {{"id", id},
               {"file", file_name(index, seek.handle)},
               {"lane", seek.lane},
               {"rank", rank_of(index, seek.lane)},
               {"whence", name_in(kSeekOrigins, seek.whence)},
               {"offset_request", seek.offset_request},
               {"offset_result", seek.offset_result},
               {"time_ns", seek.time_ns}};
  add_call(index, seek.span, json);
  return json;
}

// What `links` (one kind, of one call) name: how many, how many the call began and ended (no `ends` role: items
// that only begin), and the first few.
template <class Describe>
Json linked(std::span<const CallLink> links, std::string_view begins, std::string_view ends, Describe describe) {
  std::size_t began = 0;
  std::size_t ended = 0;
  Json listed = Json::array();
  for (const CallLink& link : links) {
    began += (link.role & kLinkBegins) != 0 ? 1 : 0;
    ended += (link.role & kLinkEnds) != 0 ? 1 : 0;
    if (listed.size() < kListedPerKind) {
      Json item = describe(link.item);
      const bool both = (link.role & kLinkBegins) != 0 && (link.role & kLinkEnds) != 0;
      item["role"] = both ? std::string(begins) + " and " + std::string(ends)
                          : std::string((link.role & kLinkBegins) != 0 ? begins : ends);
      listed.push_back(std::move(item));
    }
  }
  Json json = {{"total", links.size()}, {std::string(begins), began}};
  if (!ends.empty()) {
    json[std::string(ends)] = ended;
  }
  json["listed"] = std::move(listed);
  return json;
}

}  // namespace

Json rma_op_details(const TraceIndex& index, std::uint32_t id) {
  const RmaOperation& op = index.rma_ops.at(id);
  const auto kind = static_cast<std::size_t>(op.kind);
  Json json = {{"id", id},
               {"kind", name_in(kRmaKinds, kind)},
               {"origin_lane", op.origin_lane == kNone ? Json(nullptr) : Json(op.origin_lane)},
               {"target_lane", op.target_lane == kNone ? Json(nullptr) : Json(op.target_lane)},
               {"origin_rank", rank_of(index, op.origin_lane)},
               {"target_rank", rank_of(index, op.target_lane)},
               {"bytes", op.bytes},
               {"window", window_name(index, op.window)},
               {"start_ns", op.start_ns},
               {"end_ns", op.end_ns}};
  if (op.kind == RmaKind::kAccumulate) {
    json["atomic"] = name_in(kAtomicTypes, op.atomic_type);
  }
  if (op.reduction_op != kNone) {
    json["reduction"] = analyzer::reduction_op_name(op.reduction_op);
  }
  if (op.target_disp != kNoOffset) {
    json["target_disp"] = op.target_disp;
  }
  if (op.target_begin != kNoOffset && op.target_end != kNoOffset) {
    json["target_begin"] = op.target_begin;
    json["target_end"] = op.target_end;
  }
  add_call(index, op.span, json);
  json["completed_by"] = call_ref(index, op.complete_span);
  return json;
}

Json epoch_details(const TraceIndex& index, std::uint32_t id) {
  const RmaEpoch& epoch = index.rma_epochs.at(id);
  Json json = {{"id", id},
               {"kind", name_in(kEpochKinds, static_cast<std::size_t>(epoch.kind))},
               {"lane", epoch.lane},
               {"rank", rank_of(index, epoch.lane)},
               {"window", window_name(index, epoch.window)},
               {"start_ns", epoch.start_ns},
               {"end_ns", epoch.end_ns}};
  if (epoch.target != kNone) {
    json["target"] = epoch.target;
  }
  if (epoch.group != kNone && epoch.group < index.rma_groups.size()) {
    json["group"] = index.rma_groups[epoch.group];
  }
  add_call(index, epoch.span, json);
  return json;
}

Json io_details(const TraceIndex& index, std::uint32_t id) {
  const IoOperation& op = index.io_ops.at(id);
  const bool nonblocking = (op.flags & trace::kIoNonBlocking) != 0;
  const bool collective = (op.flags & trace::kIoCollective) != 0;
  Json json = {{"id", id},
               {"mode", name_in(kIoModes, op.mode)},
               {"file", file_name(index, op.handle)},
               {"lane", op.lane},
               {"rank", rank_of(index, op.lane)},
               {"bytes_request", op.bytes_request},
               {"bytes", op.bytes_result},
               {"blocking", nonblocking ? "nonblocking" : "blocking"},
               {"collective", collective},
               {"start_ns", op.start_ns},
               {"end_ns", op.end_ns}};
  if (op.offset != kNoOffset) {
    json["offset"] = op.offset;
  }
  add_call(index, op.span, json);
  json["completed_by"] = call_ref(index, op.complete_span);
  return json;
}

// With what happened to the file while it was open on this lane: its operations and their bytes (io_ops are in
// lane, start order, so the scan covers only this lane's operations inside the interval).
Json file_open_details(const TraceIndex& index, std::uint32_t id) {
  Json json = file_open_json(index, id);
  const FileOpen& file = index.file_opens[id];
  auto it = std::lower_bound(index.io_ops.begin(), index.io_ops.end(), std::pair(file.lane, file.start_ns),
                             [](const IoOperation& op, const std::pair<LaneId, std::int64_t>& key) {
                               return std::pair(op.lane, op.start_ns) < key;
                             });
  std::uint64_t count = 0;
  std::uint64_t read = 0;
  std::uint64_t written = 0;
  for (; it != index.io_ops.end() && it->lane == file.lane && it->start_ns <= file.end_ns; ++it) {
    if (it->handle == file.handle) {
      ++count;
      read += it->mode == static_cast<std::uint8_t>(trace::IoMode::kRead) ? it->bytes_result : 0;
      written += it->mode == static_cast<std::uint8_t>(trace::IoMode::kWrite) ? it->bytes_result : 0;
    }
  }
  json["operations"] = count;
  json["bytes_read"] = read;
  json["bytes_written"] = written;
  return json;
}

Json seek_details(const TraceIndex& index, std::uint32_t id) {
  return seek_json(index, id);
}

void add_call_links(const TraceIndex& index, SpanId span, Json& json) {
  const std::span<const CallLink> links = index.links_of(span);
  auto of_kind = [&](LinkKind kind) {
    const auto first = std::find_if(links.begin(), links.end(), [&](const CallLink& l) { return l.kind == kind; });
    const auto last = std::find_if(first, links.end(), [&](const CallLink& l) { return l.kind != kind; });
    return links.subspan(static_cast<std::size_t>(first - links.begin()), static_cast<std::size_t>(last - first));
  };
  if (const auto rma = of_kind(LinkKind::kRmaOp); !rma.empty()) {
    json["rma"] = linked(rma, "issued", "completed", [&](std::uint32_t id) { return rma_op_details(index, id); });
  }
  if (const auto io = of_kind(LinkKind::kIoOp); !io.empty()) {
    json["io"] = linked(io, "issued", "completed", [&](std::uint32_t id) { return io_details(index, id); });
  }
  if (const auto files = of_kind(LinkKind::kFileOpen); !files.empty()) {
    json["files"] = linked(files, "opened", "closed", [&](std::uint32_t id) { return file_open_json(index, id); });
  }
  if (const auto seeks = of_kind(LinkKind::kFileSeek); !seeks.empty()) {
    json["seeks"] = linked(seeks, "sought", "", [&](std::uint32_t id) { return seek_json(index, id); });
  }
}

}  // namespace mpisight::viewer
