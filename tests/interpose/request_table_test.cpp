// The request table's lifecycle rules: a nonblocking request is completed once; a persistent request is inactive
// until started, gets a fresh id at every start, becomes inactive again when completed (an inactive one has nothing
// to complete) and is forgotten only when freed; shared handles hold several pending requests; a send-receive has
// an id per recorded half; matched messages live beside requests.
#include "semantics/request_table.hpp"

#include <gtest/gtest.h>

namespace mpisight::interpose {
namespace {

// Handles far from those the other cases use: the table is one per process.
constexpr MPI_Request kNonblocking = 0x2c000101;
constexpr MPI_Request kShared = 0x2c000102;
constexpr MPI_Request kPersistent = 0x2c000103;
constexpr MPI_Request kExchange = 0x2c000104;
constexpr MPI_Request kMessageAndRequest = 0x2c000105;

TEST(RequestTable, NonblockingRequestCompletesOnce) {
  const std::uint64_t id = requests().track(kNonblocking, RequestKind::kIsend, 0);
  ASSERT_TRUE(requests().find(kNonblocking).has_value());
  const auto done = requests().complete(kNonblocking);
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->id, id);
  EXPECT_FALSE(requests().complete(kNonblocking).has_value());
  EXPECT_FALSE(requests().find(kNonblocking).has_value());
}

TEST(RequestTable, SharedHandleHoldsEveryPendingRequest) {
  const std::uint64_t first = requests().track(kShared, RequestKind::kIsend, 0);
  const std::uint64_t second = requests().track(kShared, RequestKind::kIsend, 0);
  EXPECT_NE(first, second);
  const auto a = requests().complete(kShared);
  const auto b = requests().complete(kShared);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->id, b->id);
  EXPECT_FALSE(requests().complete(kShared).has_value());
}

TEST(RequestTable, PersistentRequestGetsAFreshIdPerStartAndStaysUntilFreed) {
  requests().track_inactive(kPersistent, {.bytes = 32, .comm = 0, .peer = 1, .tag = 30, .kind = RequestKind::kIsend});
  EXPECT_FALSE(requests().find(kPersistent).has_value()) << "inactive: nothing to test";
  EXPECT_FALSE(requests().complete(kPersistent).has_value()) << "inactive: nothing to complete";
  std::uint64_t previous = 0;
  for (int start = 0; start < 3; ++start) {
    const auto started = requests().activate(kPersistent);
    ASSERT_TRUE(started.has_value());
    EXPECT_NE(started->id, 0U);
    EXPECT_NE(started->id, previous);
    EXPECT_EQ(started->peer, 1);
    EXPECT_EQ(started->tag, 30);
    EXPECT_EQ(started->bytes, 32U);
    EXPECT_EQ(requests().find(kPersistent)->id, started->id);
    const auto done = requests().complete(kPersistent);
    ASSERT_TRUE(done.has_value());
    EXPECT_EQ(done->id, started->id);
    EXPECT_FALSE(requests().complete(kPersistent).has_value()) << "a second wait finds it inactive";
    previous = started->id;
  }
  EXPECT_TRUE(requests().take(kPersistent).has_value());
  EXPECT_FALSE(requests().activate(kPersistent).has_value()) << "freed";
}

TEST(RequestTable, OnlyPersistentRequestsCanBeStarted) {
  requests().track(kNonblocking, RequestKind::kIrecv, 0);
  EXPECT_FALSE(requests().activate(kNonblocking).has_value());
  EXPECT_TRUE(requests().complete(kNonblocking).has_value());
}

TEST(RequestTable, SendReceiveHasTwoIdsOrOneWhenAHalfIsProcNull) {
  const auto [send, receive] = requests().track_send_receive(kExchange, {.peer = 1, .tag = 7}, true, true);
  EXPECT_NE(send, 0U);
  EXPECT_NE(receive, 0U);
  EXPECT_NE(send, receive);
  const auto done = requests().complete(kExchange);
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->id, send);
  EXPECT_EQ(done->receive_id, receive);

  const auto [no_send, only_receive] = requests().track_send_receive(kExchange, {.peer = 1, .tag = 7}, false, true);
  EXPECT_EQ(no_send, 0U);
  EXPECT_TRUE(requests().find(kExchange).has_value()) << "pending although it has no send id";
  EXPECT_EQ(requests().complete(kExchange)->receive_id, only_receive);
}

TEST(RequestTable, MessagesAndRequestsWithOneHandleValueStayApart) {
  requests().track_message(kMessageAndRequest, 5);
  EXPECT_FALSE(requests().find(kMessageAndRequest).has_value());
  EXPECT_FALSE(requests().complete(kMessageAndRequest).has_value());
  const std::uint64_t id = requests().track(kMessageAndRequest, RequestKind::kIrecv, 0);
  EXPECT_EQ(requests().take_message(kMessageAndRequest)->comm, 5U);
  EXPECT_FALSE(requests().take_message(kMessageAndRequest).has_value());
  EXPECT_EQ(requests().complete(kMessageAndRequest)->id, id);
}

}  // namespace
}  // namespace mpisight::interpose
