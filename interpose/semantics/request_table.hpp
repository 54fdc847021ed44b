// What the tracer remembers about each pending request between its start and its completion, keyed by
// the MPI_Request handle. Lock-free: any thread may start or complete a request.
#pragma once

#include <atomic>
#include <cstdint>
#include <mpi.h>
#include <optional>

namespace mpisight::interpose {

enum class RequestKind : std::uint8_t { kIsend, kIrecv, kRmaOp, kIoOp };

struct RequestInfo {
  std::uint64_t id;  // stable for the request's whole life; unique within the process
  std::uint32_t comm;
  RequestKind kind;
  std::uint64_t object = 0;  // the window key (kRmaOp) or file handle id (kIoOp) the operation belongs to
};

class RequestTable {
 public:
  // Remembers `handle` and returns the id its records carry.
  std::uint64_t track(MPI_Request handle, RequestKind kind, std::uint32_t comm, std::uint64_t object = 0) noexcept;
  // Forgets `handle` and returns what was remembered, if anything.
  [[nodiscard]] std::optional<RequestInfo> take(MPI_Request handle) noexcept;
  // What is remembered about `handle`, which stays tracked.
  [[nodiscard]] std::optional<RequestInfo> find(MPI_Request handle) const noexcept;

 private:
  static constexpr std::size_t kSlots = 1U << 16U;  // pending requests traced at once; more go untraced
  static constexpr std::int64_t kEmpty = -1;
  static constexpr std::int64_t kFree = -2;  // was used: lookups must probe past it
  static constexpr std::int64_t kFilling = -3;

  struct Slot {
    std::atomic<std::int64_t> key{kEmpty};
    RequestInfo info{};
  };

  static std::size_t home(MPI_Request handle) noexcept;
  // The slot holding `handle`, or nullptr.
  [[nodiscard]] const Slot* locate(MPI_Request handle) const noexcept;

  Slot slots_[kSlots];
};

[[nodiscard]] RequestTable& requests() noexcept;

}  // namespace mpisight::interpose
