// Queues are intrusive FIFOs over one node pool, kept in a flat hash map: matching a message is a lookup and a
// few index moves. Empty queues are swept when they pile up, so a fresh tag per message stays bounded too.
#include "model/message_matcher.hpp"

#include <algorithm>
#include <utility>

namespace mpisight::analyzer {

std::size_t MessageMatcher::KeyHash::operator()(const Key& key) const noexcept {
  // FlatMap multiplies by its own constant and keeps the high bits: one mixing multiply here is enough.
  const std::uint64_t ranks = (std::uint64_t{key.sender} << 32U) | key.receiver;
  const std::uint64_t comm_tag = (std::uint64_t{key.comm} << 32U) | key.tag;
  const std::uint64_t h = (ranks * 0xD6E8'FEB8'6659'FD93ULL) ^ comm_tag;
  return static_cast<std::size_t>(h ^ (h >> 32U));
}

MessageMatcher::Queue& MessageMatcher::queue_of(const Key& key) {
  if (Queue* queue = queues_.find(key)) {
    return *queue;
  }
  if (queues_.size() > sweep_above_) {
    queues_.erase_if(
        [](const Key&, const Queue& queue) { return queue.sends.head == kNil && queue.receives.head == kNil; });
    // Sweep again only once the map has doubled: a trace with many live queues then pays amortized O(1).
    sweep_above_ = std::max(kSweepAbove, queues_.size() * 2);
  }
  return *queues_.try_emplace(key).first;
}

void MessageMatcher::push(Fifo& fifo, const MessageEnd& end) {
  std::uint32_t at = free_;
  if (at != kNil) {
    free_ = nodes_[at].next;
    nodes_[at].end = end;
  } else {
    at = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(Node{.end = end, .order = 0, .next = kNil});
  }
  Node& node = nodes_[at];
  node.order = next_order_++;
  node.next = kNil;
  if (fifo.tail == kNil) {
    fifo.head = at;
  } else {
    nodes_[fifo.tail].next = at;
  }
  fifo.tail = at;
}

const MessageEnd* MessageMatcher::pop(Fifo& fifo) {
  const std::uint32_t at = fifo.head;
  Node& node = nodes_[at];
  fifo.head = node.next;
  if (fifo.head == kNil) {
    fifo.tail = kNil;
  }
  node.next = free_;
  free_ = at;
  return &node.end;
}

void MessageMatcher::leave_flight(trace::WorldRank receiver) {
  std::uint64_t* count = in_flight_to_.find(receiver);
  if (count != nullptr && --*count == 0) {
    in_flight_to_.erase(receiver);
  }
}

const MessageEnd* MessageMatcher::add_send(const MessageEnd& send) {
  Queue& queue = queue_of(Key{send.comm, send.sender, send.receiver, send.tag});
  if (queue.receives.head != kNil) {
    return pop(queue.receives);
  }
  push(queue.sends, send);
  ++in_flight_to_[send.receiver];
  return nullptr;
}

const MessageEnd* MessageMatcher::add_receive(const MessageEnd& receive) {
  Queue& queue = queue_of(Key{receive.comm, receive.sender, receive.receiver, receive.tag});
  if (queue.sends.head == kNil) {
    push(queue.receives, receive);
    return nullptr;
  }
  leave_flight(receive.receiver);
  return pop(queue.sends);
}

void MessageMatcher::cancel_send(trace::WorldRank sender, trace::RequestId request) {
  bool done = false;
  queues_.for_each([&](const Key& key, Queue& queue) {
    if (done || key.sender != sender) {
      return;
    }
    std::uint32_t before = kNil;
    for (std::uint32_t at = queue.sends.head; at != kNil; before = at, at = nodes_[at].next) {
      Node& node = nodes_[at];
      if (node.end.request != request) {
        continue;
      }
      (before == kNil ? queue.sends.head : nodes_[before].next) = node.next;
      if (queue.sends.tail == at) {
        queue.sends.tail = before;
      }
      leave_flight(node.end.receiver);
      node.next = free_;
      free_ = at;
      done = true;
      return;
    }
  });
}

template <class Pred>
std::vector<MessageEnd> MessageMatcher::collect(bool sends, Pred wanted) const {
  std::vector<const Node*> picked;
  queues_.for_each([&](const Key& key, const Queue& queue) {
    if (!wanted(key)) {
      return;
    }
    for (std::uint32_t at = (sends ? queue.sends : queue.receives).head; at != kNil; at = nodes_[at].next) {
      picked.push_back(&nodes_[at]);
    }
  });
  // The map's order is its hash layout's: list by arrival instead, so reports do not depend on it.
  std::sort(picked.begin(), picked.end(), [](const Node* a, const Node* b) { return a->order < b->order; });
  std::vector<MessageEnd> found;
  found.reserve(picked.size());
  for (const Node* node : picked) {
    found.push_back(node->end);
  }
  return found;
}

std::vector<MessageEnd> MessageMatcher::unreceived_sends() const {
  return collect(true, [](const Key&) { return true; });
}

std::vector<MessageEnd> MessageMatcher::unmatched_receives() const {
  return collect(false, [](const Key&) { return true; });
}

std::vector<MessageEnd> MessageMatcher::in_flight_to(trace::CommId comm, trace::WorldRank receiver) const {
  if (!has_message_for(receiver)) {
    return {};
  }
  return collect(true, [&](const Key& key) { return key.comm == comm && key.receiver == receiver; });
}

bool MessageMatcher::has_message_for(trace::WorldRank receiver) const {
  return in_flight_to_.contains(receiver);
}

}  // namespace mpisight::analyzer
