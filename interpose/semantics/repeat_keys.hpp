// Per thread, the arguments that produced the last compact blocking-send and blocking-receive records: a call with
// the same arguments writes the one-word repeat without building and comparing its record. This is what a
// message's turnaround pays on the receiving rank (README "Performance"), so it is kept to a few compares.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mpi.h>
#include <utility>

#include "core/compact_records.hpp"

namespace mpisight::interpose {

namespace repeat_keys {

// Bumped whenever a handle can start to stand for something else in records: a communicator or a derived datatype
// registered under a handle (comm_table.cpp, type_signature.cpp). Keys taken before then no longer match.
extern std::atomic<std::uint32_t> g_handle_generation;

inline void handles_changed() noexcept {
  g_handle_generation.fetch_add(1, std::memory_order_relaxed);
}

[[nodiscard, gnu::always_inline]] inline std::uint64_t handle_generation() noexcept {
  return g_handle_generation.load(std::memory_order_relaxed);
}

[[nodiscard, gnu::always_inline]] constexpr std::uint64_t pair(std::int64_t high, std::int64_t low) noexcept {
  return (static_cast<std::uint64_t>(high) << 32U) | static_cast<std::uint32_t>(low);
}

// The arguments a compact record of kind R was built from, and which record of that kind it was
// (LastCompact::version): while both match, the record is still the last of its kind and a call with those
// arguments would build it again.
template <journal::RepeatableRecord R, std::size_t Words>
class LastArguments {
 public:
  using Key = std::array<std::uint64_t, Words>;

  // Word by word with early exits: a vectorised compare would read the key back from the stack as wider loads
  // than its stores, which stalls store forwarding.
  [[nodiscard, gnu::always_inline]] bool built(const Key& key, const journal::LastCompact& last) const noexcept {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return ((key[I] == key_[I]) && ...) && last.version<R>() == version_ && last.has<R>();
    }
    (std::make_index_sequence<Words>{});
  }
  // After `key`'s record was written as the last of its kind (in full or as a repeat).
  [[gnu::always_inline]] void remember(const Key& key, const journal::LastCompact& last) noexcept {
    key_ = key;
    version_ = last.version<R>();
  }

 private:
  Key key_{};
  std::uint64_t version_ = 0;  // no record has version 0 and is present: an unset key matches nothing
};

// A blocking send's EnterSend: function, call site, buffer, count, datatype, communicator, peer, tag.
using SendArguments = LastArguments<journal::EnterSend, 6>;
// A blocking receive's ReceiveLeave: buffer, count, datatype and what the status says arrived.
using ReceiveArguments = LastArguments<journal::ReceiveLeave, 5>;

struct ThreadKeys {
  SendArguments send;
  ReceiveArguments receive;
};

extern constinit thread_local ThreadKeys t_keys __attribute__((tls_model("initial-exec")));

[[nodiscard, gnu::always_inline]] inline SendArguments::Key send_key(std::uint32_t fn, std::uint64_t site,
                                                                     const void* buf, MPI_Count count,
                                                                     MPI_Datatype datatype, int dest, int tag,
                                                                     MPI_Comm comm) noexcept {
  return {site,
          reinterpret_cast<std::uint64_t>(buf),
          static_cast<std::uint64_t>(count),
          pair(datatype, comm),
          pair(dest, tag),
          pair(fn, static_cast<std::int64_t>(handle_generation()))};
}

[[nodiscard, gnu::always_inline]] inline ReceiveArguments::Key receive_key(const void* buf, MPI_Count count,
                                                                           MPI_Datatype datatype,
                                                                           const MPI_Status& status) noexcept {
  return {reinterpret_cast<std::uint64_t>(buf), static_cast<std::uint64_t>(count),
          pair(datatype, static_cast<std::int64_t>(handle_generation())), pair(status.MPI_SOURCE, status.MPI_TAG),
          pair(status.count_hi_and_cancelled, status.count_lo)};
}

}  // namespace repeat_keys

}  // namespace mpisight::interpose
