// Communicator handle -> what the tracer knows about it (its id in this rank's records and its global key).
// Lock-free and allocation-free: every p2p and collective call on a created communicator looks its handle up.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mpi.h>

#include "core/journal_format.hpp"

namespace mpisight::interpose {

struct CommEntry {
  std::uint32_t local_id;  // journal records' communicator id on this rank
  std::uint64_t key;       // the same on every member rank (core/comm_log_format.hpp)
};

class CommTable {
 public:
  // Remembers `handle` (replacing a stale entry for the same handle); false when the table is full.
  bool insert(MPI_Comm handle, CommEntry entry) noexcept;
  // Marks `handle` freed. Its entry still names it, so a call on the stale handle is recorded on the freed
  // communicator (the analyzer reports it); a later communicator with the same handle, or any other that
  // needs the slot, replaces it.
  void erase(MPI_Comm handle) noexcept;
  // The next sequence number of a nonblocking duplication of `handle` (MPI orders them alike on all members).
  [[nodiscard]] std::uint32_t next_idup(MPI_Comm handle) noexcept;

  [[nodiscard, gnu::always_inline]] std::uint32_t local_id(MPI_Comm handle) const noexcept {
    const Slot* slot = locate(handle);
    return slot != nullptr ? slot->entry.local_id : journal::kCommUnknown;
  }
  [[nodiscard]] bool find(MPI_Comm handle, CommEntry& entry) const noexcept {
    const Slot* slot = locate(handle);
    if (slot == nullptr) {
      return false;
    }
    entry = slot->entry;
    return true;
  }

 private:
  static constexpr unsigned kBits = 12;
  static constexpr std::size_t kSlots = std::size_t{1} << kBits;  // live communicators; more stay unknown
  static constexpr std::int64_t kEmpty = -1;
  static constexpr std::int64_t kFree = -2;  // was used: lookups probe past it
  static constexpr std::int64_t kFilling = -3;

  struct Slot {
    std::atomic<std::int64_t> handle{kEmpty};
    CommEntry entry{};
    std::atomic<std::uint32_t> idup_sequence{0};
    std::atomic<bool> freed{false};
  };

  [[nodiscard, gnu::always_inline]] static std::size_t home(MPI_Comm handle) noexcept {
    return (static_cast<std::uint32_t>(handle) * 0x9E3779B1U) >> (32U - kBits);
  }

  [[nodiscard, gnu::always_inline]] const Slot* locate(MPI_Comm handle) const noexcept {
    const auto wanted = static_cast<std::int64_t>(handle);
    const std::size_t start = home(handle);
    for (std::size_t probe = 0; probe < kSlots; ++probe) {
      const Slot& slot = slots_[(start + probe) & (kSlots - 1)];
      const std::int64_t seen = slot.handle.load(std::memory_order_acquire);
      if (seen == wanted) {
        return &slot;
      }
      if (seen == kEmpty) {
        return nullptr;
      }
    }
    return nullptr;
  }

  Slot slots_[kSlots];
  std::atomic<std::uint32_t> world_idups_{0};
  std::atomic<std::uint32_t> self_idups_{0};
};

[[nodiscard]] CommTable& comm_table() noexcept;

}  // namespace mpisight::interpose
