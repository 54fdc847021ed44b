// Details of RMA operations, RMA epochs and MPI-IO operations for the page. Window and file names come from the
// trace and pass through as JSON strings, shown as text like every other trace string.
#include <array>
#include <string_view>

#include "api/api_json.hpp"
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

// The call that made a record: its function and, when known, the user's source line.
void add_call(const TraceIndex& index, SpanId span, Json& json) {
  if (span == kNone || span >= index.spans.size()) {
    return;
  }
  const Span& call = index.spans[span];
  json["function"] = index.regions.at(call.region).name;
  json["span"] = span;
  if (call.call_site != kNone) {
    const CallSite& site = index.call_sites.at(call.call_site);
    json["call_site"] = {{"function", site.function}, {"file", site.file}, {"line", site.line}};
  }
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
  if (op.target_begin != kNoOffset && op.target_end != kNoOffset) {
    json["target_begin"] = op.target_begin;
    json["target_end"] = op.target_end;
  }
  add_call(index, op.span, json);
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
               {"file", op.handle < index.io_handles.size() ? index.io_handles[op.handle].file : std::string()},
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
  return json;
}

}  // namespace mpisight::viewer
