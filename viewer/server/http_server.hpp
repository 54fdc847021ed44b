// A single-threaded HTTP/1.1 server on a loopback socket: poll() over the listener and its clients, one request
// per connection. Every request must carry the access token and name this server as its Host; the handler sees
// only requests that passed both checks.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "server/http_message.hpp"

namespace mpisight::viewer {

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  // Binds 127.0.0.1:`port` (0: the kernel picks a free port). Throws std::runtime_error if it cannot.
  HttpServer(std::uint16_t port, std::string token);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] const std::string& token() const noexcept { return token_; }
  [[nodiscard]] std::string url() const;  // http://127.0.0.1:<port>/?token=<token>

  // Serves until `stop` becomes true (checked at least every 200 ms).
  void serve(const HttpHandler& handler, const std::atomic<bool>& stop);

  // The checks every request passes before the handler: exposed for tests.
  [[nodiscard]] bool token_ok(const HttpRequest& request) const;
  [[nodiscard]] bool host_ok(const HttpRequest& request) const;

 private:
  [[nodiscard]] HttpResponse answer(std::string_view head, const HttpHandler& handler) const;

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::string token_;
};

// 32 hex digits from the kernel's random source.
[[nodiscard]] std::string random_token();

}  // namespace mpisight::viewer
