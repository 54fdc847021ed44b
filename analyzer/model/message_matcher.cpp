// Empty queues are swept when they pile up, so a program that uses a fresh tag per message stays bounded too.
#include "model/message_matcher.hpp"

#include <algorithm>

namespace mpisight::analyzer {
namespace {

constexpr std::size_t kSweepAbove = 4096;

}  // namespace

void MessageMatcher::sweep_if_large() {
  if (queues_.size() <= kSweepAbove) {
    return;
  }
  std::erase_if(queues_, [](const auto& entry) { return entry.second.sends.empty() && entry.second.receives.empty(); });
}

std::size_t MessageMatcher::KeyHash::operator()(const Key& key) const noexcept {
  std::uint64_t h = key.comm;
  h = h * 0x9E3779B97F4A7C15ULL + key.sender;
  h = h * 0x9E3779B97F4A7C15ULL + key.receiver;
  h = h * 0x9E3779B97F4A7C15ULL + key.tag;
  return static_cast<std::size_t>(h ^ (h >> 29U));
}

std::optional<MessageEnd> MessageMatcher::add_send(const MessageEnd& send) {
  const Key key{send.comm, send.sender, send.receiver, send.tag};
  auto it = queues_.find(key);
  if (it != queues_.end() && !it->second.receives.empty()) {
    MessageEnd receive = it->second.receives.front();
    it->second.receives.pop_front();
    return receive;
  }
  if (it == queues_.end()) {
    sweep_if_large();
    it = queues_.try_emplace(key).first;
  }
  it->second.sends.push_back(send);
  ++in_flight_to_[send.receiver];
  return std::nullopt;
}

std::optional<MessageEnd> MessageMatcher::add_receive(const MessageEnd& receive) {
  const Key key{receive.comm, receive.sender, receive.receiver, receive.tag};
  auto it = queues_.find(key);
  if (it == queues_.end()) {
    sweep_if_large();
    it = queues_.try_emplace(key).first;
  }
  if (it->second.sends.empty()) {
    it->second.receives.push_back(receive);
    return std::nullopt;
  }
  MessageEnd send = it->second.sends.front();
  it->second.sends.pop_front();
  if (--in_flight_to_[receive.receiver] == 0) {
    in_flight_to_.erase(receive.receiver);
  }
  return send;
}

void MessageMatcher::cancel_send(trace::WorldRank sender, trace::RequestId request) {
  for (auto it = queues_.begin(); it != queues_.end(); ++it) {
    if (it->first.sender != sender) {
      continue;
    }
    auto& sends = it->second.sends;
    auto found = std::find_if(sends.begin(), sends.end(), [&](const MessageEnd& s) { return s.request == request; });
    if (found != sends.end()) {
      if (--in_flight_to_[found->receiver] == 0) {
        in_flight_to_.erase(found->receiver);
      }
      sends.erase(found);
      return;
    }
  }
}

std::vector<MessageEnd> MessageMatcher::unreceived_sends() const {
  std::vector<MessageEnd> found;
  for (const auto& [key, queue] : queues_) {
    found.insert(found.end(), queue.sends.begin(), queue.sends.end());
  }
  return found;
}

std::vector<MessageEnd> MessageMatcher::unmatched_receives() const {
  std::vector<MessageEnd> found;
  for (const auto& [key, queue] : queues_) {
    found.insert(found.end(), queue.receives.begin(), queue.receives.end());
  }
  return found;
}

std::vector<MessageEnd> MessageMatcher::in_flight_to(trace::CommId comm, trace::WorldRank receiver) const {
  std::vector<MessageEnd> found;
  if (!has_message_for(receiver)) {
    return found;
  }
  for (const auto& [key, queue] : queues_) {
    if (key.comm == comm && key.receiver == receiver) {
      found.insert(found.end(), queue.sends.begin(), queue.sends.end());
    }
  }
  return found;
}

bool MessageMatcher::has_message_for(trace::WorldRank receiver) const {
  return in_flight_to_.contains(receiver);
}

}  // namespace mpisight::analyzer
