// Plain sockets, so the server is tested exactly as a browser reaches it.
#include "http_client.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace mpisight::testkit {
namespace {

int connect_to(const std::string& ipv4, std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  ::inet_pton(AF_INET, ipv4.c_str(), &address.sin_addr);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

HttpAnswer http_exchange(std::uint16_t port, const std::string& raw) {
  HttpAnswer answer;
  const int fd = connect_to("127.0.0.1", port);
  if (fd < 0) {
    return answer;
  }
  ::send(fd, raw.data(), raw.size(), MSG_NOSIGNAL);
  std::string data;
  char buffer[65536];
  ssize_t n = 0;
  while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) {
    data.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  const auto end = data.find("\r\n\r\n");
  if (data.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) {
    return answer;
  }
  answer.status = std::stoi(data.substr(9, 3));
  answer.head = data.substr(0, end);
  answer.body = data.substr(end + 4);
  return answer;
}

HttpAnswer http_get(std::uint16_t port, const std::string& target, const std::string& extra_headers) {
  return http_exchange(
      port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n" + extra_headers + "\r\n");
}

bool can_connect(const std::string& ipv4, std::uint16_t port) {
  const int fd = connect_to(ipv4, port);
  if (fd >= 0) {
    ::close(fd);
  }
  return fd >= 0;
}

std::vector<std::string> non_loopback_ipv4_addresses() {
  std::vector<std::string> found;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) {
    return found;
  }
  for (ifaddrs* it = list; it != nullptr; it = it->ifa_next) {
    if (it->ifa_addr == nullptr || it->ifa_addr->sa_family != AF_INET) {
      continue;
    }
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(it->ifa_addr)->sin_addr, text, sizeof(text));
    if (std::string(text).rfind("127.", 0) != 0) {
      found.emplace_back(text);
    }
  }
  ::freeifaddrs(list);
  return found;
}

std::vector<std::string> listening_addresses(std::uint16_t port) {
  std::vector<std::string> found;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      const auto colon = local.rfind(':');
      if (state != "0A" || colon == std::string::npos || std::stoul(local.substr(colon + 1), nullptr, 16) != port) {
        continue;
      }
      const std::string hex = local.substr(0, colon);
      if (hex.size() == 8) {  // IPv4, little-endian hex
        const auto value = static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16));
        in_addr address{value};
        char text[INET_ADDRSTRLEN] = {};
        ::inet_ntop(AF_INET, &address, text, sizeof(text));
        found.emplace_back(text);
      } else {
        found.push_back("ipv6:" + hex);
      }
    }
  }
  return found;
}

}  // namespace mpisight::testkit
