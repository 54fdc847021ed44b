// The loopback server's socket handling. Responses are written with poll() too, so one slow client never blocks
// another; a client that sends more than kMaxRequestBytes of headers is answered 413 and dropped.
#include "server/http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace mpisight::viewer {
namespace {

constexpr std::size_t kMaxClients = 64;

struct Client {
  int fd = -1;
  std::string in;
  std::string out;
  std::size_t written = 0;
  bool responding = false;
};

void set_nonblocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// Compares without an early exit, so the time taken says nothing about how much of the token was right.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

}  // namespace

std::string random_token() {
  unsigned char bytes[16];
  std::size_t got = 0;
  while (got < sizeof(bytes)) {
    const ssize_t n = ::getrandom(bytes + got, sizeof(bytes) - got, 0);
    if (n < 0 && errno != EINTR) {
      throw std::runtime_error(std::string("cannot get random bytes: ") + std::strerror(errno));
    }
    got += n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (unsigned char b : bytes) {
    token += kHex[b >> 4];
    token += kHex[b & 15];
  }
  return token;
}

HttpServer::HttpServer(std::uint16_t port, std::string token) : token_(std::move(token)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0) {
    throw std::runtime_error(std::string("cannot create a socket: ") + std::strerror(errno));
  }
  const int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // never any other interface
  if (::bind(listener_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(listener_, 64) != 0) {
    const std::string error = std::strerror(errno);
    ::close(listener_);
    throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + error);
  }
  socklen_t length = sizeof(address);
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  set_nonblocking(listener_);
}

HttpServer::~HttpServer() {
  if (listener_ >= 0) {
    ::close(listener_);
  }
}

std::string HttpServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/?token=" + token_;
}

bool HttpServer::token_ok(const HttpRequest& request) const {
  if (auto header = request.headers.find("x-mpiview-token"); header != request.headers.end()) {
    return same_secret(header->second, token_);
  }
  auto query = request.query.find("token");
  return query != request.query.end() && same_secret(query->second, token_);
}

// A page on another site may make the browser send requests here under a name that resolves to 127.0.0.1 (DNS
// rebinding); such requests carry that name as Host, so only our own names are accepted.
bool HttpServer::host_ok(const HttpRequest& request) const {
  const auto host = request.headers.find("host");
  if (host == request.headers.end()) {
    return false;
  }
  const std::string port = ":" + std::to_string(port_);
  return host->second == "127.0.0.1" + port || host->second == "localhost" + port;
}

HttpResponse HttpServer::answer(std::string_view head, const HttpHandler& handler) const {
  const auto request = parse_request(head);
  if (!request) {
    return text_response(400, "malformed request");
  }
  if (!host_ok(*request)) {
    return text_response(421, "wrong Host header");
  }
  if (!token_ok(*request)) {
    return text_response(403, "missing or wrong access token; open the URL mpi-view printed");
  }
  if (request->method != "GET") {
    return text_response(405, "only GET is supported");
  }
  try {
    return handler(*request);
  } catch (const std::exception& error) {
    return text_response(400, error.what());
  }
}

void HttpServer::serve(const HttpHandler& handler, const std::atomic<bool>& stop) {
  std::vector<Client> clients;
  std::vector<pollfd> fds;
  while (!stop.load()) {
    fds.clear();
    fds.push_back({listener_, static_cast<short>(clients.size() < kMaxClients ? POLLIN : 0), 0});
    for (const Client& client : clients) {
      fds.push_back({client.fd, static_cast<short>(client.responding ? POLLOUT : POLLIN), 0});
    }
    if (::poll(fds.data(), fds.size(), 200) <= 0) {
      continue;
    }
    if ((fds[0].revents & POLLIN) != 0) {
      while (clients.size() < kMaxClients) {
        const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
          break;
        }
        clients.push_back({fd, {}, {}, 0, false});
      }
    }
    for (std::size_t i = 1; i < fds.size(); ++i) {
      Client& client = clients[i - 1];
      if (fds[i].revents == 0 || fds[i].fd != client.fd) {
        continue;
      }
      bool done = (fds[i].revents & (POLLERR | POLLNVAL)) != 0;
      if (!done && !client.responding) {
        char buffer[4096];
        const ssize_t n = ::recv(client.fd, buffer, sizeof(buffer), 0);
        if (n <= 0) {
          done = n == 0 || (errno != EAGAIN && errno != EINTR);
        } else {
          client.in.append(buffer, static_cast<std::size_t>(n));
          if (const auto end = header_end(client.in)) {
            client.out = serialize(answer(std::string_view(client.in).substr(0, *end), handler));
            client.responding = true;
          } else if (client.in.size() > kMaxRequestBytes) {
            client.out = serialize(text_response(413, "request headers too large"));
            client.responding = true;
          }
        }
      } else if (!done && client.responding) {
        const ssize_t n =
            ::send(client.fd, client.out.data() + client.written, client.out.size() - client.written, MSG_NOSIGNAL);
        if (n < 0) {
          done = errno != EAGAIN && errno != EINTR;
        } else {
          client.written += static_cast<std::size_t>(n);
          done = client.written == client.out.size();
        }
      }
      if (done) {
        ::close(client.fd);
        client.fd = -1;
      }
    }
    std::erase_if(clients, [](const Client& client) { return client.fd < 0; });
  }
  for (const Client& client : clients) {
    ::close(client.fd);
  }
}

}  // namespace mpisight::viewer
