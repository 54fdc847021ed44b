// An open-addressing hash map for the analyzer's per-event state (requests, slots, locations): entries live in one
// array, so inserting and erasing the millions of short-lived requests of a trace allocates nothing once the table
// has grown to the open state's size. Pointers to values stay valid only until the next insert or erase.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

namespace mpisight::analyzer {

template <class Key, class Value, class Hash = std::hash<Key>>
class FlatMap {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

  [[nodiscard]] Value* find(const Key& key) noexcept {
    const std::size_t at = position(key);
    return at == kNone ? nullptr : &slots_[at].value;
  }
  [[nodiscard]] const Value* find(const Key& key) const noexcept {
    const std::size_t at = position(key);
    return at == kNone ? nullptr : &slots_[at].value;
  }
  [[nodiscard]] bool contains(const Key& key) const noexcept { return position(key) != kNone; }

  // The value of `key`, made from `args` if absent; and whether it was made.
  template <class... Args>
  std::pair<Value*, bool> try_emplace(const Key& key, Args&&... args) {
    if ((size_ + 1) * 2 > slots_.size()) {
      grow();
    }
    std::size_t at = home(key);
    while (slots_[at].used) {
      if (slots_[at].key == key) {
        return {&slots_[at].value, false};
      }
      at = (at + 1) & mask_;
    }
    slots_[at].used = true;
    slots_[at].key = key;
    if constexpr (sizeof...(Args) != 0) {
      slots_[at].value = Value(std::forward<Args>(args)...);
    }  // else a free slot holds a default Value already (see erase_at): no temporary to build and move
    ++size_;
    return {&slots_[at].value, true};
  }
  Value& operator[](const Key& key) { return *try_emplace(key).first; }
  void insert_or_assign(const Key& key, Value value) { *try_emplace(key).first = std::move(value); }

  // Whether `key` was there.
  bool erase(const Key& key) {
    const std::size_t at = position(key);
    if (at == kNone) {
      return false;
    }
    erase_at(at);
    return true;
  }

  // Erases the entry `value` points to (a pointer find or try_emplace gave, with no insert or erase since): no
  // second lookup for a value just found.
  void erase_value(const Value* value) {
    const auto offset = reinterpret_cast<const char*>(value) - reinterpret_cast<const char*>(&slots_.front().value);
    erase_at(static_cast<std::size_t>(offset) / sizeof(Slot));
  }

  // Calls `f(key, value)` for every entry, in no particular order (the value may be changed, not the key).
  template <class F>
  void for_each(F&& f) const {
    for (const Slot& slot : slots_) {
      if (slot.used) {
        f(slot.key, slot.value);
      }
    }
  }
  template <class F>
  void for_each(F&& f) {
    for (Slot& slot : slots_) {
      if (slot.used) {
        f(std::as_const(slot.key), slot.value);
      }
    }
  }
  // Erases every entry for which `pred(key, value)` holds; `pred` sees each entry once.
  template <class Pred>
  void erase_if(Pred&& pred) {
    std::vector<Key> doomed;
    for (Slot& slot : slots_) {
      if (slot.used && pred(std::as_const(slot.key), slot.value)) {
        doomed.push_back(slot.key);
      }
    }
    for (const Key& key : doomed) {
      erase(key);
    }
  }

 private:
  struct Slot {
    Key key{};
    Value value{};
    bool used = false;
  };
  static constexpr std::size_t kNone = ~std::size_t{0};

  // Fibonacci hashing: the product's high bits mix every bit of the hash, so aligned addresses spread too.
  [[nodiscard]] std::size_t home(const Key& key) const noexcept {
    return static_cast<std::size_t>((static_cast<std::uint64_t>(Hash{}(key)) * 0x9E37'79B9'7F4A'7C15ULL) >> shift_) &
           mask_;
  }
  [[nodiscard]] std::size_t position(const Key& key) const noexcept {
    if (size_ == 0) {
      return kNone;
    }
    for (std::size_t at = home(key);; at = (at + 1) & mask_) {
      if (!slots_[at].used) {
        return kNone;
      }
      if (slots_[at].key == key) {
        return at;
      }
    }
  }
  // Backward-shift deletion: later entries of the probe run move up, so lookups never meet a hole early.
  void erase_at(std::size_t hole) {
    --size_;
    for (std::size_t next = (hole + 1) & mask_; slots_[next].used; next = (next + 1) & mask_) {
      const std::size_t want = home(slots_[next].key);
      // `next` may fill the hole unless its home lies cyclically in (hole, next].
      const bool stays = hole <= next ? (hole < want && want <= next) : (hole < want || want <= next);
      if (!stays) {
        slots_[hole].key = slots_[next].key;
        slots_[hole].value = std::move(slots_[next].value);
        hole = next;
      }
    }
    slots_[hole].used = false;
    if constexpr (std::is_trivially_copyable_v<Value>) {
      static const Value kEmpty{};
      slots_[hole].value = kEmpty;  // a plain copy: building a temporary costs a rep stos on every erase
    } else {
      slots_[hole].value = Value{};
    }
  }
  void grow() {
    std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(slots_.empty() ? 16 : slots_.size() * 2));
    mask_ = slots_.size() - 1;
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(slots_.size()));
    size_ = 0;
    for (Slot& slot : old) {
      if (slot.used) {
        *try_emplace(slot.key).first = std::move(slot.value);
      }
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
};

}  // namespace mpisight::analyzer
