// Open addressing with linear probing; slots are claimed with a CAS and published with a release store.
#include "semantics/request_table.hpp"

#include "core/no_destroy.hpp"

namespace mpisight::interpose {
namespace {

// Per-thread id ranges keep id allocation free of shared writes.
std::atomic<std::uint64_t> g_next_thread_block{1};
thread_local std::uint64_t t_next_id __attribute__((tls_model("initial-exec"))) = 0;

std::uint64_t next_request_id() noexcept {
  if (t_next_id == 0) {
    t_next_id = g_next_thread_block.fetch_add(1, std::memory_order_relaxed) << 40U;
  }
  return t_next_id++;
}

}  // namespace

std::size_t RequestTable::home(MPI_Request handle) noexcept {
  const auto key = static_cast<std::uint32_t>(handle);
  return (key * 0x9E3779B1U) >> (32U - 16U);
}

std::uint64_t RequestTable::track(MPI_Request handle, RequestKind kind, std::uint32_t comm,
                                  std::uint64_t object) noexcept {
  // No check for an entry with the same handle: MPICH gives requests that complete at once (eager sends) one
  // shared builtin handle, so several pending entries may carry it; each completion takes one of them.
  const std::uint64_t id = next_request_id();
  const std::size_t start = home(handle);
  for (std::size_t probe = 0; probe < kSlots; ++probe) {
    Slot& slot = slots_[(start + probe) & (kSlots - 1)];
    std::int64_t seen = slot.key.load(std::memory_order_relaxed);
    if ((seen == kEmpty || seen == kFree) &&
        slot.key.compare_exchange_strong(seen, kFilling, std::memory_order_acquire)) {
      slot.info = {id, comm, kind, object};
      slot.key.store(static_cast<std::int64_t>(handle), std::memory_order_release);
      return id;
    }
  }
  return id;  // table full: this request's completion goes unrecorded
}

const RequestTable::Slot* RequestTable::locate(MPI_Request handle) const noexcept {
  const std::size_t start = home(handle);
  for (std::size_t probe = 0; probe < kSlots; ++probe) {
    const Slot& slot = slots_[(start + probe) & (kSlots - 1)];
    const std::int64_t seen = slot.key.load(std::memory_order_acquire);
    if (seen == kEmpty) {
      return nullptr;
    }
    if (seen == static_cast<std::int64_t>(handle)) {
      return &slot;
    }
  }
  return nullptr;
}

std::optional<RequestInfo> RequestTable::take(MPI_Request handle) noexcept {
  auto* slot = const_cast<Slot*>(locate(handle));
  if (slot == nullptr) {
    return std::nullopt;
  }
  const RequestInfo info = slot->info;
  slot->key.store(kFree, std::memory_order_release);
  return info;
}

std::optional<RequestInfo> RequestTable::find(MPI_Request handle) const noexcept {
  const Slot* slot = locate(handle);
  return slot != nullptr ? std::optional<RequestInfo>(slot->info) : std::nullopt;
}

RequestTable& requests() noexcept {
  static detail::NoDestroy<RequestTable> table;
  return *table;
}

}  // namespace mpisight::interpose
