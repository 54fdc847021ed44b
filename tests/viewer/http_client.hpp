// A minimal blocking HTTP client for the server tests: one raw request over a fresh connection, the whole answer back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mpisight::testkit {

struct HttpAnswer {
  int status = 0;  // 0: no answer (connection failed or closed early)
  std::string head;
  std::string body;
};

// Sends `raw` (a complete request) to 127.0.0.1:`port`.
[[nodiscard]] HttpAnswer http_exchange(std::uint16_t port, const std::string& raw);

// GET `target` with a correct Host header, plus `extra_headers` ("Name: value\r\n"...).
[[nodiscard]] HttpAnswer http_get(std::uint16_t port, const std::string& target, const std::string& extra_headers = "");

// True if a TCP connection to `ipv4`:`port` is accepted.
[[nodiscard]] bool can_connect(const std::string& ipv4, std::uint16_t port);

// The machine's IPv4 addresses other than loopback (empty if it has none).
[[nodiscard]] std::vector<std::string> non_loopback_ipv4_addresses();

// The local addresses ("127.0.0.1", "0.0.0.0", ...) of listening TCP sockets on `port`, from /proc/net/tcp and tcp6.
[[nodiscard]] std::vector<std::string> listening_addresses(std::uint16_t port);

}  // namespace mpisight::testkit
