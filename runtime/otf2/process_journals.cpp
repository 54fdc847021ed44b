// Groups journals by process and derives the process-wide clock information from their records.
#include "otf2/process_journals.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <tuple>

#include "core/module_map.hpp"

namespace mpisight::otf2 {
namespace {

std::string local_host() {
  char buffer[256] = {};
  return gethostname(buffer, sizeof(buffer) - 1) == 0 ? std::string(buffer) : std::string();
}

}  // namespace

ProcessJournals load_process(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    throw std::runtime_error("no journals to convert");
  }
  ProcessJournals process;
  for (const std::string& path : paths) {
    process.threads.emplace_back(path);
  }
  std::sort(process.threads.begin(), process.threads.end(),
            [](const journal::JournalReader& a, const journal::JournalReader& b) {
              return a.header().thread_index < b.header().thread_index;
            });
  const journal::FileHeader& first = process.threads.front().header();
  process.pid = first.pid;
  process.host = first.host;
  process.module_map_path = modules::module_map_path_for_journal(process.threads.front().path());
  for (const journal::JournalReader& thread : process.threads) {
    const journal::FileHeader& header = thread.header();
    process.rank = std::max(process.rank, header.world_rank);
    process.world_size = std::max(process.world_size, header.world_size);
    if (header.pid != process.pid || process.host != header.host || header.clock_kind != first.clock_kind) {
      throw std::runtime_error("journals '" + thread.path() + "' and '" + process.threads.front().path() +
                               "' belong to different processes");
    }
  }

  std::vector<Anchor> anchors;
  std::vector<std::pair<std::uint64_t, journal::ClockOffset>> offset_records;
  for (const journal::JournalReader& thread : process.threads) {
    thread.for_each([&](const journal::RecordView& record) {
      if (record.kind() == journal::Kind::kClockAnchor) {
        const auto anchor = record.as<journal::ClockAnchor>();
        anchors.push_back({anchor.header.ticks, anchor.monotonic_ns, anchor.realtime_ns});
      } else if (record.kind() == journal::Kind::kClockOffset) {
        offset_records.emplace_back(record.ticks(), record.as<journal::ClockOffset>());
      }
    });
  }
  // A run too short for two anchors is timed with this machine's rate, which is only right on the same host.
  const bool few_anchors = anchors.size() < 2 && first.clock_kind == journal::ClockKind::kTsc;
  const double fallback = few_anchors && process.host == local_host() ? measure_ns_per_tick() : 1.0 / 3.0;
  process.mapping = TickMapping(first.clock_kind, std::move(anchors), fallback);
  for (const auto& [ticks, offset] : offset_records) {
    process.offsets.push_back({process.mapping.to_ns(ticks), offset.offset_ns, offset.deviation_ns});
  }
  std::sort(process.offsets.begin(), process.offsets.end(),
            [](const ClockOffsetSample& a, const ClockOffsetSample& b) { return a.local_ns < b.local_ns; });
  return process;
}

std::vector<ProcessJournals> load_all_processes(const std::string& journal_dir, std::vector<std::string>& skipped) {
  std::error_code error;
  std::filesystem::directory_iterator entries(journal_dir, error);
  if (error) {
    throw std::runtime_error("cannot read '" + journal_dir + "': " + error.message());
  }
  std::map<std::tuple<std::string, std::uint32_t>, std::vector<std::string>> by_process;
  for (const auto& entry : entries) {
    if (entry.path().extension() != ".journal") {
      continue;
    }
    const journal::JournalReader reader(entry.path().string());
    by_process[{reader.header().host, reader.header().pid}].push_back(entry.path().string());
  }
  std::vector<ProcessJournals> processes;
  for (const auto& [key, paths] : by_process) {
    ProcessJournals process = load_process(paths);
    if (process.rank == journal::kUnknownRank) {
      skipped.push_back(std::get<0>(key) + " pid " + std::to_string(std::get<1>(key)));
      continue;
    }
    processes.push_back(std::move(process));
  }
  std::sort(processes.begin(), processes.end(),
            [](const ProcessJournals& a, const ProcessJournals& b) { return a.rank < b.rank; });
  return processes;
}

}  // namespace mpisight::otf2
