// mpi-view: open (or build) the trace's index, then serve the timeline on loopback or write it into one HTML file.
// Exit status: 0 done, 2 bad flags or a trace that cannot be read (one line on stderr).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <future>
#include <iostream>
#include <vector>

#include "cli/view_options.hpp"
#include "export/export_html.hpp"
#include "findings/findings.hpp"
#include "index/index_file.hpp"
#include "server/http_server.hpp"
#include "server/routes.hpp"

namespace {

using namespace mpisight::viewer;
namespace fs = std::filesystem;

constexpr int kExitOk = 0;
constexpr int kExitError = 2;

std::atomic<bool> g_stop{false};

int fail(std::string_view message) {
  std::cerr << "mpi-view: error: " << message << '\n';
  return kExitError;
}

// mpi-analyze is installed next to mpi-view; in the build tree it lives in ../analyzer.
fs::path find_analyzer() {
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  for (const fs::path& candidate :
       {self.parent_path() / "mpi-analyze", self.parent_path() / "../analyzer/mpi-analyze"}) {
    if (fs::exists(candidate, error)) {
      return candidate;
    }
  }
  return "mpi-analyze";
}

Json load_findings(const ViewOptions& options, const TraceIndex& index) {
  if (options.no_findings) {
    return Json{{"findings", Json::array()}};
  }
  if (options.findings) {
    std::ifstream in(*options.findings);
    const Json report = Json::parse(in, nullptr, false);
    if (report.is_discarded()) {
      return Json{{"findings", Json::array()}, {"error", "cannot read findings file " + options.findings->string()}};
    }
    return place_findings(index, report);
  }
  return analyze_findings(index, find_analyzer());
}

int run(const ViewOptions& options) {
  OpenedIndex opened = open_index(options.trace);
  const TraceIndex& index = opened.index;
  if (options.export_html) {
    const std::string html = export_html(index, load_findings(options, index), random_token());
    std::ofstream out(*options.export_html, std::ios::binary | std::ios::trunc);
    out << html;
    out.flush();
    if (!out) {
      return fail("cannot write " + options.export_html->string());
    }
    std::cerr << "mpi-view: wrote " << options.export_html->string() << '\n';
    return kExitOk;
  }
  const TileEngine engine(index);
  std::shared_future<Json> findings =
      std::async(std::launch::async, [&options, &index] { return load_findings(options, index); }).share();
  HttpServer server(options.port, options.token.value_or(random_token()));
  Routes routes(engine, findings, random_token());
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  std::cout << "mpi-view: " << index.lanes.size() << " lanes, " << index.spans.size() << " calls, "
            << index.messages.size() << " messages" << (opened.from_cache ? " (cached index)" : "") << '\n'
            << "mpi-view: open " << server.url() << '\n'
            << std::flush;
  server.serve([&](const mpisight::viewer::HttpRequest& request) { return routes(request); }, g_stop);
  findings.wait();
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  ViewOptions options;
  try {
    options = parse_view_options(args);
  } catch (const ViewUsageError& error) {
    return fail(std::string(error.what()) + "; " + std::string(view_usage_line()));
  }
  if (options.help) {
    std::cout << view_help_text();
    return kExitOk;
  }
  try {
    return run(options);
  } catch (const std::exception& error) {
    return fail(error.what());
  }
}
