// Nonblocking point-to-point and requests: owned, pinned and borrowed buffers, completion over mixed sets
// (wait_all, wait_any, wait_some, test_some), cancel, persistent requests, and the misuse report when an
// incomplete request is destroyed.
#include <algorithm>
#include <gtest/gtest.h>
#include <memory>
#include <numeric>
#include <set>
#include <vector>

#include "mpisight/nonblocking.hpp"
#include "mpisight/object.hpp"

namespace {

using mpisight::Communicator;

std::vector<int> block(int rank, int tag, std::size_t n) {
  std::vector<int> v(n);
  std::iota(v.begin(), v.end(), rank * 100000 + tag * 1000);
  return v;
}

// Collects misuse reports for one test, restoring the previous handler afterwards.
class MisuseLog {
 public:
  MisuseLog() : previous_(mpisight::set_misuse_handler([this](const mpisight::Misuse& m) { reports_.push_back(m); })) {}
  ~MisuseLog() { mpisight::set_misuse_handler(previous_); }
  MisuseLog(const MisuseLog&) = delete;
  MisuseLog& operator=(const MisuseLog&) = delete;
  [[nodiscard]] const std::vector<mpisight::Misuse>& reports() const { return reports_; }

 private:
  std::vector<mpisight::Misuse> reports_;
  mpisight::MisuseHandler previous_;
};

TEST(Request, OwnedPinnedAndBorrowedBuffersAroundARing) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();

  auto owned_in = mpisight::irecv(comm, std::vector<int>(50), left, 1);
  std::vector<int> borrowed_target(60, -1);
  auto borrowed_in = mpisight::irecv(comm, mpisight::borrow(borrowed_target), left, 2);
  auto single_in = mpisight::irecv<double>(comm, left, 3);
  auto pinned_in = mpisight::irecv(comm, std::vector<int>(70), left, 4);

  auto pinned = std::make_shared<const std::vector<int>>(block(comm.rank(), 4, 70));
  const std::vector<int> borrowed_source = block(comm.rank(), 2, 60);
  auto s1 = mpisight::isend(comm, block(comm.rank(), 1, 50), right, 1);  // owned: the temporary moves in
  auto s2 = mpisight::isend(comm, mpisight::borrow(borrowed_source), right, 2);
  auto s3 = mpisight::isend(comm, 0.5 + comm.rank(), right, 3);
  auto s4 = mpisight::isend(comm, pinned, right, 4);
  pinned.reset();  // the request keeps it alive

  mpisight::wait_all(s1, s2, s3, s4, borrowed_in);
  EXPECT_EQ(owned_in.get(), block(left, 1, 50));
  EXPECT_EQ(borrowed_target, block(left, 2, 60));
  EXPECT_EQ(borrowed_in.status().source(), left);
  EXPECT_EQ(borrowed_in.status().tag(), 2);
  EXPECT_EQ(single_in.get(), 0.5 + left);
  EXPECT_EQ(pinned_in.get(), block(left, 4, 70));
  EXPECT_THROW((void)single_in.get(), mpisight::UsageError);
}

TEST(Request, WaitAnyAndWaitSomeReportEachCompletionOnce) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  if (comm.rank() == 0) {
    std::vector<mpisight::Future<std::vector<int>>> incoming;
    for (int r = 1; r < comm.size(); ++r) {
      incoming.push_back(mpisight::irecv(comm, std::vector<int>(8), r, 5));
      incoming.push_back(mpisight::irecv(comm, std::vector<int>(8), r, 6));
    }
    std::set<std::size_t> seen;
    const auto first = mpisight::wait_any(incoming);
    ASSERT_TRUE(first.has_value());
    seen.insert(*first);
    while (seen.size() < incoming.size()) {
      for (const std::size_t i : mpisight::wait_some(incoming)) {
        EXPECT_TRUE(seen.insert(i).second) << "request " << i << " completed twice";
      }
    }
    EXPECT_TRUE(mpisight::test_some(incoming).empty());
    EXPECT_FALSE(mpisight::wait_any(incoming).has_value());
    for (std::size_t i = 0; i < incoming.size(); ++i) {
      const int from = static_cast<int>(i / 2) + 1;
      const int tag = 5 + static_cast<int>(i % 2);
      EXPECT_EQ(incoming[i].status().source(), from);
      EXPECT_EQ(incoming[i].get(), block(from, tag, 8));
    }
  } else {
    std::vector<mpisight::Request> out;
    out.push_back(mpisight::isend(comm, block(comm.rank(), 6, 8), 0, 6));
    out.push_back(mpisight::isend(comm, block(comm.rank(), 5, 8), 0, 5));
    while (!mpisight::test_all(out)) {
    }
    EXPECT_FALSE(out[0].pending());
  }
}

TEST(Request, CancelledReceiveLeavesItsBufferAlone) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  std::vector<int> target(4, 7);
  auto never = mpisight::irecv(comm, mpisight::borrow(target), comm.rank(), 999);
  never.cancel();
  const mpisight::Status status = never.wait();
  EXPECT_TRUE(status.cancelled());
  EXPECT_EQ(target, std::vector<int>(4, 7));
  EXPECT_FALSE(never.pending());
}

TEST(Request, PersistentRequestsRestartWithNewData) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  std::vector<int> out(16);
  std::vector<int> in(16);
  auto send = mpisight::send_init(comm, mpisight::borrow(out), right, 7);
  auto recv = mpisight::recv_init(comm, mpisight::borrow(in), left, 7);
  for (int round = 0; round < 5; ++round) {
    const std::vector<int> next = block(comm.rank(), round, 16);
    std::copy(next.begin(), next.end(), out.begin());  // write through the borrowed storage, never replace it
    recv.start();
    send.start();
    EXPECT_THROW(send.start(), mpisight::UsageError);  // still active: starting again is caught before MPI
    mpisight::wait_all(send, recv);
    EXPECT_EQ(in, block(left, round, 16)) << "round " << round;
    EXPECT_EQ(recv.status().source(), left);
  }
}

TEST(Request, DestroyingAnIncompleteRequestIsReportedAndSafe) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const MisuseLog log;
  std::vector<int> target(4, 3);
  int line = 0;
  {
    line = __LINE__ + 1;
    auto orphan = mpisight::irecv(comm, mpisight::borrow(target), comm.rank(), 1234);
  }  // destroyed pending: cancelled, waited, reported
  ASSERT_EQ(log.reports().size(), 1U);
  EXPECT_EQ(log.reports()[0].kind, mpisight::MisuseKind::kRequestDestroyedIncomplete);
  EXPECT_EQ(log.reports()[0].where.line(), static_cast<unsigned>(line));
  EXPECT_NE(log.reports()[0].message.find("irecv"), std::string::npos);
  EXPECT_EQ(target, std::vector<int>(4, 3));
  // A later message with that tag is not swallowed by the dropped receive.
  mpisight::send(comm, 5, comm.rank(), 1234);
  EXPECT_EQ(mpisight::recv<int>(comm, comm.rank(), 1234), 5);
}

TEST(Request, ObjectsWithoutBlocking) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  auto sent = mpisight::isend_object(comm, std::vector<std::string>{"from", std::to_string(comm.rank())}, right, 8);
  EXPECT_EQ(mpisight::recv_object<std::vector<std::string>>(comm, left, 8),
            (std::vector<std::string>{"from", std::to_string(left)}));
  sent.wait();
}

}  // namespace
