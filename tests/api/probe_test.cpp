// Probes and nonblocking object receives: iprobe, matched probes (mprobe/improbe) claiming a Message, and
// irecv_object futures started by a matched probe once their message arrives (wait, test, wait_any, co_await).
#include "mpisight/probe.hpp"

#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mpisight/async.hpp"
#include "mpisight/collectives.hpp"
#include "mpisight/nonblocking.hpp"
#include "mpisight/object.hpp"

namespace {

using Table = std::map<std::string, std::vector<int>>;

Table table_of(int rank, int round) {
  return Table{{"rank", {rank}}, {"round", {round, round * 2}}, {"name-" + std::to_string(rank), {}}};
}

TEST(Probe, IprobeSeesAMessageWithoutReceivingIt) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  if (comm.rank() == 0) {
    mpisight::send(comm, std::vector<short>{1, 2, 3}, 1, 3);
  } else if (comm.rank() == 1) {
    EXPECT_FALSE(mpisight::iprobe(comm, 0, 99).has_value());
    std::optional<mpisight::Status> seen;
    while (!(seen = mpisight::iprobe(comm, 0, 3))) {
    }
    EXPECT_EQ(seen->source(), 0);
    EXPECT_EQ(seen->tag(), 3);
    EXPECT_EQ(seen->count<short>(), 3);
    EXPECT_EQ(mpisight::recv_vector<short>(comm, 0, 3), (std::vector<short>{1, 2, 3}));
  }
}

TEST(Probe, MatchedProbesClaimTheirMessage) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  if (comm.rank() == 0) {
    mpisight::send(comm, std::vector<int>{4, 5, 6, 7}, 1, 4);
    mpisight::send_object(comm, table_of(0, 1), 1, 5);
  } else if (comm.rank() == 1) {
    std::optional<mpisight::Message> numbers;
    while (!(numbers = mpisight::improbe(comm, 0, 4))) {
    }
    EXPECT_EQ(numbers->status().count<int>(), 4);
    EXPECT_EQ(numbers->status().tag(), 4);
    EXPECT_EQ(numbers->recv<int>(), (std::vector<int>{4, 5, 6, 7}));
    EXPECT_THROW((void)numbers->recv<int>(), mpisight::UsageError);
    auto object = mpisight::mprobe(comm, mpisight::kAnySource, 5);
    EXPECT_EQ(object.status().source(), 0);
    EXPECT_EQ(object.recv_object<Table>(), table_of(0, 1));
  }
}

TEST(Probe, AMessageDroppedUnreceivedIsReportedAndDrained) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  if (comm.rank() == 0) {
    mpisight::send(comm, std::vector<int>{1, 1}, 1, 6);
    mpisight::send(comm, std::vector<int>{2, 2, 2}, 1, 6);
  } else if (comm.rank() == 1) {
    std::vector<mpisight::Misuse> reports;
    const auto previous = mpisight::set_misuse_handler([&](const mpisight::Misuse& m) { reports.push_back(m); });
    const unsigned line = __LINE__ + 1;
    { auto dropped = mpisight::mprobe(comm, 0, 6); }
    mpisight::set_misuse_handler(previous);
    ASSERT_EQ(reports.size(), 1U);
    EXPECT_EQ(reports[0].kind, mpisight::MisuseKind::kMessageNotReceived);
    EXPECT_EQ(reports[0].where.line(), line);
    EXPECT_NE(reports[0].message.find("8 bytes from rank 0, tag 6"), std::string::npos) << reports[0].message;
    // The first message was drained: the next receive gets the second.
    EXPECT_EQ(mpisight::recv_vector<int>(comm, 0, 6), (std::vector<int>{2, 2, 2}));
  }
}

TEST(ObjectReceive, PostedBeforeItsMessageIsSent) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  if (comm.rank() == 1) {
    auto incoming = mpisight::irecv_object<Table>(comm, 0, 7);
    EXPECT_TRUE(incoming.pending());
    EXPECT_FALSE(incoming.test().has_value());  // rank 0 sends only after the barrier
    mpisight::barrier(comm);
    const auto status = incoming.wait();
    EXPECT_EQ(status.source(), 0);
    EXPECT_EQ(status.tag(), 7);
    EXPECT_EQ(incoming.get(), table_of(0, 7));
  } else {
    mpisight::barrier(comm);
    if (comm.rank() == 0) {
      mpisight::send_object(comm, table_of(0, 7), 1, 7);
    }
  }
}

TEST(ObjectReceive, RingWithWaitAllAndWaitAny) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  const int right = (comm.rank() + 1) % comm.size();
  for (int round = 0; round < 3; ++round) {
    auto incoming = mpisight::irecv_object<Table>(comm, left, 8);
    auto sent = mpisight::isend_object(comm, table_of(comm.rank(), round), right, 8);
    if (round % 2 == 0) {
      mpisight::wait_all(incoming, sent);
    } else {
      std::size_t completed = 0;
      while (mpisight::wait_any(incoming, sent)) {
        ++completed;
      }
      EXPECT_EQ(completed, 2U);
    }
    EXPECT_EQ(incoming.get(), table_of(left, round));
  }
}

mpisight::Task<Table> receive_table(mpisight::Communicator comm, int source) {
  co_return co_await mpisight::irecv_object<Table>(comm, source, 9);
}

TEST(ObjectReceive, AwaitedInACoroutine) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  const int right = (comm.rank() + 1) % comm.size();
  auto task = receive_table(comm, left);
  auto sent = mpisight::isend_object(comm, table_of(comm.rank(), 9), right, 9);
  EXPECT_EQ(task.run(), table_of(left, 9));
  sent.wait();
}

TEST(ObjectReceive, CancelledOrDroppedBeforeItsMessage) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  auto cancelled = mpisight::irecv_object<Table>(comm, mpisight::kAnySource, 10);
  cancelled.cancel();
  EXPECT_TRUE(cancelled.wait().cancelled());
  std::vector<mpisight::Misuse> reports;
  const auto previous = mpisight::set_misuse_handler([&](const mpisight::Misuse& m) { reports.push_back(m); });
  const unsigned line = __LINE__ + 1;
  { auto dropped = mpisight::irecv_object<Table>(comm, mpisight::kAnySource, 11); }
  mpisight::set_misuse_handler(previous);
  ASSERT_EQ(reports.size(), 1U);
  EXPECT_EQ(reports[0].kind, mpisight::MisuseKind::kRequestDestroyedIncomplete);
  EXPECT_EQ(reports[0].where.line(), line);
  EXPECT_NE(reports[0].message.find("nothing was received"), std::string::npos) << reports[0].message;
}

}  // namespace
