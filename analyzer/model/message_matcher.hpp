// Pairs every send with the receive that got it, as MPI does: per communicator, sender, receiver and tag, in
// order (MPI's non-overtaking rule). Holds only messages in flight, so memory follows the open state, not the
// trace length. Receives seen before their send (clock skew between nodes) wait for it the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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
  // Each returns the other end when the message is now matched, else nullptr. The pointer stays valid only until
  // the next call that changes the matcher: copy what you keep.
  [[nodiscard]] const MessageEnd* add_send(const MessageEnd& send);
  [[nodiscard]] const MessageEnd* add_receive(const MessageEnd& receive);
  // A cancelled MPI_Isend never arrives.
  void cancel_send(trace::WorldRank sender, trace::RequestId request);

  // The state at the end of the trace: messages sent and never received, receives no send was found for. Both in
  // the order they were added, as is in_flight_to.
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
  static constexpr std::size_t kSweepAbove = 4096;
  static constexpr std::uint32_t kNil = ~std::uint32_t{0};
  // A FIFO of nodes linked through Node::next: oldest at head.
  struct Fifo {
    std::uint32_t head = kNil;
    std::uint32_t tail = kNil;
  };
  struct Queue {
    Fifo sends;     // in flight, oldest first
    Fifo receives;  // waiting for their send
  };
  // Every queued end lives in one pool, recycled through a free list: a steady pattern allocates nothing.
  struct Node {
    MessageEnd end;
    std::uint64_t order = 0;  // when it was added, for listing ends in a stable order
    std::uint32_t next = kNil;
  };

  Queue& queue_of(const Key& key);
  void push(Fifo& fifo, const MessageEnd& end);
  // Unlinks the head of a non-empty `fifo` and returns its end (valid until the next push).
  const MessageEnd* pop(Fifo& fifo);
  void leave_flight(trace::WorldRank receiver);
  // The ends of every queue `wanted(key)` picks, sends or receives, in the order they were added.
  template <class Pred>
  [[nodiscard]] std::vector<MessageEnd> collect(bool sends, Pred wanted) const;

  FlatMap<Key, Queue, KeyHash> queues_;  // empty queues stay for reuse until a sweep (see queue_of)
  std::size_t sweep_above_ = kSweepAbove;
  std::vector<Node> nodes_;
  std::uint32_t free_ = kNil;
  std::uint64_t next_order_ = 0;
  FlatMap<trace::WorldRank, std::uint64_t> in_flight_to_;
};

}  // namespace mpisight::analyzer
