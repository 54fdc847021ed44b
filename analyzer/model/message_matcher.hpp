// Pairs every send with the receive that got it, as MPI does: per communicator, sender, receiver and tag, in
// order (MPI's non-overtaking rule). Holds only messages in flight, so memory follows the open state, not the
// trace length. Receives seen before their send (clock skew between nodes) wait for it the same way.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>
#include <vector>

#include "model/call_id.hpp"
#include "model/flat_map.hpp"
#include "trace/definitions.hpp"

namespace mpisight::analyzer {

struct MessageEnd {
  CallId call;
  trace::CommId comm = 0;
  trace::WorldRank sender = 0;
  trace::WorldRank receiver = 0;
  std::uint32_t tag = 0;
  std::uint64_t bytes = 0;
  std::optional<trace::RequestId> request;  // the send's request, for MPI_Isend
  std::uint64_t type_signature = 0;         // 0: unknown (see runtime/schema/attributes.hpp)
  std::uint64_t elements = 0;               // sent, or received
  std::optional<std::uint64_t> capacity;    // a receive's buffer size in bytes, where the trace tells it
  std::optional<CallId> posted;             // a nonblocking receive's MPI_Irecv (`call` is the Wait/Test)
};

class MessageMatcher {
 public:
  // Each returns the other end when the message is now matched.
  std::optional<MessageEnd> add_send(const MessageEnd& send);
  std::optional<MessageEnd> add_receive(const MessageEnd& receive);
  // A cancelled MPI_Isend never arrives.
  void cancel_send(trace::WorldRank sender, trace::RequestId request);

  // The state at the end of the trace: messages sent and never received, receives no send was found for.
  [[nodiscard]] std::vector<MessageEnd> unreceived_sends() const;
  [[nodiscard]] std::vector<MessageEnd> unmatched_receives() const;
  // Whether a message to `receiver` is in flight (sent, not yet received).
  [[nodiscard]] bool has_message_for(trace::WorldRank receiver) const;
  // The messages in flight to `receiver` on `comm` (sent, not yet received). Walks every queue: for rare questions.
  [[nodiscard]] std::vector<MessageEnd> in_flight_to(trace::CommId comm, trace::WorldRank receiver) const;

 private:
  struct Key {
    trace::CommId comm;
    trace::WorldRank sender;
    trace::WorldRank receiver;
    std::uint32_t tag;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept;
  };
  struct Queue {
    std::deque<MessageEnd> sends;     // in flight, oldest first
    std::deque<MessageEnd> receives;  // waiting for their send
  };

  // Empty queues are kept for reuse (a steady pattern then allocates nothing) and swept once there are many.
  void sweep_if_large();

  std::unordered_map<Key, Queue, KeyHash> queues_;
  FlatMap<trace::WorldRank, std::uint64_t> in_flight_to_;
};

}  // namespace mpisight::analyzer
