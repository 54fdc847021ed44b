// mpi-view: serve the timeline on loopback while the trace's index is opened or built, or write one HTML file.
// Exit status: 0 done, 2 bad flags or a trace that cannot be read (one line on stderr).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <thread>
#include <vector>

#include "cli/view_options.hpp"
#include "export/export_html.hpp"
#include "findings/findings.hpp"
#include "index/index_builder.hpp"
#include "index/index_file.hpp"
#include "server/http_server.hpp"
#include "server/live_index.hpp"
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

int export_file(const ViewOptions& options) {
  OpenedIndex opened = open_index(options.trace);
  const TraceIndex& index = opened.index;
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

// Serves as soon as the trace's definitions are read: a cached index is ready at once; otherwise the index is
// built on a second thread while the page shows the lanes and a coarse view (BuildProgress), then findings.
int serve(const ViewOptions& options) {
  BuildProgress progress;
  LiveIndex live(progress);
  std::promise<Json> findings_promise;
  std::shared_future<Json> findings = findings_promise.get_future().share();
  std::atomic<bool> built{false};
  std::promise<void> failed_promise;
  std::future<void> failed = failed_promise.get_future();
  std::thread builder([&] {
    try {
      std::optional<TraceIndex> cached = load_cached_index(options.trace, &progress);
      const bool from_cache = cached.has_value();
      live.set_ready(from_cache ? std::move(*cached) : build_index(options.trace, &progress));
      const TraceIndex& index = live.engine()->index();
      std::cerr << "mpi-view: " << index.lanes.size() << " lanes, " << index.spans.size() << " calls, "
                << index.messages.size() << " messages" << (from_cache ? " (cached index)" : " (index built)") << '\n';
      if (!from_cache) {
        // After the page has it: writing costs seconds on big traces.
        (void)cache_index(index, progress.coarse(), options.trace);
      }
      built = true;
      findings_promise.set_value(load_findings(options, index));
    } catch (...) {
      built = true;
      failed_promise.set_exception(std::current_exception());
      g_stop = true;
    }
  });
  // Until the page has something to show: the lanes (building) or the whole index (cached), or the error.
  while (!progress.snapshot().started && live.engine() == nullptr &&
         failed.wait_for(std::chrono::milliseconds(5)) != std::future_status::ready) {
  }
  int status = kExitOk;
  auto finish = [&] {
    builder.join();
    if (failed.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      try {
        failed.get();
      } catch (const std::exception& error) {
        status = fail(error.what());
      }
    }
    return status;
  };
  if (failed.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    return finish();
  }
  HttpServer server(options.port, options.token.value_or(random_token()));
  Routes routes(live, findings, random_token());
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  if (live.engine() == nullptr) {
    const TraceIndex& skeleton = progress.skeleton();
    std::cout << "mpi-view: " << skeleton.lanes.size() << " lanes, " << progress.snapshot().total_events
              << " events; building the index while serving" << '\n';
  }
  std::cout << "mpi-view: open " << server.url() << '\n' << std::flush;
  server.serve([&](const mpisight::viewer::HttpRequest& request) { return routes(request); }, g_stop);
  if (live.engine() == nullptr && !built) {
    // Stopped while still indexing: nothing worth waiting for (the index is cached only when complete).
    std::cout << std::flush;
    std::_Exit(kExitOk);
  }
  return finish();
}

int run(const ViewOptions& options) {
  return options.export_html ? export_file(options) : serve(options);
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
