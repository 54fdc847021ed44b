// Open addressing with linear probing; slots are claimed with a CAS and published with a release store.
#include "semantics/request_table.hpp"

#include "core/no_destroy.hpp"

namespace mpisight::interpose {
namespace {

// Per-thread id ranges keep id allocation free of shared writes.
std::atomic<std::uint64_t> g_next_thread_block{1};
thread_local std::uint64_t t_next_id __attribute__((tls_model("initial-exec"))) = 0;

// Entries also name the thread that made them (its id block), and a thread finds its own entry first: MPICH gives
// every request that completed at once (an eager send) one builtin handle in every thread, and reuses a freed
// handle while the thread that waited on it has yet to forget it. Without the owner one thread's Wait would take
// another's entry and pair its completion with the other thread's request id.
std::int64_t key_of(MPI_Request handle) noexcept {
  const auto value = static_cast<std::uint32_t>(handle);
  return static_cast<std::int64_t>(((t_next_id >> 40U) << 32U) | value);
}

bool same_handle(std::int64_t key, MPI_Request handle) noexcept {
  return key >= 0 && static_cast<std::uint32_t>(key) == static_cast<std::uint32_t>(handle);
}

}  // namespace

std::uint64_t next_request_id() noexcept {
  if (t_next_id == 0) {
    t_next_id = g_next_thread_block.fetch_add(1, std::memory_order_relaxed) << 40U;
  }
  return t_next_id++;
}

std::size_t RequestTable::home(MPI_Request handle) noexcept {
  const auto key = static_cast<std::uint32_t>(handle);
  return (key * 0x9E3779B1U) >> (32U - 16U);
}

void RequestTable::insert(MPI_Request handle, const RequestInfo& info) noexcept {
  const std::size_t start = home(handle);
  for (std::size_t probe = 0; probe < kSlots; ++probe) {
    Slot& slot = slots_[(start + probe) & (kSlots - 1)];
    std::int64_t seen = slot.key.load(std::memory_order_relaxed);
    if ((seen == kEmpty || seen == kFree) &&
        slot.key.compare_exchange_strong(seen, kFilling, std::memory_order_acquire)) {
      slot.info = info;
      slot.key.store(key_of(handle), std::memory_order_release);
      return;
    }
  }
  // table full: this request's completion goes unrecorded
}

std::uint64_t RequestTable::track(MPI_Request handle, RequestInfo what) noexcept {
  // No check for an entry with the same handle: MPICH gives requests that complete at once (eager sends) one
  // shared builtin handle, so several pending entries may carry it; each completion takes one of them.
  what.id = next_request_id();
  what.persistent = false;
  insert(handle, what);
  return what.id;
}

std::pair<std::uint64_t, std::uint64_t> RequestTable::track_send_receive(MPI_Request handle, RequestInfo what,
                                                                         bool sends, bool receives) noexcept {
  what.kind = RequestKind::kSendReceive;
  what.persistent = false;
  what.id = sends ? next_request_id() : 0;
  what.receive_id = receives ? next_request_id() : 0;
  insert(handle, what);
  return {what.id, what.receive_id};
}

void RequestTable::track_inactive(MPI_Request handle, RequestInfo what) noexcept {
  what.id = 0;
  what.persistent = true;
  insert(handle, what);
}

// The entry stored from the program's `variable` if one matches, else this thread's entry for `handle` if it has
// one, else any thread's (a request may complete on another thread).
RequestTable::Slot* RequestTable::locate(MPI_Request handle, bool message, std::uint64_t variable) const noexcept {
  const std::int64_t own = key_of(handle);
  Slot* mine = nullptr;
  Slot* other = nullptr;
  const std::size_t start = home(handle);
  for (std::size_t probe = 0; probe < kSlots; ++probe) {
    Slot& slot = slots_[(start + probe) & (kSlots - 1)];
    const std::int64_t seen = slot.key.load(std::memory_order_acquire);
    if (seen == kEmpty) {
      break;
    }
    if (!same_handle(seen, handle) || (slot.info.kind == RequestKind::kMessage) != message) {
      continue;
    }
    if (variable != 0 && slot.info.slot == variable) {
      return &slot;
    }
    if (seen == own) {
      if (variable == 0) {
        return &slot;
      }
      mine = mine != nullptr ? mine : &slot;
    }
    if (other == nullptr) {
      other = &slot;
    }
  }
  return mine != nullptr ? mine : other;
}

std::optional<RequestInfo> RequestTable::activate(MPI_Request handle) noexcept {
  Slot* slot = locate(handle);
  if (slot == nullptr || !slot->info.persistent) {
    return std::nullopt;
  }
  slot->info.id = next_request_id();
  return slot->info;
}

std::optional<RequestInfo> RequestTable::complete(MPI_Request handle, std::uint64_t variable) noexcept {
  Slot* slot = locate(handle, false, variable);
  if (slot == nullptr || !slot->info.persistent) {
    return forget(slot);
  }
  const RequestInfo info = slot->info;
  if (info.id == 0) {
    return std::nullopt;  // an inactive persistent request completes at once, with nothing to record
  }
  slot->info.id = 0;
  return info;
}

std::optional<RequestInfo> RequestTable::forget(Slot* slot) noexcept {
  if (slot == nullptr) {
    return std::nullopt;
  }
  const RequestInfo info = slot->info;
  slot->key.store(kFree, std::memory_order_release);
  return info;
}

std::optional<RequestInfo> RequestTable::take(MPI_Request handle) noexcept {
  return forget(locate(handle));
}

void RequestTable::track_message(MPI_Request message, std::uint32_t comm, std::int32_t source,
                                 std::int32_t tag) noexcept {
  insert(message, {.comm = comm, .peer = source, .tag = tag, .kind = RequestKind::kMessage});
}

std::optional<RequestInfo> RequestTable::take_message(MPI_Request message) noexcept {
  return forget(locate(message, true));
}

std::optional<RequestInfo> RequestTable::find(MPI_Request handle) const noexcept {
  const Slot* slot = locate(handle);
  if (slot == nullptr || (slot->info.persistent && slot->info.id == 0)) {
    return std::nullopt;
  }
  return slot->info;
}

bool RequestTable::is_inactive(MPI_Request handle) const noexcept {
  const Slot* slot = locate(handle);
  return slot != nullptr && slot->info.persistent && slot->info.id == 0;
}

RequestTable& requests() noexcept {
  static detail::NoDestroy<RequestTable> table;
  return *table;
}

}  // namespace mpisight::interpose
