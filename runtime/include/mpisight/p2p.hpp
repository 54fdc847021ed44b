// Blocking point-to-point messages of mapped values and contiguous ranges, in all four send modes.
// Receives fill a span or return a value; receives of unknown length use a matched probe (Mprobe/Mrecv).
// Counts above INT_MAX go through the MPI-4 large-count (_c) calls.
#pragma once

#include <climits>
#include <cstddef>
#include <memory>
#include <mpi.h>
#include <optional>
#include <source_location>
#include <span>
#include <vector>

#include "mpisight/buffer.hpp"
#include "mpisight/call_site.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/error.hpp"
#include "mpisight/status.hpp"

namespace mpisight {

// What a typed send accepts: one mapped value, or a contiguous range of mapped elements.
template <class T>
concept Sendable = ContiguousBuffer<T> || MappedValue<T>;

enum class SendMode { kStandard, kSynchronous, kBuffered, kReady };

namespace detail {

// The mode is a template argument so a send compiles to its one MPI call, with no switch on the hot path; the thin
// layers are forced inline so the user's call site calls MPI directly (each extra frame costs about a nanosecond).
template <SendMode kMode>
[[gnu::always_inline]] inline void send_raw(const RawBuffer& b, int dest, int tag, MPI_Comm comm,
                                            const std::source_location& where) {
  if (b.fits_int()) [[likely]] {
    const int n = static_cast<int>(b.count);
    if constexpr (kMode == SendMode::kStandard) {
      check(MPI_Send(b.data, n, b.type, dest, tag, comm), "MPI_Send", where);
    } else if constexpr (kMode == SendMode::kSynchronous) {
      check(MPI_Ssend(b.data, n, b.type, dest, tag, comm), "MPI_Ssend", where);
    } else if constexpr (kMode == SendMode::kBuffered) {
      check(MPI_Bsend(b.data, n, b.type, dest, tag, comm), "MPI_Bsend", where);
    } else {
      check(MPI_Rsend(b.data, n, b.type, dest, tag, comm), "MPI_Rsend", where);
    }
    return;
  }
  const auto n = static_cast<MPI_Count>(b.count);
  if constexpr (kMode == SendMode::kStandard) {
    check(MPI_Send_c(b.data, n, b.type, dest, tag, comm), "MPI_Send_c", where);
  } else if constexpr (kMode == SendMode::kSynchronous) {
    check(MPI_Ssend_c(b.data, n, b.type, dest, tag, comm), "MPI_Ssend_c", where);
  } else if constexpr (kMode == SendMode::kBuffered) {
    check(MPI_Bsend_c(b.data, n, b.type, dest, tag, comm), "MPI_Bsend_c", where);
  } else {
    check(MPI_Rsend_c(b.data, n, b.type, dest, tag, comm), "MPI_Rsend_c", where);
  }
}

[[gnu::always_inline]] inline Status recv_raw(const RawBuffer& b, int source, int tag, MPI_Comm comm,
                                              const std::source_location& where) {
  Status status;
  if (b.fits_int()) [[likely]] {
    check(MPI_Recv(b.data, static_cast<int>(b.count), b.type, source, tag, comm, &status.native()), "MPI_Recv", where);
  } else {
    check(MPI_Recv_c(b.data, static_cast<MPI_Count>(b.count), b.type, source, tag, comm, &status.native()),
          "MPI_Recv_c", where);
  }
  return status;
}

// Receives the message `message` (from MPI_Mprobe) into `b`.
inline void mrecv_raw(const RawBuffer& b, MPI_Message& message, MPI_Status& status, const std::source_location& where) {
  if (b.fits_int()) {
    check(MPI_Mrecv(b.data, static_cast<int>(b.count), b.type, &message, &status), "MPI_Mrecv", where);
  } else {
    check(MPI_Mrecv_c(b.data, static_cast<MPI_Count>(b.count), b.type, &message, &status), "MPI_Mrecv_c", where);
  }
}

// Receives the whole matched message `message` (its probe's `status`) as T's; `message` becomes null.
template <Mapped T>
std::vector<T> mrecv_matched(MPI_Message& message, Status& status, const std::source_location& where) {
  MPI_Count count = 0;
  check(MPI_Get_count_c(&status.native(), datatype_of<T>(), &count), "MPI_Get_count_c", where);
  if (count == MPI_UNDEFINED) {
    // Receive it anyway so the message does not linger, then report the mismatch.
    std::vector<std::byte> sink(status.bytes());
    RawBuffer raw{sink.data(), sink.size(), MPI_BYTE};
    mrecv_raw(raw, message, status.native(), where);
    throw UsageError("received " + std::to_string(sink.size()) + " bytes, not a whole number of elements", where);
  }
  std::vector<T> out(static_cast<std::size_t>(count));
  RawBuffer raw{out.data(), out.size(), datatype_of<T>()};
  mrecv_raw(raw, message, status.native(), where);
  return out;
}

// A received object message's bytes, left uninitialised before MPI writes them (a zero fill would be one more pass
// over the whole message).
struct MessageBytes {
  std::unique_ptr<std::byte[]> data;  // NOLINT(cppcoreguidelines-avoid-c-arrays): make_unique_for_overwrite's type
  std::size_t size = 0;

  [[nodiscard]] std::span<const std::byte> bytes() const noexcept { return {data.get(), size}; }
  void allocate(std::size_t bytes) {
    data = std::make_unique_for_overwrite<std::byte[]>(bytes);  // NOLINT(cppcoreguidelines-avoid-c-arrays)
    size = bytes;
  }
};

// Receives the whole matched message `message` (its probe's `status`) as bytes; `message` becomes null.
inline MessageBytes mrecv_bytes(MPI_Message& message, Status& status, const std::source_location& where) {
  MessageBytes out;
  out.allocate(status.bytes());
  mrecv_raw(RawBuffer{out.data.get(), out.size, MPI_BYTE}, message, status.native(), where);
  return out;
}

// Matched receive of a whole message of T's whose length is not known in advance.
template <Mapped T>
std::vector<T> mrecv_vector(int source, int tag, MPI_Comm comm, Status& status, const std::source_location& where) {
  MPI_Message message = MPI_MESSAGE_NULL;
  check(MPI_Mprobe(source, tag, comm, &message, &status.native()), "MPI_Mprobe", where);
  return mrecv_matched<T>(message, status, where);
}

// The four blocking send modes share one body.
template <SendMode kMode, Sendable T>
[[gnu::always_inline]] inline void send_mode(const Communicator& comm, const T& data, int dest, int tag,
                                             const std::source_location& where) {
  const CallSite site(where);
  send_raw<kMode>(value_or_range(data), dest, tag, comm.native(), where);
}

}  // namespace detail

template <Sendable T>
[[gnu::always_inline]] inline void send(const Communicator& comm, const T& data, int dest, int tag = 0,
                                        std::source_location where = std::source_location::current()) {
  detail::send_mode<SendMode::kStandard>(comm, data, dest, tag, where);
}

template <Sendable T>
void ssend(const Communicator& comm, const T& data, int dest, int tag = 0,
           std::source_location where = std::source_location::current()) {
  detail::send_mode<SendMode::kSynchronous>(comm, data, dest, tag, where);
}

// Needs buffer space attached with a BufferAttachment.
template <Sendable T>
void bsend(const Communicator& comm, const T& data, int dest, int tag = 0,
           std::source_location where = std::source_location::current()) {
  detail::send_mode<SendMode::kBuffered>(comm, data, dest, tag, where);
}

// Correct only if the matching receive is already posted.
template <Sendable T>
void rsend(const Communicator& comm, const T& data, int dest, int tag = 0,
           std::source_location where = std::source_location::current()) {
  detail::send_mode<SendMode::kReady>(comm, data, dest, tag, where);
}

// Receives into `out` (at most out.size() elements; status.count<T>() says how many arrived).
template <MutableBuffer R>
[[gnu::always_inline]] inline Status recv_into(const Communicator& comm, R&& out, int source = kAnySource,
                                               int tag = kAnyTag,
                                               std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  return detail::recv_raw(detail::raw_buffer(out), source, tag, comm.native(), where);
}

// Receives one value of T.
template <MappedValue T>
[[nodiscard]] T recv(const Communicator& comm, int source = kAnySource, int tag = kAnyTag, Status* status = nullptr,
                     std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  T value{};
  const Status s = detail::recv_raw(detail::raw_value(value), source, tag, comm.native(), where);
  if (status != nullptr) {
    *status = s;
  }
  return value;
}

// Receives a whole message of any length as a vector (matched probe, so no other message can slip in).
template <Mapped T>
[[nodiscard]] std::vector<T> recv_vector(const Communicator& comm, int source = kAnySource, int tag = kAnyTag,
                                         Status* status = nullptr,
                                         std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  Status s;
  std::vector<T> out = detail::mrecv_vector<T>(source, tag, comm.native(), s, where);
  if (status != nullptr) {
    *status = s;
  }
  return out;
}

// Sends `data` to `dest` and receives into `out` from `source` in one deadlock-free step.
template <Sendable T, MutableBuffer R>
Status sendrecv(const Communicator& comm, const T& data, int dest, int send_tag, R&& out, int source, int recv_tag,
                std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const detail::RawBuffer s = detail::value_or_range(data);
  const detail::RawBuffer r = detail::raw_buffer(out);
  Status status;
  if (s.fits_int() && r.fits_int()) {
    detail::check(MPI_Sendrecv(s.data, static_cast<int>(s.count), s.type, dest, send_tag, r.data,
                               static_cast<int>(r.count), r.type, source, recv_tag, comm.native(), &status.native()),
                  "MPI_Sendrecv", where);
  } else {
    detail::check(
        MPI_Sendrecv_c(s.data, static_cast<MPI_Count>(s.count), s.type, dest, send_tag, r.data,
                       static_cast<MPI_Count>(r.count), r.type, source, recv_tag, comm.native(), &status.native()),
        "MPI_Sendrecv_c", where);
  }
  return status;
}

// Blocks until a message is available; does not receive it.
inline Status probe(const Communicator& comm, int source = kAnySource, int tag = kAnyTag,
                    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  Status status;
  detail::check(MPI_Probe(source, tag, comm.native(), &status.native()), "MPI_Probe", where);
  return status;
}

// The status of a message available now, if any; does not receive it (another receive may still take it: use
// improbe() from probe.hpp to claim it).
inline std::optional<Status> iprobe(const Communicator& comm, int source = kAnySource, int tag = kAnyTag,
                                    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  Status status;
  int flag = 0;
  detail::check(MPI_Iprobe(source, tag, comm.native(), &flag, &status.native()), "MPI_Iprobe", where);
  if (flag == 0) {
    return std::nullopt;
  }
  return status;
}

// Buffer space for bsend, detached (waiting for buffered messages to leave) when this goes out of scope.
class BufferAttachment {
 public:
  explicit BufferAttachment(std::size_t bytes, std::source_location where = std::source_location::current())
      : storage_(bytes + MPI_BSEND_OVERHEAD), origin_(where) {
    const detail::CallSite site(where);
    detail::check(MPI_Buffer_attach(storage_.data(), static_cast<int>(storage_.size())), "MPI_Buffer_attach", where);
  }
  ~BufferAttachment() {
    const detail::CallSite site(origin_);  // the user's line that attached the buffer
    void* address = nullptr;
    int size = 0;
    MPI_Buffer_detach(&address, &size);
  }
  BufferAttachment(const BufferAttachment&) = delete;
  BufferAttachment& operator=(const BufferAttachment&) = delete;

  // Space bsend needs for `count` values of T, including MPI's per-message overhead.
  template <Mapped T>
  [[nodiscard]] static std::size_t space_for(std::size_t count) {
    int bytes = 0;
    MPI_Pack_size(static_cast<int>(count), datatype_of<T>(), MPI_COMM_WORLD, &bytes);
    return static_cast<std::size_t>(bytes) + MPI_BSEND_OVERHEAD;
  }

 private:
  std::vector<std::byte> storage_;
  std::source_location origin_;
};

}  // namespace mpisight
