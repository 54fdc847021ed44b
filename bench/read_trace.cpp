// Reads a trace's events with a consumer that does nothing but count them, once through the direct decoder and
// once through OTF2's library, and prints events, CPU seconds and events per CPU second for each, plus a checksum
// over the events' kinds, locations and times (equal checksums: both readers agree on the stream).
// Usage: read_trace <trace dir or anchor> [direct|library|both (default)]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string_view>

#include "trace/trace_error.hpp"
#include "trace/trace_reader.hpp"

namespace {

double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

void measure(const char* path, bool library) {
  if (library) {
    setenv("MPISIGHT_OTF2_LIBRARY_READER", "1", 1);
  } else {
    unsetenv("MPISIGHT_OTF2_LIBRARY_READER");
  }
  const double start = cpu_seconds();
  mpisight::trace::TraceReader reader(path);
  std::uint64_t events = 0;
  std::uint64_t checksum = 0;
  reader.read_events([&](const mpisight::trace::Event& event) {
    ++events;
    checksum = checksum * 31 + event.index() + mpisight::trace::event_location(event) * 7 +
               static_cast<std::uint64_t>(mpisight::trace::event_time_ns(event));
  });
  const double cpu = cpu_seconds() - start;
  std::printf("%-8s events %llu cpu_seconds %.2f events_per_cpu_second %.2f M checksum %016llx\n",
              library ? "library" : "direct", static_cast<unsigned long long>(events), cpu,
              static_cast<double>(events) / cpu / 1e6, static_cast<unsigned long long>(checksum));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: read_trace <trace> [direct|library|both]\n");
    return 2;
  }
  const std::string_view which = argc > 2 ? argv[2] : "both";
  try {
    if (which != "library") {
      measure(argv[1], false);
    }
    if (which != "direct") {
      measure(argv[1], true);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "read_trace: %s\n", error.what());
    return 1;
  }
  return 0;
}
