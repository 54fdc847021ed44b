// What an MPI function is to the RMA checks, from its name (resolved once per region: RegionInfo::rma_call).
#pragma once

#include <cstdint>
#include <string_view>

namespace mpisight::analyzer {

// The RMA functions whose records mean different things (a group sync is a post, start, complete, wait or test).
enum class RmaCall : std::uint8_t {
  kOther,
  kFence,
  kPost,
  kStart,
  kComplete,
  kWait,
  kTest,
  kLock,
  kUnlock,
  kLockAll,
  kUnlockAll,
  kFlush,  // MPI_Win_flush and MPI_Win_flush_all: remote completion
  kFlushLocal,
  kFree,
  kOperation,  // put, get, accumulate and the atomics, request-based or not
};

[[nodiscard]] RmaCall rma_call_of(std::string_view function) noexcept;

}  // namespace mpisight::analyzer
