// mpi-view run as a program: its flags, errors, export file and the server it starts.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "http_client.hpp"
#include "subprocess.hpp"
#include "temp_dir.hpp"
#include "viewer_fixtures.hpp"

namespace mpisight::testkit {
namespace {

using namespace std::chrono_literals;

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// mpi-view serving in the background; stopped with SIGTERM when the object goes away.
class ServedView {
 public:
  explicit ServedView(const std::vector<std::string>& args) {
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(MPI_VIEW_PATH));
      for (const std::string& arg : args) {
        argv.push_back(const_cast<char*>(arg.c_str()));
      }
      argv.push_back(nullptr);
      ::execv(MPI_VIEW_PATH, argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    std::string text;
    char c = 0;
    while (text.find("/?token=") == std::string::npos || text.back() != '\n') {
      if (::read(out[0], &c, 1) != 1) {
        break;
      }
      text += c;
    }
    ::close(out[0]);
    const auto at = text.find("http://127.0.0.1:");
    if (at != std::string::npos) {
      url_ = text.substr(at, text.find('\n', at) - at);
      port_ = static_cast<std::uint16_t>(std::stoi(url_.substr(17)));
      token_ = url_.substr(url_.find("token=") + 6);
    }
  }
  ~ServedView() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  ServedView(const ServedView&) = delete;
  ServedView& operator=(const ServedView&) = delete;

  // Stops the server and returns its exit status.
  int stop() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::uint16_t port() const { return port_; }
  const std::string& token() const { return token_; }
  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = -1;
  std::string url_;
  std::string token_;
  std::uint16_t port_ = 0;
};

TEST(MpiView, BadFlagsAndTracesGiveOneLineAndExitTwo) {
  TempDir dir;
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"--port"},
      {"--port", "99999", "t"},
      {"--token", "short", "t"},
      {"--bogus", "t"},
      {"a", "b"},
      {(dir.path() / "missing").string()},
  };
  for (const auto& args : cases) {
    std::vector<std::string> argv = {MPI_VIEW_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult result = run_process(argv, 20s);
    EXPECT_TRUE(result.exited);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(count_of(result.err, "\n"), 1U) << result.err;
    EXPECT_EQ(result.err.rfind("mpi-view: error: ", 0), 0U) << result.err;
  }
  const ProcessResult help = run_process({MPI_VIEW_PATH, "--help"}, 20s);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--export"), std::string::npos);
}

TEST(MpiView, ExportWritesOneFileWithHostileNamesEscaped) {
  TempDir dir;
  const auto anchor = write_hostile_trace(dir.path());
  write_hostile_findings(dir.path() / "findings.json");
  const auto html = dir.path() / "view.html";
  const ProcessResult result = run_process({MPI_VIEW_PATH, "--findings", (dir.path() / "findings.json").string(),
                                            "--export", html.string(), anchor.string()},
                                           30s);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string page = read_file(html);
  EXPECT_EQ(count_of(page, "<script"), 2U);  // the config block and the page's own script, nothing from the trace
  EXPECT_EQ(page.find(kHostileRegion), std::string::npos);
  EXPECT_EQ(page.find("<b>hostile"), std::string::npos);
  EXPECT_NE(page.find("\\u003cscript>alert(1)\\u003c/script>"), std::string::npos);
  EXPECT_EQ(page.find(kHostileWindow), std::string::npos);  // in the RMA operation's and its calls' details
  EXPECT_NE(page.find("\\u003csvg onload=alert(4)>"), std::string::npos);
  EXPECT_NE(page.find("\"mode\":\"export\""), std::string::npos);
  EXPECT_EQ(page.find("src=\"http"), std::string::npos);  // self-contained: nothing loaded from elsewhere
}

TEST(MpiView, ServesOnLoopbackWithATokenAndStopsOnSigterm) {
  TempDir dir;
  const auto anchor = write_hostile_trace(dir.path());
  ServedView view({"--no-findings", anchor.string()});
  ASSERT_NE(view.port(), 0) << "no URL printed";
  EXPECT_EQ(view.token().size(), 32U);
  const auto listening = listening_addresses(view.port());
  ASSERT_FALSE(listening.empty());
  for (const std::string& address : listening) {
    EXPECT_EQ(address, "127.0.0.1");
  }
  for (const std::string& address : non_loopback_ipv4_addresses()) {
    EXPECT_FALSE(can_connect(address, view.port())) << address;
  }
  EXPECT_EQ(http_get(view.port(), "/api/meta").status, 403);
  const auto meta = http_get(view.port(), "/api/meta?token=" + view.token());
  ASSERT_EQ(meta.status, 200);
  EXPECT_EQ(nlohmann::json::parse(meta.body)["lanes"].size(), 4U);
  EXPECT_EQ(view.stop(), 0);
}

TEST(MpiView, GivenPortTokenAndFindingsAreUsed) {
  TempDir dir;
  const auto anchor = write_hostile_trace(dir.path());
  write_hostile_findings(dir.path() / "findings.json");
  ServedView view(
      {"--token", "abcdefgh12345678", "--findings", (dir.path() / "findings.json").string(), anchor.string()});
  ASSERT_NE(view.port(), 0);
  EXPECT_EQ(view.token(), "abcdefgh12345678");
  nlohmann::json findings;
  for (int attempt = 0; attempt < 100; ++attempt) {
    findings = nlohmann::json::parse(http_get(view.port(), "/api/findings?token=abcdefgh12345678").body);
    if (!findings.contains("pending")) {
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(findings["findings"].size(), 1U);
  EXPECT_EQ(findings["findings"][0]["calls"][0]["lane"], 1);
}

}  // namespace
}  // namespace mpisight::testkit
