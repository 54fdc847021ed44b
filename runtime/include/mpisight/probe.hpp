// Matched probes (MPI_Mprobe/MPI_Improbe): a Message is claimed by this process, so no other receive can take it;
// it must be received (a Message dropped unreceived is reported and received into a sink, never left behind).
#pragma once

#include <mpi.h>
#include <optional>
#include <source_location>
#include <string>
#include <utility>
#include <vector>

#include "mpisight/call_site.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/error.hpp"
#include "mpisight/misuse.hpp"
#include "mpisight/p2p.hpp"
#include "mpisight/serialization.hpp"
#include "mpisight/status.hpp"

namespace mpisight {

class [[nodiscard]] Message {
 public:
  Message(Message&& other) noexcept
      : handle_(std::exchange(other.handle_, MPI_MESSAGE_NULL)), status_(other.status_), origin_(other.origin_) {}
  Message& operator=(Message&& other) noexcept {
    if (this != &other) {
      drop();
      handle_ = std::exchange(other.handle_, MPI_MESSAGE_NULL);
      status_ = other.status_;
      origin_ = other.origin_;
    }
    return *this;
  }
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
  ~Message() { drop(); }

  // Source, tag and size of the message (status().count<T>(), status().bytes()).
  [[nodiscard]] const Status& status() const noexcept { return status_; }

  // Receives the whole message as T's; a second receive is a UsageError.
  template <Mapped T>
  [[nodiscard]] std::vector<T> recv(std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    require_unreceived(where);
    return detail::mrecv_matched<T>(handle_, status_, where);
  }

  // Receives the message as an object sent with send_object/isend_object.
  template <Serializable T>
  [[nodiscard]] T recv_object(std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    require_unreceived(where);
    return deserialize<T>(detail::mrecv_bytes(handle_, status_, where).bytes());
  }

 private:
  friend std::optional<Message> improbe(const Communicator&, int, int, std::source_location);
  friend Message mprobe(const Communicator&, int, int, std::source_location);
  Message(MPI_Message handle, const MPI_Status& status, const std::source_location& origin)
      : handle_(handle), status_(status), origin_(origin) {}

  void require_unreceived(const std::source_location& where) const {
    if (handle_ == MPI_MESSAGE_NULL) {
      throw UsageError("this message was already received", where);
    }
  }
  void drop() noexcept {
    if (handle_ == MPI_MESSAGE_NULL) {
      return;
    }
    const detail::CallSite site(origin_);  // the user's probe line
    if (is_finalized()) {
      return;
    }
    detail::report_misuse(MisuseKind::kMessageNotReceived,
                          "matched message (" + std::to_string(status_.bytes()) + " bytes from rank " +
                              std::to_string(status_.source()) + ", tag " + std::to_string(status_.tag()) +
                              ") dropped unreceived; received and discarded",
                          origin_);
    std::vector<std::byte> sink(status_.bytes());
    MPI_Mrecv_c(sink.data(), static_cast<MPI_Count>(sink.size()), MPI_BYTE, &handle_, MPI_STATUS_IGNORE);
    handle_ = MPI_MESSAGE_NULL;
  }

  MPI_Message handle_ = MPI_MESSAGE_NULL;
  Status status_;
  std::source_location origin_;
};

// Blocks until a message matches, and claims it.
inline Message mprobe(const Communicator& comm, int source = kAnySource, int tag = kAnyTag,
                      std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  MPI_Message handle = MPI_MESSAGE_NULL;
  MPI_Status status;
  detail::check(MPI_Mprobe(source, tag, comm.native(), &handle, &status), "MPI_Mprobe", where);
  return Message(handle, status, where);
}

// Claims a matching message if one is available now.
inline std::optional<Message> improbe(const Communicator& comm, int source = kAnySource, int tag = kAnyTag,
                                      std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  MPI_Message handle = MPI_MESSAGE_NULL;
  MPI_Status status;
  int flag = 0;
  detail::check(MPI_Improbe(source, tag, comm.native(), &flag, &handle, &status), "MPI_Improbe", where);
  if (flag == 0) {
    return std::nullopt;
  }
  return Message(handle, status, where);
}

}  // namespace mpisight
