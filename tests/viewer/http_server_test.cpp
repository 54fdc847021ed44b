// The loopback server over real sockets: token and Host checks, strict parsing, loopback-only binding, and the
// routes' answers for one index.
#include "server/http_server.hpp"

#include <future>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <thread>

#include "http_client.hpp"
#include "index/index_builder.hpp"
#include "server/routes.hpp"
#include "temp_dir.hpp"
#include "viewer_fixtures.hpp"

namespace mpisight::viewer {
namespace {

using testkit::http_exchange;
using testkit::http_get;

constexpr const char* kToken = "test-token-1234";

// A server on a free port answering from the hostile trace, running on its own thread for one test.
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = build_index(testkit::write_hostile_trace(dir_.path()));
    engine_ = std::make_unique<TileEngine>(index_);
    std::promise<Json> findings;
    findings.set_value(Json{{"findings", Json::array()}});
    live_ = std::make_unique<LiveIndex>(*engine_);
    routes_ = std::make_unique<Routes>(*live_, findings.get_future().share(), "nonce123");
    server_ = std::make_unique<HttpServer>(0, kToken);
    thread_ = std::thread([this] { server_->serve([this](const HttpRequest& r) { return (*routes_)(r); }, stop_); });
  }
  void TearDown() override {
    stop_ = true;
    thread_.join();
  }
  std::uint16_t port() const { return server_->port(); }
  std::string with_token(const std::string& target) const {
    return target + (target.find('?') == std::string::npos ? "?" : "&") + "token=" + kToken;
  }

  testkit::TempDir dir_;
  TraceIndex index_;
  std::unique_ptr<TileEngine> engine_;
  std::unique_ptr<LiveIndex> live_;
  std::unique_ptr<Routes> routes_;
  std::unique_ptr<HttpServer> server_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST_F(ServerTest, RequestWithoutTokenIsRefused) {
  for (const char* target : {"/", "/api/meta", "/api/tile?t0=0&t1=10&width=10"}) {
    const auto answer = http_get(port(), target);
    EXPECT_EQ(answer.status, 403) << target;
    EXPECT_EQ(answer.body.find("MPI_COMM_WORLD"), std::string::npos);
  }
  EXPECT_EQ(http_get(port(), "/api/meta?token=wrong-token-123").status, 403);
  EXPECT_EQ(http_get(port(), "/api/meta?token=test-token-123").status, 403);  // a prefix is not the token
  EXPECT_EQ(http_get(port(), "/api/meta", "X-MpiView-Token: nope\r\n").status, 403);
}

TEST_F(ServerTest, RequestWithTokenInQueryOrHeaderIsServed) {
  EXPECT_EQ(http_get(port(), with_token("/api/meta")).status, 200);
  const auto answer = http_get(port(), "/api/meta", std::string("X-MpiView-Token: ") + kToken + "\r\n");
  ASSERT_EQ(answer.status, 200);
  const auto meta = nlohmann::json::parse(answer.body);
  EXPECT_EQ(meta["lanes"].size(), 4U);
  EXPECT_EQ(meta["comms"][2]["name"], testkit::kHostileComm);
}

TEST_F(ServerTest, ForeignHostHeaderIsRefused) {
  // DNS rebinding: a foreign name resolving to 127.0.0.1 carries that name as Host.
  const std::string target = with_token("/api/meta");
  EXPECT_EQ(
      http_exchange(port(), "GET " + target + " HTTP/1.1\r\nHost: evil.example:" + std::to_string(port()) + "\r\n\r\n")
          .status,
      421);
  EXPECT_EQ(http_exchange(port(), "GET " + target + " HTTP/1.1\r\n\r\n").status, 421);
  EXPECT_EQ(
      http_exchange(port(), "GET " + target + " HTTP/1.1\r\nHost: localhost:" + std::to_string(port()) + "\r\n\r\n")
          .status,
      200);
}

TEST_F(ServerTest, MalformedOrOversizedRequestsGetAnErrorNotACrash) {
  EXPECT_EQ(http_exchange(port(), "BLAH\r\n\r\n").status, 400);
  EXPECT_EQ(http_exchange(port(), "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n").status, 400);
  EXPECT_EQ(http_exchange(port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port()) +
                                      "\r\nX: " + std::string(20000, 'a'))
                .status,
            413);
  EXPECT_EQ(http_exchange(port(), "POST " + with_token("/api/meta") +
                                      " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port()) + "\r\n\r\n")
                .status,
            405);
  EXPECT_EQ(http_get(port(), with_token("/api/tile?t0=0&t1=x&width=10")).status, 400);
  EXPECT_EQ(http_get(port(), with_token("/api/tile?t0=10&t1=0&width=10")).status, 400);
  EXPECT_EQ(http_get(port(), with_token("/api/span?id=99999")).status, 400);
  EXPECT_EQ(http_get(port(), with_token("/nothing")).status, 404);
  EXPECT_EQ(http_get(port(), with_token("/api/meta")).status, 200);  // still serving
}

TEST_F(ServerTest, ListensOnLoopbackOnly) {
  for (const std::string& address : testkit::listening_addresses(port())) {
    EXPECT_EQ(address, "127.0.0.1");
  }
  EXPECT_TRUE(testkit::can_connect("127.0.0.1", port()));
  for (const std::string& address : testkit::non_loopback_ipv4_addresses()) {
    EXPECT_FALSE(testkit::can_connect(address, port())) << address;
  }
}

TEST_F(ServerTest, PageCarriesANonceOnlyPolicyAndEscapedConfig) {
  const auto answer = http_get(port(), with_token("/"));
  ASSERT_EQ(answer.status, 200);
  EXPECT_NE(answer.head.find("Content-Security-Policy: default-src 'none'; script-src 'nonce-nonce123'"),
            std::string::npos);
  EXPECT_NE(answer.body.find("<script nonce=\"nonce123\">"), std::string::npos);
  EXPECT_EQ(answer.body.find("{{"), std::string::npos);
}

TEST_F(ServerTest, TileAndDetailsAnswerWithTheTracesContent) {
  const auto tile = http_get(port(), with_token("/api/tile?t0=0&t1=100000&width=1000&lanes=0-1"));
  ASSERT_EQ(tile.status, 200);
  const auto json = nlohmann::json::parse(tile.body);
  ASSERT_EQ(json["lanes"].size(), 2U);
  ASSERT_EQ(json["messages"].size(), 1U);  // only 0 -> 1 is between the requested lanes
  EXPECT_EQ(json["messages"][0][0], 0);
  EXPECT_EQ(json["messages"][0][2], 1);
  EXPECT_EQ(json["collectives"].size(), 2U);
  EXPECT_EQ(json["collectives"][0][5], "Allreduce");
  // A window with nothing in it is still a well-formed tile.
  const auto empty = nlohmann::json::parse(http_get(port(), with_token("/api/tile?t0=200000&t1=300000&width=10")).body);
  EXPECT_EQ(empty["lanes"].size(), 4U);
  EXPECT_TRUE(empty["lanes"][3]["spans"].empty());
  EXPECT_TRUE(empty["messages"].empty());
  const int span = json["lanes"][0]["spans"][1][4];
  const auto details = nlohmann::json::parse(http_get(port(), with_token("/api/span?id=" + std::to_string(span))).body);
  EXPECT_EQ(details["function"], testkit::kHostileRegion);
  EXPECT_EQ(details["duration_ns"], 1000);
  ASSERT_EQ(details["messages"].size(), 1U);
  EXPECT_EQ(details["messages"][0]["peer"], 1);
  EXPECT_EQ(details["messages"][0]["tag"], 5);
  EXPECT_EQ(details["messages"][0]["bytes"], 128);
  EXPECT_EQ(details["messages"][0]["comm"], testkit::kHostileComm);
  const auto summary = nlohmann::json::parse(http_get(port(), with_token("/api/summary?t0=0&t1=100000")).body);
  EXPECT_EQ(summary["functions"][0]["name"], "main");
  EXPECT_EQ(summary["functions"][0]["calls"], 4);
  EXPECT_EQ(summary["matrix"]["bytes"].size(), 2U);
}

TEST(HttpMessage, ParsesQueryAndHeaders) {
  const auto request = parse_request("GET /api/tile?t0=5&name=a%3Cb%3E+c HTTP/1.1\r\nHost: X\r\nX-Thing:  v \r\n\r\n");
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->path, "/api/tile");
  EXPECT_EQ(request->query.at("t0"), "5");
  EXPECT_EQ(request->query.at("name"), "a<b> c");
  EXPECT_EQ(request->headers.at("host"), "X");
  EXPECT_EQ(request->headers.at("x-thing"), "v");
  EXPECT_FALSE(parse_request("GET noslash HTTP/1.1\r\n\r\n").has_value());
  EXPECT_FALSE(url_decode("%4").has_value());
  EXPECT_FALSE(url_decode("%g0").has_value());
}

TEST(Routes, ParsesLaneLists) {
  EXPECT_EQ(parse_lanes("3,0-2", 4), (std::vector<LaneId>{3, 0, 1, 2}));
  EXPECT_THROW((void)parse_lanes("4", 4), std::invalid_argument);
  EXPECT_THROW((void)parse_lanes("1-x", 4), std::invalid_argument);
  EXPECT_THROW((void)parse_lanes(",", 4), std::invalid_argument);
}

TEST(Token, RandomTokensAreLongAndDiffer) {
  const std::string a = random_token();
  EXPECT_EQ(a.size(), 32U);
  EXPECT_NE(a, random_token());
}

}  // namespace
}  // namespace mpisight::viewer
