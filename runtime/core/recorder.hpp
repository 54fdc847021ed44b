// The recorder's hot path: each thread appends records to its own mapped journal chunk, with no lock,
// no allocation and no system call. Everything rare (opening, chunk switch, limits) is in recorder.cpp.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/compact_records.hpp"
#include "core/journal_format.hpp"

namespace mpisight::recorder {

// Zero-initialised per thread; a null cursor means "no chunk mapped yet", which sends the first record
// down the slow path that opens the journal.
struct ThreadState {
  std::byte* cursor;
  std::byte* limit;
  std::uint64_t next_anchor_ticks;
  std::uint64_t last_ticks;  // of the last record written: LeaveShort is stamped relative to it
  std::uint32_t depth;       // > 0 while inside a wrapped call: MPI's calls to itself are not the user's
  std::uint32_t stopped;
  std::uint64_t site;  // journal::hook_site() set by mpisight_call_site_begin(), or 0: Enter records it if set
  journal::LastCompact last_compact;  // in the current chunk: what a one-word repeat can stand for
};

extern constinit thread_local ThreadState t_state __attribute__((tls_model("initial-exec")));

// Room for one recording switch per wrapped MPI function (interpose/wrap.hpp asserts the count fits).
inline constexpr std::size_t kMaxFunctions = 1024;

namespace detail {
extern std::atomic<bool> g_recording;
// Per function: recording is on, the filter lets it through, and MPI_Pcontrol has not paused it.
extern std::array<std::atomic<bool>, kMaxFunctions> g_records;
std::byte* reserve_slow(ThreadState& state, std::size_t bytes) noexcept;
void write_anchor(ThreadState& state, std::uint64_t ticks) noexcept;
}  // namespace detail

[[nodiscard, gnu::always_inline]] inline ThreadState& this_thread() noexcept {
  return t_state;
}

// True while the process records; false before configuration, after finalize, or when tracing is off.
[[nodiscard, gnu::always_inline]] inline bool recording() noexcept {
  return detail::g_recording.load(std::memory_order_relaxed);
}

// Whether calls of function `fn` are recorded now: one load on the hot path.
[[nodiscard, gnu::always_inline]] inline bool records(std::size_t fn) noexcept {
  return detail::g_records[fn].load(std::memory_order_relaxed);
}

// Space for one record in this thread's journal, or nullptr when this thread no longer records.
[[nodiscard, gnu::always_inline]] inline std::byte* reserve(ThreadState& state, std::size_t bytes) noexcept {
  std::byte* at = state.cursor;
  if (static_cast<std::size_t>(state.limit - at) >= bytes && at != nullptr) [[likely]] {
    state.cursor = at + bytes;
    return at;
  }
  return detail::reserve_slow(state, bytes);
}

// Writes a record stamped `ticks`; anchors are written first whenever ~50 ms of ticks have passed.
template <journal::Record R>
[[gnu::always_inline]] inline void record(ThreadState& state, std::uint64_t ticks, R rec) noexcept {
  if (ticks >= state.next_anchor_ticks) [[unlikely]] {
    detail::write_anchor(state, ticks);
  }
  rec.header.ticks = ticks;
  if (std::byte* at = reserve(state, sizeof(R))) [[likely]] {
    journal::commit(at, rec);
    state.last_ticks = ticks;
  }
}

// Writes a record stamped relative to the previous one (its header.arg is the delta), or returns false and writes
// nothing when the delta does not fit: the caller then writes the full form it stands for.
template <journal::ShortRecord R>
[[nodiscard, gnu::always_inline]] inline bool record_short(ThreadState& state, std::uint64_t ticks, R rec) noexcept {
  if (ticks >= state.next_anchor_ticks) [[unlikely]] {
    detail::write_anchor(state, ticks);  // moves last_ticks past `ticks`: the full form follows
  }
  const std::uint64_t delta = ticks - state.last_ticks;
  if (ticks < state.last_ticks || !journal::fits32(delta)) [[unlikely]] {
    return false;
  }
  rec.header.arg = static_cast<std::uint32_t>(delta);
  if (std::byte* at = reserve(state, sizeof(R))) [[likely]] {
    journal::commit(at, rec);
    state.last_ticks = ticks;
  }
  return true;
}

// Writes one word repeating the last compact record of kind R in this chunk, stamped `ticks`, where it can stand:
// false, with nothing written, when there is no such record, or a chunk switch or clock anchor comes first, or the
// delta does not fit. The caller knows the record would be equal (record_compact compares it).
template <journal::RepeatableRecord R>
[[nodiscard, gnu::always_inline]] inline bool record_repeat(ThreadState& state, std::uint64_t ticks) noexcept {
  const std::uint64_t delta = ticks - state.last_ticks;
  if (state.last_compact.has<R>() && ticks >= state.last_ticks && journal::fits32(delta) &&
      ticks < state.next_anchor_ticks && state.limit - state.cursor >= 8) [[likely]] {
    journal::commit_word(state.cursor, journal::repeat_word(R::kRepeatKind, static_cast<std::uint32_t>(delta)));
    state.cursor += 8;
    state.last_ticks = ticks;
    return true;
  }
  return false;
}

// Writes compact record `rec` (stamped `ticks`), or one word when it equals the last one of its kind in this
// chunk but for its time. False, with nothing written, when `rec` is stamped as a delta that does not fit: the
// caller then writes the full forms. A repeat is written only where it lands in the chunk of the record it
// repeats: before any chunk switch or clock anchor, which fall back to the full record.
template <journal::RepeatableRecord R>
[[nodiscard, gnu::always_inline]] inline bool record_compact(ThreadState& state, std::uint64_t ticks,
                                                             const R& rec) noexcept {
  journal::LastCompact& last = state.last_compact;
  if (last.has<R>() && journal::same_but_time(rec, last.get<R>()) && record_repeat<R>(state, ticks)) [[likely]] {
    return true;
  }
  if constexpr (journal::ShortRecord<R>) {
    if (!record_short(state, ticks, rec)) {
      return false;
    }
  } else {
    record(state, ticks, rec);
  }
  last.remember(rec);  // after the write: a chunk switch inside it cleared `last`, and `rec` opens the new chunk
  return true;
}

// Writes the Leave of the call this thread entered last: one word when its time fits as a delta.
[[gnu::always_inline]] inline void record_leave(ThreadState& state, std::uint64_t ticks, std::uint32_t fn) noexcept {
  const std::uint64_t delta = ticks - state.last_ticks;
  if (ticks >= state.last_ticks && delta <= 0xffffffffULL) [[likely]] {
    if (std::byte* at = reserve(state, sizeof(journal::LeaveShort))) [[likely]] {
      journal::commit_word(at, journal::LeaveShort{.delta_ticks = static_cast<std::uint32_t>(delta)});
      state.last_ticks = ticks;
    }
    return;
  }
  record(state, ticks, journal::Leave{{.arg = fn}});
}

// Writes a SiteName record: the file and function of hook call site `site_id` (slow path, once per site).
void record_site_name(ThreadState& state, std::uint32_t site_id, std::string_view file,
                      std::string_view function) noexcept;

// Configuration, read from the environment once (see README "Configuration").
struct Settings {
  std::string trace_dir;                 // MPISIGHT_TRACE_DIR; empty disables tracing
  std::size_t chunk_bytes;               // MPISIGHT_CHUNK_KB: the mapped window per thread, i.e. its memory bound
  std::size_t journal_limit_bytes;       // MPISIGHT_JOURNAL_LIMIT_MB: disk budget per thread
  std::vector<bool> recorded_functions;  // MPISIGHT_FILTER, indexed by function id
  bool pcontrol_switches;                // MPISIGHT_PCONTROL: whether MPI_Pcontrol pauses and resumes recording
};

[[nodiscard]] const Settings& settings() noexcept;

// Process lifecycle, called from the MPI_Init/MPI_Finalize semantics.
void set_world(int rank, int size) noexcept;
[[nodiscard]] int world_rank() noexcept;
[[nodiscard]] int world_size() noexcept;                   // 0 before MPI_Init
void stop_recording(journal::StopReason reason) noexcept;  // process-wide, writes a final record per thread
void set_paused(bool paused) noexcept;                     // MPI_Pcontrol: only always-recorded calls while paused
[[nodiscard]] std::string journal_dir();
[[nodiscard]] std::vector<std::string> own_journal_paths();
[[nodiscard]] std::string module_map_path();  // where this process keeps its module map, next to its journals  // this
                                              // process's journals, thread 0 first
[[nodiscard]] bool any_journal_failed() noexcept;  // a journal could not be created or grown

// Prints one line on stderr prefixed with "mpisight: "; used for the few warnings the tracer ever prints.
void warn(const std::string& message) noexcept;
// The same, printed by the job's first process only: for problems every process sees alike (the environment).
void warn_once_per_job(const std::string& message) noexcept;

}  // namespace mpisight::recorder
