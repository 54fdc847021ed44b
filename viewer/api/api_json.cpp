// JSON renderings of the index for the page. Names from the trace pass through as JSON strings; the page inserts
// them as text only, and dump_for_script keeps them from closing an inline <script>.
#include "api/api_json.hpp"

#include <array>
#include <charconv>
#include <stdexcept>
#include <string_view>

namespace mpisight::viewer {
namespace {

constexpr std::array<std::string_view, 23> kCollectiveOps = {"Barrier",
                                                             "Bcast",
                                                             "Gather",
                                                             "Gatherv",
                                                             "Scatter",
                                                             "Scatterv",
                                                             "Allgather",
                                                             "Allgatherv",
                                                             "Alltoall",
                                                             "Alltoallv",
                                                             "Alltoallw",
                                                             "Allreduce",
                                                             "Reduce",
                                                             "Reduce_scatter",
                                                             "Scan",
                                                             "Exscan",
                                                             "Reduce_scatter_block",
                                                             "Create_handle",
                                                             "Destroy_handle",
                                                             "Allocate",
                                                             "Deallocate",
                                                             "Create_handle_and_allocate",
                                                             "Destroy_handle_and_deallocate"};

Json lane_ref(LaneId lane) {
  if (lane == kNone) {
    return nullptr;
  }
  return lane;
}

std::string comm_name(const TraceIndex& index, std::uint32_t comm) {
  return comm < index.comms.size() ? index.comms[comm].name : std::string("<unknown communicator>");
}

std::string op_name(std::uint8_t op) {
  return op < kCollectiveOps.size() ? std::string(kCollectiveOps[op]) : "op " + std::to_string(op);
}

Json message_json(const TraceIndex& index, std::uint32_t id) {
  const Message& m = index.messages.at(id);
  Json json = {
      {"id", id},         {"send_lane", lane_ref(m.send_lane)}, {"recv_lane", lane_ref(m.recv_lane)}, {"tag", m.tag},
      {"bytes", m.bytes}, {"comm", comm_name(index, m.comm)}};
  if (m.send_ns >= 0) {
    json["send_ns"] = m.send_ns;
  }
  if (m.recv_ns >= 0) {
    json["recv_ns"] = m.recv_ns;
  }
  return json;
}

Json collective_json(const TraceIndex& index, std::uint32_t id) {
  const Collective& c = index.collectives.at(id);
  Json json = {{"id", id},          {"op", op_name(c.op)},           {"comm", comm_name(index, c.comm)},
               {"comm_id", c.comm}, {"start_ns", c.start_ns},        {"end_ns", c.end_ns},
               {"bytes", c.bytes},  {"participants", c.participants}};
  if (c.root != kNone) {
    json["root"] = c.root;
  }
  return json;
}

}  // namespace

Json meta_to_json(const TraceIndex& index) {
  Json lanes = Json::array();
  for (const LaneInfo& lane : index.lanes) {
    lanes.push_back({{"location", lane.location},
                     {"rank", lane.rank ? Json(*lane.rank) : Json(nullptr)},
                     {"thread", lane.thread},
                     {"name", lane.name}});
  }
  Json regions = Json::array();
  for (const RegionInfo& region : index.regions) {
    regions.push_back({region.name, static_cast<int>(region.family)});
  }
  Json comms = Json::array();
  for (const CommInfo& comm : index.comms) {
    comms.push_back({{"name", comm.name}, {"lanes", comm.lanes}});
  }
  Json families = Json::array();
  for (std::size_t f = 0; f < kFamilyCount; ++f) {
    families.push_back(family_name(static_cast<Family>(f)));
  }
  return {{"trace", index.trace_path},
          {"begin_ns", index.begin_ns},
          {"end_ns", index.end_ns},
          {"lanes", lanes},
          {"regions", regions},
          {"comms", comms},
          {"families", families},
          {"spans", index.spans.size()},
          {"messages", index.messages.size()},
          {"collectives", index.collectives.size()},
          {"rma_ops", index.rma_ops.size()},
          {"rma_epochs", index.rma_epochs.size()},
          {"io_ops", index.io_ops.size()},
          {"file_opens", index.file_opens.size()},
          {"file_seeks", index.file_seeks.size()}};
}

std::string tile_to_json(const Tile& tile) {
  std::string out;
  out.reserve(64 + 48 * tile.messages.size() + 32 * tile.collectives.size());
  char buffer[24];
  auto number = [&](auto value) {
    const auto end = std::to_chars(buffer, buffer + sizeof(buffer), value).ptr;
    out.append(buffer, end);
  };
  auto id = [&](std::uint32_t value) {
    if (value == kNone) {
      out += "-1";
    } else {
      number(value);
    }
  };
  out += "{\"t0_ns\":";
  number(tile.t0_ns);
  out += ",\"t1_ns\":";
  number(tile.t1_ns);
  out += ",\"width_px\":";
  number(tile.width_px);
  out += ",\"lanes\":[";
  for (const TileLane& lane : tile.lanes) {
    out += &lane == &tile.lanes.front() ? "{\"lane\":" : ",{\"lane\":";
    number(lane.lane);
    out += ",\"spans\":[";
    for (std::size_t i = 0; i < lane.spans.size(); ++i) {
      const TileSpan& s = lane.spans[i];
      out += i == 0 ? "[" : ",[";
      number(s.start_ns);
      out += ',';
      number(s.end_ns);
      out += ',';
      number(static_cast<int>(s.family));
      out += ',';
      number(s.count);
      out += ',';
      id(s.span);
      out += ',';
      id(s.region);
      out += ',';
      number(s.depth);
      out += ']';
    }
    out += "]}";
  }
  out += "],\"messages\":[";
  for (std::size_t i = 0; i < tile.messages.size(); ++i) {
    const TileMessage& m = tile.messages[i];
    out += i == 0 ? "[" : ",[";
    number(m.send_lane);
    out += ',';
    number(m.send_ns);
    out += ',';
    number(m.recv_lane);
    out += ',';
    number(m.recv_ns);
    out += ',';
    number(m.count);
    out += ',';
    number(m.bytes);
    out += ',';
    number(m.message);
    out += ']';
  }
  out += "],\"collectives\":[";
  for (std::size_t i = 0; i < tile.collectives.size(); ++i) {
    const TileCollective& c = tile.collectives[i];
    out += i == 0 ? "[" : ",[";
    id(c.comm);
    out += ',';
    number(c.start_ns);
    out += ',';
    number(c.end_ns);
    out += ',';
    number(c.count);
    out += ',';
    number(c.collective);
    out += ",\"";
    out += op_name(c.op);  // from a fixed table: never needs escaping
    out += "\"]";
  }
  out += "],\"rma\":[";
  for (std::size_t i = 0; i < tile.rma_ops.size(); ++i) {
    const TileMessage& m = tile.rma_ops[i];
    out += i == 0 ? "[" : ",[";
    for (const std::int64_t value :
         {std::int64_t{m.send_lane}, m.send_ns, std::int64_t{m.recv_lane}, m.recv_ns, std::int64_t{m.count},
          static_cast<std::int64_t>(m.bytes), std::int64_t{m.message}, std::int64_t{m.kind}}) {
      number(value);
      out += ',';
    }
    out.back() = ']';
  }
  auto intervals = [&](const std::vector<TileInterval>& items) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      const TileInterval& item = items[i];
      out += i == 0 ? "[" : ",[";
      for (const std::int64_t value :
           {std::int64_t{item.lane}, item.start_ns, item.end_ns, item.kind == kMixedKind ? -1 : std::int64_t{item.kind},
            std::int64_t{item.count}, std::int64_t{item.item}}) {
        number(value);
        out += ',';
      }
      out.back() = ']';
    }
  };
  out += "],\"epochs\":[";
  intervals(tile.epochs);
  out += "],\"io\":[";
  intervals(tile.io_ops);
  out += "],\"files\":[";
  intervals(tile.file_opens);
  out += "],\"seeks\":[";
  intervals(tile.seeks);
  out += "]}";
  return out;
}

Json span_details(const TraceIndex& index, SpanId id) {
  const Span& span = index.spans.at(id);
  const auto lane = index.lane_of_span(id);
  Json json = {{"id", id},
               {"function", index.regions.at(span.region).name},
               {"family", family_name(span.family)},
               {"lane", lane ? Json(*lane) : Json(nullptr)},
               {"rank", lane && index.lanes[*lane].rank ? Json(*index.lanes[*lane].rank) : Json(nullptr)},
               {"start_ns", span.start_ns},
               {"end_ns", span.end_ns},
               {"duration_ns", span.end_ns - span.start_ns}};
  Json messages = Json::array();
  Json collectives = Json::array();
  for (std::uint32_t link : span.links) {
    if (link == kNone) {
      continue;
    }
    if ((link & kCollectiveLink) != 0) {
      collectives.push_back(collective_json(index, link & ~kCollectiveLink));
    } else {
      Json message = message_json(index, link);
      // The peer is the other side, seen from this call.
      const Message& m = index.messages[link];
      const bool sending = m.send_span == id;
      const LaneId peer_lane = sending ? m.recv_lane : m.send_lane;
      message["direction"] = sending ? "send" : "receive";
      if (peer_lane != kNone && index.lanes[peer_lane].rank) {
        message["peer"] = *index.lanes[peer_lane].rank;
      }
      messages.push_back(std::move(message));
    }
  }
  json["messages"] = std::move(messages);
  json["collectives"] = std::move(collectives);
  add_call_links(index, id, json);
  if (span.call_site != kNone) {
    const CallSite& site = index.call_sites.at(span.call_site);
    json["call_site"] = {{"function", site.function}, {"file", site.file}, {"line", site.line}};
  }
  return json;
}

Json message_details(const TraceIndex& index, std::uint32_t message) {
  return message_json(index, message);
}

Json collective_details(const TraceIndex& index, std::uint32_t collective) {
  Json json = collective_json(index, collective);
  const Collective& c = index.collectives[collective];
  json["lanes"] = c.comm < index.comms.size() ? Json(index.comms[c.comm].lanes) : Json::array();
  return json;
}

std::string dump_for_script(const Json& json) {
  const std::string text = json.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string safe;
  safe.reserve(text.size());
  for (char c : text) {
    // "<" only ever occurs inside JSON strings, where \u003c means the same character.
    if (c == '<') {
      safe += "\\u003c";
    } else {
      safe += c;
    }
  }
  return safe;
}

}  // namespace mpisight::viewer
