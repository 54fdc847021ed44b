// What the recorder costs a blocking send + receive, chunk switches included, with no MPI in the way: CPU ns and
// journal bytes per send + receive when each message repeats the last one (compact repeats) and when each differs.
// Run: MPISIGHT_TRACE_DIR=$(mktemp -d) build/default/bench/record_cost [loops]; it removes its journals.
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "core/clock.hpp"
#include "core/compact_records.hpp"
#include "core/journal_reader.hpp"
#include "core/recorder.hpp"

namespace {

using namespace mpisight;

double thread_cpu_ns() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

// The records of one blocking send and one blocking receive, as interpose/semantics/p2p.hpp writes them.
void send_and_receive(recorder::ThreadState& state, std::int32_t tag) {
  const journal::MpiSend send{{.arg = 0}, 1, tag, 8, 0x4c000101, 8, 0x1000, 0x1008};
  // A false return (a delta that does not fit, after a clock anchor) would write the full forms: rare, left out.
  (void)recorder::record_compact(state, clock::ticks(), *journal::pack_enter_send(21, 0x401000, send));
  recorder::record_leave(state, clock::ticks(), 21);
  const journal::ReceiveWaits waits{{.arg = 0}, 1, tag};
  (void)recorder::record_compact(state, clock::ticks(), journal::pack_enter_receive(22, 0x401100, waits));
  const journal::MpiRecv receive{{.arg = 0}, 1, tag, 8, 0x4c000101, 8, 1, tag, 0x2000, 0x2008};
  (void)recorder::record_compact(state, clock::ticks(), *journal::pack_receive_leave(receive));
}

struct Figures {
  double ns_per_loop;
  double bytes_per_loop;
};

// Runs on a thread of its own, so each case starts its own journal.
Figures measure(long loops, bool repeated) {
  Figures figures{};
  std::thread([&] {
    recorder::ThreadState& state = recorder::this_thread();
    send_and_receive(state, 0);  // opens the journal outside the timed part
    const double begin = thread_cpu_ns();
    for (long i = 0; i < loops; ++i) {
      send_and_receive(state, repeated ? 0 : static_cast<std::int32_t>(i & 0xffff));
    }
    figures.ns_per_loop = (thread_cpu_ns() - begin) / static_cast<double>(loops);
    // Whole chunks written so far: exact enough over many chunks.
    const journal::JournalReader journal(recorder::own_journal_paths().back());
    const double written = static_cast<double>(journal.header().window_chunk * journal.header().chunk_bytes);
    figures.bytes_per_loop = written / static_cast<double>(loops);
  }).join();
  return figures;
}

}  // namespace

int main(int argc, char** argv) {
  if (!recorder::recording()) {
    std::fprintf(stderr, "record_cost: set MPISIGHT_TRACE_DIR to a scratch directory\n");
    return 2;
  }
  const long loops = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 2'000'000;
  for (const bool repeated : {true, false, true, false}) {
    const Figures figures = measure(loops, repeated);
    std::printf("%-9s send+receive: %6.1f cpu-ns, %5.1f journal bytes\n", repeated ? "repeated" : "differing",
                figures.ns_per_loop, figures.bytes_per_loop);
  }
  std::filesystem::remove_all(recorder::settings().trace_dir + "/journals");
  return 0;
}
