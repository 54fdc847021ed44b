// MessageMatcher (analyzer/model/message_matcher.hpp): non-overtaking order per (comm, sender, receiver, tag),
// receives that arrive before their send, cancels, and leftovers listed in the order they were added.
#include "model/message_matcher.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <tuple>
#include <vector>

namespace mpisight::analyzer {
namespace {

MessageEnd end(trace::CommId comm, trace::WorldRank sender, trace::WorldRank receiver, std::uint32_t tag,
               std::uint64_t bytes) {
  return MessageEnd{.call = CallId{},
                    .comm = comm,
                    .sender = sender,
                    .receiver = receiver,
                    .tag = tag,
                    .bytes = bytes,
                    .request = std::nullopt,
                    .type_signature = 0,
                    .elements = 0,
                    .capacity = std::nullopt,
                    .posted = std::nullopt};
}

std::vector<std::uint64_t> bytes_of(const std::vector<MessageEnd>& ends) {
  std::vector<std::uint64_t> bytes;
  for (const MessageEnd& e : ends) {
    bytes.push_back(e.bytes);
  }
  return bytes;
}

TEST(MessageMatcher, MatchesInSendOrderPerChannel) {
  MessageMatcher matcher;
  EXPECT_EQ(matcher.add_send(end(1, 0, 1, 5, 10)), nullptr);
  EXPECT_EQ(matcher.add_send(end(1, 0, 1, 6, 20)), nullptr);  // another tag: its own channel
  EXPECT_EQ(matcher.add_send(end(1, 0, 1, 5, 30)), nullptr);
  EXPECT_TRUE(matcher.has_message_for(1));
  EXPECT_FALSE(matcher.has_message_for(0));
  EXPECT_EQ(bytes_of(matcher.in_flight_to(1, 1)), (std::vector<std::uint64_t>{10, 20, 30}));
  EXPECT_TRUE(matcher.in_flight_to(2, 1).empty());

  const MessageEnd* first = matcher.add_receive(end(1, 0, 1, 5, 0));
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->bytes, 10U);
  const MessageEnd* second = matcher.add_receive(end(1, 0, 1, 5, 0));
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->bytes, 30U);
  EXPECT_EQ(matcher.add_receive(end(2, 0, 1, 6, 40)), nullptr);  // another communicator: no match
  EXPECT_EQ(bytes_of(matcher.unreceived_sends()), (std::vector<std::uint64_t>{20}));
  EXPECT_EQ(bytes_of(matcher.unmatched_receives()), (std::vector<std::uint64_t>{40}));
}

TEST(MessageMatcher, ReceiveBeforeItsSendWaits) {
  MessageMatcher matcher;
  EXPECT_EQ(matcher.add_receive(end(1, 3, 2, 0, 7)), nullptr);
  EXPECT_EQ(matcher.add_receive(end(1, 3, 2, 0, 8)), nullptr);
  const MessageEnd* receive = matcher.add_send(end(1, 3, 2, 0, 100));
  ASSERT_NE(receive, nullptr);
  EXPECT_EQ(receive->bytes, 7U);
  EXPECT_FALSE(matcher.has_message_for(2));  // matched at once: never in flight
  EXPECT_EQ(bytes_of(matcher.unmatched_receives()), (std::vector<std::uint64_t>{8}));
}

TEST(MessageMatcher, CancelledSendLeavesFlight) {
  MessageMatcher matcher;
  MessageEnd a = end(1, 0, 1, 0, 1);
  a.request = 11;
  MessageEnd b = end(1, 0, 1, 0, 2);
  b.request = 12;
  MessageEnd c = end(1, 0, 1, 0, 3);
  c.request = 13;
  for (const MessageEnd& e : {a, b, c}) {
    EXPECT_EQ(matcher.add_send(e), nullptr);
  }
  matcher.cancel_send(0, 13);  // the tail
  matcher.cancel_send(0, 11);  // the head
  matcher.cancel_send(1, 12);  // another sender's request: nothing
  EXPECT_EQ(bytes_of(matcher.unreceived_sends()), (std::vector<std::uint64_t>{2}));
  matcher.cancel_send(0, 12);
  EXPECT_FALSE(matcher.has_message_for(1));
  EXPECT_TRUE(matcher.unreceived_sends().empty());
  EXPECT_EQ(matcher.add_send(end(1, 0, 1, 0, 4)), nullptr);  // the emptied queue works again
  EXPECT_EQ(bytes_of(matcher.unreceived_sends()), (std::vector<std::uint64_t>{4}));
}

// Against a reference model of per-channel FIFOs, with many channels (so empty queues get swept) and churn.
TEST(MessageMatcher, AgreesWithReferenceUnderChurn) {
  using Channel = std::tuple<trace::CommId, trace::WorldRank, trace::WorldRank, std::uint32_t>;
  std::map<Channel, std::deque<std::uint64_t>> sends;
  std::map<Channel, std::deque<std::uint64_t>> receives;
  MessageMatcher matcher;
  std::mt19937_64 random(42);
  for (std::uint64_t id = 1; id <= 200'000; ++id) {
    const Channel ch{static_cast<trace::CommId>(random() % 3), static_cast<trace::WorldRank>(random() % 4),
                     static_cast<trace::WorldRank>(random() % 4),
                     static_cast<std::uint32_t>(id < 100'000 ? random() % 8 : id)};  // later: a fresh tag each
    const MessageEnd e = end(std::get<0>(ch), std::get<1>(ch), std::get<2>(ch), std::get<3>(ch), id);
    const bool is_send = random() % 2 == 0;
    auto& mine = is_send ? sends[ch] : receives[ch];
    auto& other = is_send ? receives[ch] : sends[ch];
    const MessageEnd* got = is_send ? matcher.add_send(e) : matcher.add_receive(e);
    if (other.empty()) {
      ASSERT_EQ(got, nullptr) << id;
      mine.push_back(id);
    } else {
      ASSERT_NE(got, nullptr) << id;
      ASSERT_EQ(got->bytes, other.front()) << id;
      other.pop_front();
    }
  }
  std::vector<std::uint64_t> left_sends;
  std::vector<std::uint64_t> left_receives;
  for (const auto& [ch, q] : sends) {
    left_sends.insert(left_sends.end(), q.begin(), q.end());
  }
  for (const auto& [ch, q] : receives) {
    left_receives.insert(left_receives.end(), q.begin(), q.end());
  }
  std::sort(left_sends.begin(), left_sends.end());  // ids grow with time: sorted is arrival order
  std::sort(left_receives.begin(), left_receives.end());
  EXPECT_EQ(bytes_of(matcher.unreceived_sends()), left_sends);
  EXPECT_EQ(bytes_of(matcher.unmatched_receives()), left_receives);
}

}  // namespace
}  // namespace mpisight::analyzer
