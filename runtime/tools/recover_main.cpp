// mpisight-recover DIR: turns the journals of a run that crashed, aborted or was killed into DIR/traces.otf2.
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "otf2/convert.hpp"

namespace {

std::string join(const auto& items) {
  std::string text;
  for (const auto& item : items) {
    if (!text.empty()) {
      text += ", ";
    }
    if constexpr (std::is_same_v<std::decay_t<decltype(item)>, std::string>) {
      text += item;
    } else {
      text += std::to_string(item);
    }
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || std::string_view(argv[1]) == "--help" || std::string_view(argv[1]).starts_with('-')) {
    std::fprintf(stderr, "usage: mpisight-recover TRACE_DIR\n");
    return (argc == 2 && std::string_view(argv[1]) == "--help") ? 0 : 2;
  }
  const std::string dir = argv[1];
  try {
    const mpisight::otf2::RecoveryReport report = mpisight::otf2::recover(dir);
    std::fprintf(stderr, "mpisight-recover: recovered %zu of %d ranks into %s/traces.otf2\n",
                 report.converted_ranks.size(), report.world_size, dir.c_str());
    if (!report.missing_ranks.empty()) {
      std::fprintf(stderr, "mpisight-recover: no journal for ranks %s\n", join(report.missing_ranks).c_str());
    }
    if (!report.skipped.empty()) {
      std::fprintf(stderr, "mpisight-recover: skipped processes that died inside MPI_Init: %s\n",
                   join(report.skipped).c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mpisight-recover: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
