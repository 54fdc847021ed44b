// The export's data: the same meta and findings the server gives, plus the index's records as arrays (field order
// as in tiles, see web/app.js: ExportSource).
#include "export/export_html.hpp"

#include <stdexcept>

#include "web/page.hpp"

namespace mpisight::viewer {
namespace {

Json lane_or_null(LaneId lane) {
  return lane == kNone ? Json(nullptr) : Json(lane);
}

// RMA operations, epochs, I/O operations, file opens and seeks as tile-shaped arrays (see web/app.js: ExportSource)
// with their details.
void add_rma_io(const TraceIndex& index, Json& config) {
  Json rma = Json::array();
  Json rma_details = Json::array();
  for (std::uint32_t id = 0; id < index.rma_ops.size(); ++id) {
    const RmaOperation& op = index.rma_ops[id];
    rma.push_back({lane_or_null(op.origin_lane), op.start_ns, lane_or_null(op.target_lane), op.end_ns, op.bytes,
                   static_cast<int>(op.kind)});
    rma_details.push_back(rma_op_details(index, id));
  }
  Json epochs = Json::array();
  Json epoch_info = Json::array();
  for (std::uint32_t id = 0; id < index.rma_epochs.size(); ++id) {
    const RmaEpoch& epoch = index.rma_epochs[id];
    epochs.push_back({epoch.lane, epoch.start_ns, epoch.end_ns, static_cast<int>(epoch.kind)});
    epoch_info.push_back(epoch_details(index, id));
  }
  Json io = Json::array();
  Json io_info = Json::array();
  for (std::uint32_t id = 0; id < index.io_ops.size(); ++id) {
    const IoOperation& op = index.io_ops[id];
    io.push_back({op.lane, op.start_ns, op.end_ns, static_cast<int>(op.mode)});
    io_info.push_back(io_details(index, id));
  }
  Json files = Json::array();
  Json file_info = Json::array();
  for (std::uint32_t id = 0; id < index.file_opens.size(); ++id) {
    const FileOpen& file = index.file_opens[id];
    files.push_back({file.lane, file.start_ns, file.end_ns, static_cast<int>(file.access_mode)});
    file_info.push_back(file_open_details(index, id));
  }
  Json seeks = Json::array();
  Json seek_info = Json::array();
  for (std::uint32_t id = 0; id < index.file_seeks.size(); ++id) {
    const FileSeek& seek = index.file_seeks[id];
    seeks.push_back({seek.lane, seek.time_ns, seek.time_ns, static_cast<int>(seek.whence)});
    seek_info.push_back(seek_details(index, id));
  }
  config["files"] = std::move(files);
  config["file_details"] = std::move(file_info);
  config["seeks"] = std::move(seeks);
  config["seek_details"] = std::move(seek_info);
  config["rma"] = std::move(rma);
  config["rma_details"] = std::move(rma_details);
  config["epochs"] = std::move(epochs);
  config["epoch_details"] = std::move(epoch_info);
  config["io"] = std::move(io);
  config["io_details"] = std::move(io_info);
}

}  // namespace

std::string export_html(const TraceIndex& index, const Json& findings, const std::string& nonce) {
  if (index.spans.size() > kExportMaxSpans) {
    throw std::length_error("trace too large to export: " + std::to_string(index.spans.size()) + " calls (at most " +
                            std::to_string(kExportMaxSpans) + "); serve it with mpi-view instead");
  }
  Json lanes = Json::array();
  for (const LaneInfo& lane : index.lanes) {
    Json spans = Json::array();
    for (std::uint64_t s = lane.span_begin; s < lane.span_end; ++s) {
      const Span& span = index.spans[s];
      spans.push_back({span.start_ns, span.end_ns, span.region, static_cast<int>(span.family), span.depth, s});
    }
    lanes.push_back(std::move(spans));
  }
  Json messages = Json::array();
  for (const Message& m : index.messages) {
    if (m.send_lane == kNone || m.recv_lane == kNone) {
      continue;
    }
    messages.push_back({m.send_lane, m.send_ns, m.recv_lane, m.recv_ns, m.bytes, m.tag, m.comm});
  }
  Json collectives = Json::array();
  for (std::size_t c = 0; c < index.collectives.size(); ++c) {
    collectives.push_back(collective_details(index, static_cast<std::uint32_t>(c)));
  }
  // span -> details, only for spans with more to say than their name and times
  Json span_links = Json::object();
  for (std::size_t s = 0; s < index.spans.size(); ++s) {
    if (index.spans[s].links[0] != kNone || index.spans[s].call_site != kNone ||
        !index.links_of(static_cast<SpanId>(s)).empty()) {
      span_links[std::to_string(s)] = span_details(index, static_cast<SpanId>(s));
    }
  }
  Json config = {{"mode", "export"},     {"meta", meta_to_json(index)}, {"findings", findings}, {"lanes", lanes},
                 {"messages", messages}, {"collectives", collectives},  {"details", span_links}};
  add_rma_io(index, config);
  return render_page(config, nonce);
}

}  // namespace mpisight::viewer
