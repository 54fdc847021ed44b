// The export's data: the same meta and findings the server gives, plus the index's records as arrays (field order
// as in tiles, see web/app.js: ExportSource).
#include "export/export_html.hpp"

#include <stdexcept>

#include "web/page.hpp"

namespace mpisight::viewer {

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
  Json span_links = Json::object();  // span -> details, only for spans that have messages or collectives
  for (std::size_t s = 0; s < index.spans.size(); ++s) {
    if (index.spans[s].links[0] != kNone || index.spans[s].call_site != kNone) {
      span_links[std::to_string(s)] = span_details(index, static_cast<SpanId>(s));
    }
  }
  const Json config = {{"mode", "export"},     {"meta", meta_to_json(index)}, {"findings", findings}, {"lanes", lanes},
                       {"messages", messages}, {"collectives", collectives},  {"details", span_links}};
  return render_page(config, nonce);
}

}  // namespace mpisight::viewer
