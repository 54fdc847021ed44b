// The C++ API's call-site hook (runtime/include/mpisight/trace_hook.h): a thread-local current site that Enter
// records instead of the return address. Each thread names a (file, function) pair in its journal once, under a
// process-wide site id, so conversion (in this process or in mpisight-recover) reads the strings from the journal.
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>

#include "core/recorder.hpp"
#include "include/mpisight/trace_hook.h"

namespace mpisight::interpose {
namespace {

std::atomic<std::uint32_t> g_next_site_id{0};

struct NamedSite {
  const char* file = nullptr;
  const char* function = nullptr;
  std::uint32_t id = 0;
};

// Direct-mapped by the string pointers: a collision only names a site once more.
constexpr std::size_t kSiteCache = 256;
thread_local std::array<NamedSite, kSiteCache> t_sites{};

std::uint32_t site_id(const char* file, const char* function) noexcept {
  const auto key = reinterpret_cast<std::uintptr_t>(file) ^ (reinterpret_cast<std::uintptr_t>(function) * 31U);
  NamedSite& cached = t_sites[(key >> 3U) % kSiteCache];
  if (cached.file == file && cached.function == function) {
    return cached.id;
  }
  const std::uint32_t id = g_next_site_id.fetch_add(1, std::memory_order_relaxed) & 0x7fffffffU;
  recorder::record_site_name(recorder::this_thread(), id, file, function);
  cached = {file, function, id};
  return id;
}

}  // namespace
}  // namespace mpisight::interpose

extern "C" __attribute__((visibility("default"))) void mpisight_call_site_begin(const char* file, unsigned line,
                                                                                const char* function) {
  using namespace mpisight;
  recorder::ThreadState& state = recorder::this_thread();
  if (!recorder::recording() || state.depth != 0 || file == nullptr) {
    state.site = 0;
    return;
  }
  state.site = journal::hook_site(interpose::site_id(file, function != nullptr ? function : ""), line);
}

extern "C" __attribute__((visibility("default"))) void mpisight_call_site_end(void) {
  mpisight::recorder::this_thread().site = 0;
}
