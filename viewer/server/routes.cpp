// Path -> answer. Numbers in the query are parsed strictly: a malformed one is an error, not a zero.
#include "server/routes.hpp"

#include <charconv>
#include <stdexcept>

#include "api/window_summary.hpp"
#include "web/page.hpp"

namespace mpisight::viewer {
namespace {

template <class T>
T number(const HttpRequest& request, const std::string& name) {
  const auto it = request.query.find(name);
  if (it == request.query.end()) {
    throw std::invalid_argument("missing parameter '" + name + "'");
  }
  T value{};
  const auto [end, error] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (error != std::errc() || end != it->second.data() + it->second.size()) {
    throw std::invalid_argument("parameter '" + name + "' is not a valid number");
  }
  return value;
}

HttpResponse json_response(const Json& json) {
  return {200, "application/json", json.dump(-1, ' ', false, Json::error_handler_t::replace), {}};
}

}  // namespace

std::vector<LaneId> parse_lanes(const std::string& text, std::size_t lane_count) {
  std::vector<LaneId> lanes;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(',', at);
    end = end == std::string::npos ? text.size() : end;
    const std::string part = text.substr(at, end - at);
    const std::size_t dash = part.find('-');
    auto parse = [&](const std::string& digits) {
      std::uint32_t value = 0;
      const auto [ptr, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (error != std::errc() || ptr != digits.data() + digits.size() || digits.empty() || value >= lane_count) {
        throw std::invalid_argument("bad lane list '" + text + "'");
      }
      return value;
    };
    const std::uint32_t first = parse(part.substr(0, dash));
    const std::uint32_t last = dash == std::string::npos ? first : parse(part.substr(dash + 1));
    for (std::uint32_t lane = first; lane <= last; ++lane) {
      lanes.push_back(lane);
    }
    at = end + 1;
  }
  return lanes;
}

Routes::Routes(const LiveIndex& index, std::shared_future<Json> findings, std::string nonce)
    : live_(index), findings_(std::move(findings)), nonce_(std::move(nonce)) {}

HttpResponse Routes::while_building(const HttpRequest& request) const {
  const BuildProgress& progress = live_.progress();
  const std::string& path = request.path;
  const TraceIndex& skeleton = progress.skeleton();
  if (path == "/api/meta") {
    const auto counts = progress.snapshot();
    Json meta = meta_to_json(skeleton);
    meta["building"] = {{"events_read", counts.events_read}, {"total_events", counts.total_events}};
    return json_response(meta);
  }
  if (path == "/api/tile") {
    TileRequest tile;
    tile.t0_ns = number<std::int64_t>(request, "t0");
    tile.t1_ns = number<std::int64_t>(request, "t1");
    tile.width_px = number<std::uint32_t>(request, "width");
    if (auto lanes = request.query.find("lanes"); lanes != request.query.end()) {
      tile.lanes = parse_lanes(lanes->second, skeleton.lanes.size());
    }
    return {200, "application/json", tile_to_json(progress.query(tile)), {}};
  }
  if (path == "/api/summary") {
    (void)number<std::int64_t>(request, "t0");
    (void)number<std::int64_t>(request, "t1");
    return json_response(window_summary(skeleton, 0, 0));  // the skeleton has no calls: empty panels
  }
  if (path == "/api/findings") {
    return json_response(Json{{"pending", true}});  // they are placed on the index
  }
  if (path == "/api/span" || path == "/api/message" || path == "/api/collective" || path == "/api/rma" ||
      path == "/api/epoch" || path == "/api/io" || path == "/api/file_open" || path == "/api/seek") {
    return text_response(503, "the index is still being built");
  }
  return text_response(404, "no such page");
}

HttpResponse Routes::operator()(const HttpRequest& request) {
  const std::string& path = request.path;
  if (path == "/" || path == "/index.html") {
    HttpResponse page{200, "text/html; charset=utf-8", render_page(Json{{"mode", "server"}}, nonce_), {}};
    page.headers["Content-Security-Policy"] = content_security_policy(nonce_);
    return page;
  }
  const TileEngine* engine = live_.engine();
  if (engine == nullptr) {
    return while_building(request);
  }
  const TraceIndex& index = engine->index();
  if (path == "/api/meta") {
    return json_response(meta_to_json(index));
  }
  if (path == "/api/tile") {
    TileRequest tile;
    tile.t0_ns = number<std::int64_t>(request, "t0");
    tile.t1_ns = number<std::int64_t>(request, "t1");
    tile.width_px = number<std::uint32_t>(request, "width");
    if (auto lanes = request.query.find("lanes"); lanes != request.query.end()) {
      tile.lanes = parse_lanes(lanes->second, index.lanes.size());
    }
    return {200, "application/json", tile_to_json(engine->query(tile)), {}};
  }
  if (path == "/api/span") {
    return json_response(span_details(index, number<std::uint32_t>(request, "id")));
  }
  if (path == "/api/message") {
    return json_response(message_details(index, number<std::uint32_t>(request, "id")));
  }
  if (path == "/api/collective") {
    return json_response(collective_details(index, number<std::uint32_t>(request, "id")));
  }
  if (path == "/api/rma") {
    return json_response(rma_op_details(index, number<std::uint32_t>(request, "id")));
  }
  if (path == "/api/epoch") {
    return json_response(epoch_details(index, number<std::uint32_t>(request, "id")));
  }
  if (path == "/api/io") {
    return json_response(io_details(index, number<std::uint32_t>(request, "id")));
  }
  if (path == "/api/file_open") {
    return json_response(file_open_details(index, number<std::uint32_t>(request, "id")));
  }
  if (path == "/api/seek") {
    return json_response(seek_details(index, number<std::uint32_t>(request, "id")));
  }
  if (path == "/api/summary") {
    return json_response(
        window_summary(index, number<std::int64_t>(request, "t0"), number<std::int64_t>(request, "t1")));
  }
  if (path == "/api/findings") {
    if (findings_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      return json_response(Json{{"pending", true}});
    }
    return json_response(findings_.get());
  }
  return text_response(404, "no such page");
}

}  // namespace mpisight::viewer
