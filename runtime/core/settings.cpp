// Reads the recorder's configuration from the environment once; bad values fall back with a warning. Every
// process of a job reads the same environment, so only the job's first process prints that warning.
#include <cerrno>
#include <cstdlib>
#include <string>

#include "core/filter.hpp"
#include "core/no_destroy.hpp"
#include "core/recorder.hpp"

namespace mpisight::recorder {
namespace {

constexpr std::size_t kDefaultChunkKb = 1024;
constexpr std::size_t kDefaultJournalLimitMb = 1024;
constexpr std::size_t kMinChunkKb = 64;

std::size_t size_from_env(const char* name, std::size_t fallback, std::size_t minimum) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') {
    return fallback;
  }
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0' || value < minimum) {
    warn_once_per_job(std::string(name) + "='" + text + "' is not a whole number >= " + std::to_string(minimum) +
                      "; using " + std::to_string(fallback));
    return fallback;
  }
  return static_cast<std::size_t>(value);
}

std::string text_from_env(const char* name) {
  const char* text = std::getenv(name);
  return text != nullptr ? text : "";
}

std::vector<bool> filter_from_env() {
  FunctionFilter filter = parse_filter(text_from_env("MPISIGHT_FILTER"));
  if (!filter.rejected.empty()) {
    std::string ignored;
    for (const std::string& rule : filter.rejected) {
      ignored += (ignored.empty() ? "" : ", ") + rule;
    }
    warn_once_per_job("MPISIGHT_FILTER: ignoring " + ignored + "; the other rules apply");
  }
  return std::move(filter.recorded);
}

bool pcontrol_switches_from_env() {
  const std::string mode = text_from_env("MPISIGHT_PCONTROL");
  if (mode == "ignore") {
    return false;
  }
  if (!mode.empty() && mode != "obey") {
    warn_once_per_job("MPISIGHT_PCONTROL='" + mode + "' is neither 'obey' nor 'ignore'; using obey");
  }
  return true;
}

Settings read_settings() {
  Settings result;
  if (const char* dir = std::getenv("MPISIGHT_TRACE_DIR")) {
    result.trace_dir = dir;
  }
  // The mapped window is a whole number of pages so chunks can be mapped at their file offsets.
  const std::size_t chunk_kb = size_from_env("MPISIGHT_CHUNK_KB", kDefaultChunkKb, kMinChunkKb);
  result.chunk_bytes = (chunk_kb * 1024 + 4095) / 4096 * 4096;
  result.journal_limit_bytes = size_from_env("MPISIGHT_JOURNAL_LIMIT_MB", kDefaultJournalLimitMb, 1) * 1024 * 1024;
  result.recorded_functions = filter_from_env();
  result.pcontrol_switches = pcontrol_switches_from_env();
  return result;
}

}  // namespace

const Settings& settings() noexcept {
  static ::mpisight::detail::NoDestroy<const Settings> value(read_settings());  // read by threads still alive at exit
  return *value;
}

}  // namespace mpisight::recorder
