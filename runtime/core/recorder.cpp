// The recorder's slow paths: opening a thread's journal, switching chunks, limits, anchors and stopping.
// The window is reserved with posix_fallocate before it is mapped (a full disk can never SIGBUS a write into
// it), and full chunks leave it by pwrite(), whose errors stop tracing with a warning instead.
#include "core/recorder.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/filter.hpp"
#include "core/function_info.hpp"
#include "core/no_destroy.hpp"

namespace mpisight::recorder {

constinit thread_local ThreadState t_state __attribute__((tls_model("initial-exec"))){};

namespace detail {
std::atomic<bool> g_recording{false};
constinit std::array<std::atomic<bool>, kMaxFunctions> g_records{};
}  // namespace detail

namespace {

// Anchors pair ticks with CLOCK_MONOTONIC about every 50 ms of activity (2^27 TSC ticks at ~3 GHz).
constexpr std::uint64_t kAnchorIntervalTsc = 1ULL << 27U;
constexpr std::uint64_t kAnchorIntervalNs = 50'000'000ULL;
constexpr int kAnchorAttempts = 5;
constexpr std::uint64_t kAnchorGoodSpread = 1000;  // ticks (or ns): ~0.3 us, several times an undisturbed read
// Every chunk keeps room for the record that says why the journal ends.
constexpr std::size_t kStopReserve = sizeof(journal::TracingStopped);

struct Journal {
  int fd = -1;
  std::string path;
  journal::FileHeader* header = nullptr;  // stays mapped so MPI_Init can fill in the rank
  std::byte* window = nullptr;            // mapped for the journal's lifetime
  std::size_t chunk_index = 0;            // of the chunk the window holds
  std::size_t reserved_bytes = 0;         // the file's blocks are allocated up to here
  bool reserves = true;                   // false once the file system refused fallocate()
};

struct Registry {
  std::mutex mutex;  // slow path only: journal creation, rank updates
  std::vector<std::unique_ptr<Journal>> journals;
  std::uint32_t next_thread_index = 0;
  std::atomic<int> rank{journal::kUnknownRank};
  std::atomic<int> size{0};
  std::atomic<bool> failed{false};
  std::atomic<bool> warned{false};
};

::mpisight::detail::NoDestroy<Registry> g_registry;
thread_local Journal* t_journal __attribute__((tls_model("initial-exec"))) = nullptr;

// What decides the per-function switches besides the filter. MPI_Pcontrol and MPI_Finalize may change it from
// different threads at once; each rewrite of the switches reads it under the lock, so the last change wins whole.
struct Switches {
  std::mutex mutex;
  bool paused = false;
};

// A function-local static: the load-time constructor below may run before this file's globals are built.
Switches& switches() {
  static ::mpisight::detail::NoDestroy<Switches> value;
  return *value;
}

// Rewrites every switch; `paused`, if given, is the new pause state.
void update_switches(std::optional<bool> paused = std::nullopt) {
  const auto table = function_table();
  const std::vector<bool>& filtered_in = settings().recorded_functions;
  Switches& state = switches();
  std::lock_guard lock(state.mutex);
  state.paused = paused.value_or(state.paused);
  const bool on = detail::g_recording.load();
  for (std::size_t fn = 0; fn < table.size() && fn < kMaxFunctions; ++fn) {
    const bool wanted = state.paused ? always_recorded(table[fn].name) : filtered_in[fn];
    detail::g_records[fn].store(on && wanted, std::memory_order_relaxed);
  }
}

// Runs when the library loads, before any MPI call can be wrapped.
__attribute__((constructor)) void configure_recording() {
  detail::g_recording.store(!settings().trace_dir.empty(), std::memory_order_relaxed);
  update_switches();
}

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof(buffer) - 1) != 0) {
    return "unknown-host";
  }
  return buffer;
}

// <journal dir>/<host>.<pid>: every file of this process in the journal directory starts with it.
std::string process_stem() {
  static const std::string kHost = host_name();
  return journal_dir() + "/" + kHost + "." + std::to_string(getpid());
}

// Only one process of the job reports an unusable trace directory: every rank would say the same.
bool is_launch_rank_zero() {
  const char* pmi_rank = std::getenv("PMI_RANK");
  return pmi_rank == nullptr || std::strcmp(pmi_rank, "0") == 0;
}

void report_stop(const std::string& why, bool every_rank_sees_it) {
  Registry& registry = *g_registry;
  registry.failed.store(true);
  if (every_rank_sees_it && !is_launch_rank_zero()) {
    return;
  }
  if (!registry.warned.exchange(true)) {
    warn("tracing stopped: " + why + "; the program continues untraced");
  }
}

enum class MapResult { kOk, kLimit, kNoSpace, kFailed };

std::size_t window_offset() {
  return journal::kHeaderBytes;
}
std::size_t chunk_offset(std::size_t index) {
  return journal::kHeaderBytes + (index + 1) * settings().chunk_bytes;
}

// Declares the window to hold chunk `index`: its ChunkStart record is written only once the window is clean.
void start_chunk(Journal& journal, std::size_t index) {
  std::atomic_ref<std::uint64_t>(journal.header->window_chunk).store(index, std::memory_order_release);
  std::memset(journal.window, 0, settings().chunk_bytes);
  journal::commit(journal.window, journal::ChunkStart{{.arg = static_cast<std::uint32_t>(index)}});
  journal.chunk_index = index;
}

bool write_fully(int fd, const std::byte* data, std::size_t bytes, std::size_t offset) {
  while (bytes > 0) {
    const ssize_t written = pwrite(fd, data, bytes, static_cast<off_t>(offset));
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      if (written == 0) {
        errno = ENOSPC;
      }
      return false;
    }
    data += written;
    bytes -= static_cast<std::size_t>(written);
    offset += static_cast<std::size_t>(written);
  }
  return true;
}

// Chunks whose disk blocks are allocated ahead at most: writing into allocated blocks costs the writer about a
// third less than letting every write allocate its own (ext4 delayed allocation), README "Performance".
constexpr std::size_t kReserveAheadChunks = 16;

// Allocates the file's blocks for chunk `index` and some after it (as many as were written before, up to
// kReserveAheadChunks, within the journal limit). False with errno set when the disk is full; file systems without
// fallocate() just write without it.
bool reserve_chunk(Journal& journal, std::size_t index) {
  const Settings& config = settings();
  const std::size_t needed = chunk_offset(index) + config.chunk_bytes;
  if (!journal.reserves || needed <= journal.reserved_bytes) {
    return true;
  }
  // flush_window() places chunk i only while (i + 2) chunks fit the limit.
  const std::size_t limit_chunks = config.journal_limit_bytes / config.chunk_bytes;
  const std::size_t last_allowed = std::max(index, limit_chunks >= 2 ? limit_chunks - 2 : 0);
  const std::size_t last = std::min(index + std::clamp<std::size_t>(index, 1, kReserveAheadChunks), last_allowed);
  const std::size_t end = chunk_offset(last) + config.chunk_bytes;
  const off_t from = static_cast<off_t>(std::max(journal.reserved_bytes, chunk_offset(index)));
  if (fallocate(journal.fd, 0, from, static_cast<off_t>(end) - from) == 0) {
    journal.reserved_bytes = end;
    return true;
  }
  if (errno == EOPNOTSUPP || errno == ENOSYS || errno == EINVAL) {
    journal.reserves = false;
    return true;
  }
  return false;
}

// Moves the full window to its place in the file and starts the next chunk in it.
MapResult flush_window(Journal& journal) {
  const Settings& config = settings();
  const std::size_t next = journal.chunk_index + 1;
  if ((next + 1) * config.chunk_bytes > config.journal_limit_bytes) {
    return MapResult::kLimit;
  }
  if (!reserve_chunk(journal, journal.chunk_index) ||
      !write_fully(journal.fd, journal.window, config.chunk_bytes, chunk_offset(journal.chunk_index))) {
    return errno == ENOSPC || errno == EFBIG || errno == EDQUOT ? MapResult::kNoSpace : MapResult::kFailed;
  }
  start_chunk(journal, next);
  return MapResult::kOk;
}

std::unique_ptr<Journal> create_journal(std::uint32_t thread_index, std::string& error) {
  const Settings& config = settings();
  const std::string dir = journal_dir();
  std::error_code ignored;
  std::filesystem::create_directories(dir, ignored);
  auto journal = std::make_unique<Journal>();
  journal->path = process_stem() + "." + std::to_string(thread_index) + ".journal";
  journal->fd = open(journal->path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (journal->fd < 0) {
    error = "cannot create '" + journal->path + "': " + std::strerror(errno);
    return nullptr;
  }
  void* header = MAP_FAILED;
  void* window = MAP_FAILED;
  journal->reserved_bytes = window_offset() + config.chunk_bytes;
  if (posix_fallocate(journal->fd, 0, static_cast<off_t>(journal->reserved_bytes)) == 0) {
    header = mmap(nullptr, journal::kHeaderBytes, PROT_READ | PROT_WRITE, MAP_SHARED, journal->fd, 0);
    window = mmap(nullptr, config.chunk_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, journal->fd,
                  static_cast<off_t>(window_offset()));
  }
  if (header == MAP_FAILED || window == MAP_FAILED) {
    error = "cannot map '" + journal->path + "': " + std::strerror(errno);
    close(journal->fd);
    return nullptr;
  }
  journal->header = static_cast<journal::FileHeader*>(header);
  journal->window = static_cast<std::byte*>(window);
  start_chunk(*journal, 0);
  journal::FileHeader& h = *journal->header;
  h.version = journal::kVersion;
  h.header_bytes = journal::kHeaderBytes;
  h.chunk_bytes = config.chunk_bytes;
  h.world_rank = g_registry->rank.load();
  h.world_size = g_registry->size.load();
  h.pid = static_cast<std::uint32_t>(getpid());
  h.thread_index = thread_index;
  h.clock_kind = clock::kind();
  std::strncpy(h.host, host_name().c_str(), sizeof(h.host) - 1);
  std::atomic_thread_fence(std::memory_order_release);
  std::memcpy(h.magic, journal::kMagic, sizeof(h.magic));  // last: a reader trusts nothing without it
  return journal;
}

void point_state_at_window(ThreadState& state, const Journal& journal) {
  state.cursor = journal.window + sizeof(journal::ChunkStart);
  state.limit = journal.window + settings().chunk_bytes - kStopReserve;
  state.last_compact.clear();  // a new chunk: repeats must first write what they repeat again
}

// Ends this thread's journal with a record saying why; the reserved tail always has room for it.
void stop_thread(ThreadState& state, journal::StopReason reason) {
  if (state.stopped != 0) {
    return;
  }
  state.stopped = 1;
  if (state.cursor != nullptr) {
    journal::commit(state.cursor,
                    journal::TracingStopped{{.arg = static_cast<std::uint32_t>(reason), .ticks = clock::ticks()}});
  }
  state.cursor = nullptr;
  state.limit = nullptr;
}

// Closes the journal when its thread exits, so a finished thread's journal ends with a clean record.
struct ThreadExitCloser {
  ThreadExitCloser() = default;
  ThreadExitCloser(const ThreadExitCloser&) = delete;
  ThreadExitCloser& operator=(const ThreadExitCloser&) = delete;
  ~ThreadExitCloser() { stop_thread(t_state, journal::StopReason::kThreadExit); }
};

Journal* open_thread_journal() {
  Registry& registry = *g_registry;
  std::string error;
  std::unique_ptr<Journal> created;
  {
    std::lock_guard lock(registry.mutex);
    created = create_journal(registry.next_thread_index, error);
    if (created) {
      ++registry.next_thread_index;
      registry.journals.push_back(std::move(created));
      return registry.journals.back().get();
    }
  }
  report_stop(error, true);
  return nullptr;
}

void report_map_failure(MapResult result) {
  switch (result) {
    case MapResult::kLimit:
      report_stop("a thread's journal reached MPISIGHT_JOURNAL_LIMIT_MB=" +
                      std::to_string(settings().journal_limit_bytes / (std::size_t{1024} * 1024)),
                  false);
      break;
    case MapResult::kNoSpace:
      report_stop("a journal in " + settings().trace_dir + " cannot grow: " + std::strerror(errno), false);
      break;
    default: report_stop(std::string("cannot grow a journal: ") + std::strerror(errno), false); break;
  }
}

}  // namespace

std::byte* detail::reserve_slow(ThreadState& state, std::size_t bytes) noexcept {
  if (state.stopped != 0 || bytes > settings().chunk_bytes - kStopReserve) {
    return nullptr;
  }
  try {
    if (t_journal == nullptr) {
      if (!recording()) {
        return nullptr;
      }
      t_journal = open_thread_journal();
      if (t_journal == nullptr) {
        state.stopped = 1;
        return nullptr;
      }
      thread_local ThreadExitCloser closer;
      point_state_at_window(state, *t_journal);
    } else {
      const MapResult result = flush_window(*t_journal);
      if (result != MapResult::kOk) {
        const int cause = errno;
        stop_thread(state,
                    result == MapResult::kLimit ? journal::StopReason::kLimitReached : journal::StopReason::kNoSpace);
        errno = cause;
        report_map_failure(result);
        return nullptr;
      }
      point_state_at_window(state, *t_journal);
    }
  } catch (...) {  // bad_alloc in the registry: stop tracing this thread rather than the program
    state.stopped = 1;
    return nullptr;
  }
  std::byte* at = state.cursor;
  state.cursor += bytes;
  return at;
}

void detail::write_anchor(ThreadState& state, std::uint64_t ticks) noexcept {
  state.next_anchor_ticks =
      ticks + (clock::kind() == journal::ClockKind::kTsc ? kAnchorIntervalTsc : kAnchorIntervalNs);
  // A thread preempted between the reads pairs ticks with a stale clock; keep the tightest of a few tries.
  journal::ClockAnchor anchor{};
  std::uint64_t best_spread = ~0ULL;
  for (int attempt = 0; attempt < kAnchorAttempts && best_spread > kAnchorGoodSpread; ++attempt) {
    const std::uint64_t before = clock::ticks();
    const std::uint64_t monotonic = clock::monotonic_ns();
    const std::uint64_t realtime = clock::realtime_ns();
    const std::uint64_t after = clock::ticks();
    if (after - before < best_spread) {
      best_spread = after - before;
      anchor = {{.ticks = before + (after - before) / 2}, monotonic, realtime};
    }
  }
  if (std::byte* at = reserve(state, sizeof(anchor))) {
    journal::commit(at, anchor);
    state.last_ticks = anchor.header.ticks;
  }
}

void record_site_name(ThreadState& state, std::uint32_t site_id, std::string_view file,
                      std::string_view function) noexcept {
  file = file.substr(0, journal::kMaxSiteNameBytes);
  function = function.substr(0, journal::kMaxSiteNameBytes);
  const std::size_t bytes = (sizeof(journal::SiteName) + file.size() + function.size() + 7) / 8 * 8;
  std::byte* at = reserve(state, bytes);
  if (at == nullptr) {
    return;
  }
  // The space is zero-filled: write the body, then commit the header word last.
  const journal::SiteName head{{.ticks = state.last_ticks},
                               static_cast<std::uint32_t>(file.size()),
                               static_cast<std::uint32_t>(function.size())};
  std::memcpy(at + 8, reinterpret_cast<const std::byte*>(&head) + 8, sizeof(head) - 8);
  std::memcpy(at + sizeof(head), file.data(), file.size());
  std::memcpy(at + sizeof(head) + file.size(), function.data(), function.size());
  journal::commit_head(at, journal::Kind::kSiteName, static_cast<std::uint16_t>(bytes / 8), site_id);
}

void set_world(int rank, int size) noexcept {
  Registry& registry = *g_registry;
  std::lock_guard lock(registry.mutex);
  registry.rank.store(rank);
  registry.size.store(size);
  for (const auto& journal : registry.journals) {
    journal->header->world_rank = rank;
    journal->header->world_size = size;
  }
}

int world_rank() noexcept {
  return g_registry->rank.load();
}

int world_size() noexcept {
  return g_registry->size.load(std::memory_order_relaxed);
}

void stop_recording(journal::StopReason reason) noexcept {
  ThreadState& state = this_thread();
  if (recording() && state.stopped == 0) {
    detail::write_anchor(state, clock::ticks());  // the last anchor bounds the tick -> ns mapping
  }
  detail::g_recording.store(false);
  update_switches();
  stop_thread(state, reason);
}

void set_paused(bool paused) noexcept {
  update_switches(paused);
}

std::string journal_dir() {
  return settings().trace_dir + "/journals";
}

std::string module_map_path() {
  return process_stem() + ".modules";
}

std::vector<std::string> own_journal_paths() {
  Registry& registry = *g_registry;
  std::lock_guard lock(registry.mutex);
  std::vector<std::string> paths;
  paths.reserve(registry.journals.size());
  for (const auto& journal : registry.journals) {
    paths.push_back(journal->path);
  }
  return paths;
}

bool any_journal_failed() noexcept {
  return g_registry->failed.load();
}

void warn(const std::string& message) noexcept {
  const std::string line = "mpisight: " + message + "\n";
  // One write() call keeps the line whole when several ranks warn at once.
  [[maybe_unused]] const ssize_t written = write(STDERR_FILENO, line.data(), line.size());
}

void warn_once_per_job(const std::string& message) noexcept {
  if (is_launch_rank_zero()) {
    warn(message);
  }
}

}  // namespace mpisight::recorder
