// One-sided communication: fence epochs, lock/lock_all guards with atomics, PSCW; every element checked.
// The checked misuse (an RMA call outside any epoch, an atomic without a lock) is caught at the user's line.
#include "mpisight/rma.hpp"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>
#include <optional>
#include <set>
#include <vector>

#include "mpisight/collectives.hpp"

namespace {

TEST(Rma, FenceEpochPutAndGet) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  const int right = (r + 1) % n;
  auto win = mpisight::Window<long>::create(comm, std::vector<long>(static_cast<std::size_t>(2 * n), -1));
  {
    const auto epoch = win.fence();
    // Into the right neighbour's slot `r`: two values.
    win.put(std::vector<long>{100L * r, 100L * r + 1}, right, static_cast<std::size_t>(2 * r));
  }
  const auto local = win.local();
  const int left = (r + n - 1) % n;
  for (int slot = 0; slot < n; ++slot) {
    const auto s = static_cast<std::size_t>(2 * slot);
    if (slot == left) {
      EXPECT_EQ(local[s], 100L * left);
      EXPECT_EQ(local[s + 1], 100L * left + 1);
    } else {
      EXPECT_EQ(local[s], -1);
      EXPECT_EQ(local[s + 1], -1);
    }
  }
  std::vector<long> fetched(2);
  {
    const auto epoch = win.fence();
    win.get(fetched, right, static_cast<std::size_t>(2 * r));  // what this rank put there
  }
  EXPECT_EQ(fetched, (std::vector<long>{100L * r, 100L * r + 1}));
}

TEST(Rma, AccumulateFromEveryRank) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  auto win = mpisight::Window<int>::allocate(comm, 4);
  std::fill(win.local().begin(), win.local().end(), 0);
  mpisight::barrier(comm);
  {
    const auto epoch = win.fence();
    win.accumulate(std::vector<int>{1, comm.rank(), 2 * comm.rank(), 7}, 0, 0, std::plus<>{});
  }
  if (comm.rank() == 0) {
    const auto local = win.local();
    EXPECT_EQ(local[0], n);
    EXPECT_EQ(local[1], n * (n - 1) / 2);
    EXPECT_EQ(local[2], n * (n - 1));
    EXPECT_EQ(local[3], 7 * n);
  }
  mpisight::barrier(comm);
}

TEST(Rma, AtomicsUnderLocks) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  auto win = mpisight::Window<long>::create(comm, std::vector<long>{0, -1});
  mpisight::barrier(comm);
  constexpr int kIncrements = 25;
  std::vector<long> seen;
  {
    auto all = win.lock_all();
    for (int i = 0; i < kIncrements; ++i) {
      seen.push_back(win.fetch_and_op(1L, 0, 0, std::plus<>{}));
    }
  }
  long won = 0;
  {
    const auto guard = win.lock(0, mpisight::LockKind::kExclusive);
    won = win.compare_and_swap(-1L, static_cast<long>(comm.rank()), 0, 1) == -1 ? 1 : 0;
  }
  mpisight::barrier(comm);
  // Every previous value a rank saw is distinct across all ranks: 0 .. n*kIncrements-1 exactly once.
  const auto all_seen = mpisight::allgather(comm, seen);
  const std::set<long> distinct(all_seen.begin(), all_seen.end());
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(n * kIncrements));
  EXPECT_EQ(*distinct.rbegin(), n * kIncrements - 1L);
  EXPECT_EQ(mpisight::allreduce(comm, won, std::plus<>{}), 1);
  if (comm.rank() == 0) {
    EXPECT_EQ(win.local()[0], n * kIncrements);
    EXPECT_GE(win.local()[1], 0);
    EXPECT_LT(win.local()[1], n);
  }
  mpisight::barrier(comm);
}

TEST(Rma, PostStartCompleteWait) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int r = comm.rank();
  const int peer = r ^ 1;
  auto win = mpisight::Window<double>::create(comm, std::vector<double>(3, 0.0));
  if (peer < comm.size()) {
    if (r % 2 == 0) {
      const std::vector<int> targets{peer};
      const auto access = win.start(targets);
      win.put(std::vector<double>{r + 0.5, r + 1.5, r + 2.5}, peer, 0);
    } else {
      const std::vector<int> origins{peer};
      { const auto exposure = win.post(origins); }
      EXPECT_EQ(win.local()[0], peer + 0.5);
      EXPECT_EQ(win.local()[1], peer + 1.5);
      EXPECT_EQ(win.local()[2], peer + 2.5);
    }
  }
  mpisight::barrier(comm);
}

TEST(Rma, CallsOutsideAnEpochAreCaughtAtTheUsersLine) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  auto win = mpisight::Window<int>::allocate(comm, 2);
  const int line = __LINE__ + 2;
  try {
    win.put(std::vector<int>{1}, 0, 0);
    FAIL() << "put outside an epoch was not caught";
  } catch (const mpisight::UsageError& e) {
    EXPECT_EQ(e.where().line(), static_cast<unsigned>(line));
    EXPECT_NE(std::string(e.what()).find("outside an access epoch"), std::string::npos) << e.what();
  }
  std::vector<int> out(1);
  EXPECT_THROW(win.get(out, 0, 0), mpisight::UsageError);
  {
    const auto epoch = win.fence();
    EXPECT_THROW((void)win.fetch_and_op(1, 0, 0, std::plus<>{}), mpisight::UsageError);  // needs a lock
    EXPECT_THROW(win.accumulate(std::vector<int>{1}, 0, 0, [](int a, int b) { return a - b; }),
                 mpisight::UsageError);  // MPI allows predefined operations only
  }
  {
    const auto guard = win.lock(comm.size() - 1, mpisight::LockKind::kShared);
    EXPECT_THROW(win.put(std::vector<int>{1}, 0, 0), mpisight::UsageError) << "rank 0 is not locked";
  }
  mpisight::barrier(comm);
}

TEST(Rma, DynamicWindowWithAttachedMemory) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  const int right = (r + 1) % n;
  const int left = (r + n - 1) % n;
  auto win = mpisight::Window<int>::create_dynamic(comm);
  auto first = win.attach(std::vector<int>(4, -1));
  auto second = win.attach(std::vector<int>(2, -2));
  const std::vector<long> firsts = mpisight::allgather(comm, static_cast<long>(first.address().value));
  const std::vector<long> seconds = mpisight::allgather(comm, static_cast<long>(second.address().value));
  const mpisight::RemoteAddress right_first{firsts[static_cast<std::size_t>(right)]};
  const mpisight::RemoteAddress right_second{seconds[static_cast<std::size_t>(right)]};
  {
    const auto epoch = win.fence();
    win.put(std::vector<int>{r * 10, r * 10 + 1}, right, right_first, 1);  // elements 1 and 2
    win.put(std::vector<int>{r + 500}, right, right_second, 1);
  }
  EXPECT_EQ(std::vector<int>(first.local().begin(), first.local().end()),
            (std::vector<int>{-1, left * 10, left * 10 + 1, -1}));
  EXPECT_EQ(std::vector<int>(second.local().begin(), second.local().end()), (std::vector<int>{-2, left + 500}));
  std::vector<int> fetched(3);
  {
    const auto lock = win.lock_all();
    win.get(fetched, right, right_first, 0);
  }
  EXPECT_EQ(fetched, (std::vector<int>{-1, r * 10, r * 10 + 1}));
  // A bare element offset means nothing on a dynamic window, and a static window has nothing to attach.
  {
    const auto epoch = win.fence();
    EXPECT_THROW(win.put(std::vector<int>{1}, right, 0), mpisight::UsageError);
  }
  auto fixed = mpisight::Window<int>::create(comm, std::vector<int>(1));
  EXPECT_THROW((void)fixed.attach(std::vector<int>(1)), mpisight::UsageError);
  mpisight::barrier(comm);  // nobody accesses `second` after it is detached
}

TEST(Rma, AttachmentOutlivingItsWindowIsDetachedAndReported) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  std::vector<mpisight::Misuse> reports;
  const auto previous = mpisight::set_misuse_handler([&](const mpisight::Misuse& m) { reports.push_back(m); });
  std::optional<mpisight::Attachment<double>> kept;
  unsigned line = 0;
  {
    auto win = mpisight::Window<double>::create_dynamic(comm);
    line = __LINE__ + 1;
    kept.emplace(win.attach(std::vector<double>{1.5, 2.5}));
  }
  mpisight::set_misuse_handler(previous);
  ASSERT_EQ(reports.size(), 1U);
  EXPECT_EQ(reports[0].kind, mpisight::MisuseKind::kAttachmentOutlivedWindow);
  EXPECT_EQ(reports[0].where.line(), line);
  EXPECT_EQ(kept->local()[1], 2.5);  // the memory is still the attachment's
  kept.reset();                      // and its destructor does not touch the freed window
}

}  // namespace
