// HTTP/1.1 requests and responses as mpi-view needs them: GET with a query string, a complete response with a
// Content-Length. Parsing is strict and bounded; anything else is answered 400 by the server.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mpisight::viewer {

inline constexpr std::size_t kMaxRequestBytes = 16 * 1024;

struct HttpRequest {
  std::string method;
  std::string path;                            // decoded, without the query
  std::map<std::string, std::string> query;    // decoded
  std::map<std::string, std::string> headers;  // names lower-cased
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;  // extra headers
};

// Where the header block of `data` ends (just after the blank line), or nullopt if it has not arrived yet.
[[nodiscard]] std::optional<std::size_t> header_end(std::string_view data);

// Parses a complete header block; nullopt if malformed.
[[nodiscard]] std::optional<HttpRequest> parse_request(std::string_view head);

// %XX and '+' decoding; nullopt for a malformed escape.
[[nodiscard]] std::optional<std::string> url_decode(std::string_view text);

// Status line, headers (including security headers and Connection: close) and body.
[[nodiscard]] std::string serialize(const HttpResponse& response);

[[nodiscard]] HttpResponse text_response(int status, std::string_view text);

}  // namespace mpisight::viewer
