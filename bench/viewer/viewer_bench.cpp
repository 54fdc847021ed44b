// Measures mpi-view's server side on one trace: index build (cold, and with the progress mpi-view serves from
// meanwhile) and load (cached), the work before first paint (meta + one whole-trace tile as JSON), tile latency
// at random zooms, and the window summary.
// usage: viewer_bench TRACE [tiles]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "api/api_json.hpp"
#include "api/window_summary.hpp"
#include "index/build_progress.hpp"
#include "index/index_builder.hpp"
#include "index/index_file.hpp"
#include "tiles/tile_engine.hpp"

namespace {

using namespace mpisight::viewer;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void report(const char* what, std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  const auto at = [&](double q) {
    return samples[static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1))];
  };
  std::cout << what << ": p50 " << at(0.5) << " ms, p95 " << at(0.95) << " ms, max " << samples.back() << " ms ("
            << samples.size() << " requests)\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: viewer_bench TRACE [tiles]\n";
    return 2;
  }
  const std::filesystem::path trace = argv[1];
  const int tiles = argc > 2 ? std::atoi(argv[2]) : 200;
  std::filesystem::path anchor = std::filesystem::is_directory(trace) ? trace / "traces.otf2" : trace;
  std::filesystem::remove(index_path_for(anchor));

  auto start = Clock::now();
  const OpenedIndex built = open_index(anchor);
  std::cout << "index build (cold, streams the trace once): " << ms_since(start) << " ms; " << built.index.spans.size()
            << " calls, " << built.index.messages.size() << " messages, " << built.index.collectives.size()
            << " collectives, " << built.index.lanes.size() << " lanes; index file "
            << std::filesystem::file_size(index_path_for(anchor)) / (1024 * 1024) << " MiB\n";

  // As mpi-view serves a trace without cached index: the lanes and coarse view come first, the index later.
  {
    BuildProgress progress;
    std::atomic<double> first_view_ms{-1};
    start = Clock::now();
    std::thread watcher([&] {
      while (!progress.snapshot().started) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      first_view_ms = ms_since(start);
    });
    const TraceIndex index = build_index(anchor, &progress);
    const double total_ms = ms_since(start);
    watcher.join();
    std::cout << "index build with progress (mpi-view's cold path): lanes and coarse view after " << first_view_ms
              << " ms, whole index after " << total_ms << " ms (" << index.spans.size() << " calls)\n";
  }

  start = Clock::now();
  const OpenedIndex opened = open_index(anchor);
  const double load_ms = ms_since(start);
  start = Clock::now();
  const TileEngine engine(opened.index);
  const double engine_ms = ms_since(start);
  start = Clock::now();
  const std::string meta = meta_to_json(opened.index).dump();
  const TraceIndex& index = opened.index;
  const std::string first = tile_to_json(engine.query({index.begin_ns, index.end_ns, 1400, {}}));
  const double first_tile_ms = ms_since(start);
  std::cout << "index load (cached): " << load_ms << " ms; summary pyramid: " << engine_ms
            << " ms; meta + whole-trace tile (1400 px, " << first.size() / 1024 << " KiB JSON): " << first_tile_ms
            << " ms\n"
            << "server side of first paint (cached index): " << load_ms + engine_ms + first_tile_ms << " ms\n";

  std::mt19937_64 random(42);
  const double length = static_cast<double>(index.end_ns - index.begin_ns);
  std::vector<double> samples;
  std::size_t bytes = 0;
  for (int i = 0; i < tiles; ++i) {
    // Window widths spread over six orders of magnitude, from the whole trace down to a millionth of it.
    const double width = length * std::pow(10.0, -6.0 * std::uniform_real_distribution<double>(0, 1)(random));
    const double begin = std::uniform_real_distribution<double>(0, length - width)(random);
    const auto t0 = index.begin_ns + static_cast<std::int64_t>(begin);
    const auto t1 = t0 + std::max<std::int64_t>(1000, static_cast<std::int64_t>(width));
    start = Clock::now();
    bytes += tile_to_json(engine.query({t0, t1, 1400, {}})).size();
    samples.push_back(ms_since(start));
  }
  report("tile (query + JSON, 1400 px, random zoom)", samples);
  std::cout << "mean tile size: " << bytes / static_cast<std::size_t>(std::max(tiles, 1)) / 1024 << " KiB\n";

  samples.clear();
  for (int i = 0; i < 5; ++i) {
    start = Clock::now();
    (void)window_summary(index, index.begin_ns, index.end_ns).dump();
    samples.push_back(ms_since(start));
  }
  report("panels summary of the whole trace", samples);
  return 0;
}
