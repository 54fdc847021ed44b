// What the server answers, by path: the page and the JSON API over one index. The server has already checked
// the token and Host before a request gets here.
#pragma once

#include <future>
#include <string>

#include "api/api_json.hpp"
#include "server/http_message.hpp"
#include "server/live_index.hpp"

namespace mpisight::viewer {

class Routes {
 public:
  // `findings` may still be computing (mpi-analyze runs next to the server): until it is ready, /api/findings
  // answers {"pending": true} and the page asks again. While `index` is building, meta carries "building"
  // (events read of total), tiles come from the coarse view, the panels are empty and details answer 503.
  Routes(const LiveIndex& index, std::shared_future<Json> findings, std::string nonce);

  // Throws std::invalid_argument / std::out_of_range for bad parameters (the server answers 400).
  [[nodiscard]] HttpResponse operator()(const HttpRequest& request);

 private:
  [[nodiscard]] HttpResponse while_building(const HttpRequest& request) const;

  const LiveIndex& live_;
  std::shared_future<Json> findings_;
  std::string nonce_;
};

// Parses "3,0-2,7" into lanes {3, 0, 1, 2, 7}. Throws std::invalid_argument.
[[nodiscard]] std::vector<LaneId> parse_lanes(const std::string& text, std::size_t lane_count);

}  // namespace mpisight::viewer
