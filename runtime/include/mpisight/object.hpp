// Object messages (like mpi4py's lowercase send/recv): any Serializable value travels as bytes; the receive uses a
// matched probe, so no other message can slip between learning the size and receiving it.
#pragma once

#include <mpi.h>
#include <source_location>
#include <vector>

#include "mpisight/call_site.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/p2p.hpp"
#include "mpisight/serialization.hpp"
#include "mpisight/status.hpp"

namespace mpisight {

template <Serializable T>
void send_object(const Communicator& comm, const T& value, int dest, int tag = 0,
                 std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const std::vector<std::byte> bytes = serialize(value);
  detail::send_raw<SendMode::kStandard>(detail::RawBuffer{const_cast<std::byte*>(bytes.data()), bytes.size(), MPI_BYTE},
                                        dest, tag, comm.native(), where);
}

template <Serializable T>
void ssend_object(const Communicator& comm, const T& value, int dest, int tag = 0,
                  std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const std::vector<std::byte> bytes = serialize(value);
  detail::send_raw<SendMode::kSynchronous>(
      detail::RawBuffer{const_cast<std::byte*>(bytes.data()), bytes.size(), MPI_BYTE}, dest, tag, comm.native(), where);
}

template <Serializable T>
[[nodiscard]] T recv_object(const Communicator& comm, int source = kAnySource, int tag = kAnyTag,
                            Status* status = nullptr, std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  Status s;
  MPI_Message message = MPI_MESSAGE_NULL;
  detail::check(MPI_Mprobe(source, tag, comm.native(), &message, &s.native()), "MPI_Mprobe", where);
  const detail::MessageBytes bytes = detail::mrecv_bytes(message, s, where);
  if (status != nullptr) {
    *status = s;
  }
  return deserialize<T>(bytes.bytes());
}

}  // namespace mpisight
