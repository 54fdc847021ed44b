// A fixed-size map from an MPI handle (window, file) to what the tracer knows about it. Lookups are lock-free
// and allocation-free, so RMA and I/O calls can consult it on their hot path; entries change only when the
// handle is created or freed, which MPI makes the caller order against its uses.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace mpisight::interpose {

template <class Info, std::size_t kSlots>
class HandleTable {
  static_assert((kSlots & (kSlots - 1)) == 0, "kSlots is a power of two");

 public:
  // Remembers `info` for `handle`; false when the table is full (the handle then goes untraced).
  bool insert(std::uint64_t handle, Info info) {
    const std::size_t start = home(handle);
    for (std::size_t probe = 0; probe < kSlots; ++probe) {
      Slot& slot = slots_[(start + probe) & (kSlots - 1)];
      std::uint64_t seen = slot.key.load(std::memory_order_relaxed);
      if ((seen == kEmpty || seen == kFree) &&
          slot.key.compare_exchange_strong(seen, kFilling, std::memory_order_acquire)) {
        slot.info = std::move(info);
        slot.key.store(handle, std::memory_order_release);
        return true;
      }
    }
    return false;
  }

  // What is known about `handle`, or nullptr. The pointer stays valid until erase(handle).
  [[nodiscard]] Info* find(std::uint64_t handle) noexcept {
    Slot* slot = locate(handle);
    return slot != nullptr ? &slot->info : nullptr;
  }

  void erase(std::uint64_t handle) noexcept {
    if (Slot* slot = locate(handle)) {
      slot->key.store(kFree, std::memory_order_release);
    }
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  static constexpr std::uint64_t kFree = kEmpty - 1;  // was used: lookups probe past it
  static constexpr std::uint64_t kFilling = kEmpty - 2;

  struct Slot {
    Info info{};
    std::atomic<std::uint64_t> key{kEmpty};
  };

  Slot* locate(std::uint64_t handle) noexcept {
    const std::size_t start = home(handle);
    for (std::size_t probe = 0; probe < kSlots; ++probe) {
      Slot& slot = slots_[(start + probe) & (kSlots - 1)];
      const std::uint64_t seen = slot.key.load(std::memory_order_acquire);
      if (seen == kEmpty) {
        return nullptr;
      }
      if (seen == handle) {
        return &slot;
      }
    }
    return nullptr;
  }

  static std::size_t home(std::uint64_t handle) noexcept {
    return static_cast<std::size_t>((handle * 0x9E3779B97F4A7C15ULL) >> 40U) & (kSlots - 1);
  }

  Slot slots_[kSlots];
};

}  // namespace mpisight::interpose
