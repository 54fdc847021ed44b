// Open addressing with linear probing, in the style of request_table.cpp: slots are claimed with a CAS and
// published with a release store of the handle.
#include "semantics/comm_table.hpp"

#include "core/no_destroy.hpp"
#include "semantics/repeat_keys.hpp"

namespace mpisight::interpose {

bool CommTable::insert(MPI_Comm handle, CommEntry entry) noexcept {
  repeat_keys::handles_changed();  // this handle, or the one whose freed slot is taken, now means something else
  // A handle we still hold was freed behind our back (inside another MPI call): its slot takes the new entry.
  if (auto* stale = const_cast<Slot*>(locate(handle))) {
    stale->handle.store(kFilling, std::memory_order_relaxed);
    stale->entry = entry;
    stale->idup_sequence.store(0, std::memory_order_relaxed);
    stale->freed.store(false, std::memory_order_relaxed);
    stale->handle.store(static_cast<std::int64_t>(handle), std::memory_order_release);
    return true;
  }
  const std::size_t start = home(handle);
  for (std::size_t probe = 0; probe < kSlots; ++probe) {
    Slot& slot = slots_[(start + probe) & (kSlots - 1)];
    std::int64_t seen = slot.handle.load(std::memory_order_relaxed);
    const bool reusable =
        seen == kEmpty || seen == kFree || (seen != kFilling && slot.freed.load(std::memory_order_relaxed));
    if (reusable && slot.handle.compare_exchange_strong(seen, kFilling, std::memory_order_acquire)) {
      slot.entry = entry;
      slot.idup_sequence.store(0, std::memory_order_relaxed);
      slot.freed.store(false, std::memory_order_relaxed);
      slot.handle.store(static_cast<std::int64_t>(handle), std::memory_order_release);
      return true;
    }
  }
  return false;
}

void CommTable::erase(MPI_Comm handle) noexcept {
  if (auto* slot = const_cast<Slot*>(locate(handle))) {
    slot->freed.store(true, std::memory_order_release);
  }
}

std::uint32_t CommTable::next_idup(MPI_Comm handle) noexcept {
  if (handle == MPI_COMM_WORLD) {
    return world_idups_.fetch_add(1, std::memory_order_relaxed);
  }
  if (handle == MPI_COMM_SELF) {
    return self_idups_.fetch_add(1, std::memory_order_relaxed);
  }
  auto* slot = const_cast<Slot*>(locate(handle));
  return slot != nullptr ? slot->idup_sequence.fetch_add(1, std::memory_order_relaxed) : 0;
}

CommTable& comm_table() noexcept {
  static detail::NoDestroy<CommTable> table;
  return *table;
}

}  // namespace mpisight::interpose
