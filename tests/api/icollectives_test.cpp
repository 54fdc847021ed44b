// Nonblocking collectives (futures owning their buffers) and persistent collectives (objects owning theirs):
// every element of every result checked, several operations in flight at once, buffer access while active caught.
#include "mpisight/icollectives.hpp"

#include <functional>
#include <gtest/gtest.h>
#include <numeric>
#include <vector>

namespace {

int sum_below(int n) {
  return n * (n - 1) / 2;
}

TEST(NonblockingCollectives, SeveralInFlightAtOnce) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  const int root = n - 1;
  auto barrier = mpisight::ibarrier(comm);
  auto sum = mpisight::iallreduce(comm, r + 1, std::plus<>{});
  auto vec = mpisight::iallreduce(comm, std::vector<double>{1.0 * r, 2.0, -1.0 * r}, mpisight::ops::max);
  auto bcast = mpisight::ibcast(comm, r == root ? std::vector<int>{7, 8, 9} : std::vector<int>(3), root);
  auto reduced = mpisight::ireduce(comm, r * 2, std::plus<>{}, root);
  auto prefix = mpisight::iscan(comm, 1, std::plus<>{});
  auto everyone = mpisight::iallgather(comm, r * r);
  auto at_root = mpisight::igather(comm, -r, root);
  std::vector<long> source;
  if (r == root) {
    source.resize(static_cast<std::size_t>(2 * n));
    std::iota(source.begin(), source.end(), 40L);
  }
  auto piece = mpisight::iscatter(comm, std::move(source), 2, root);
  std::vector<int> outgoing(static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) {
    outgoing[static_cast<std::size_t>(j)] = r * 10 + j;
  }
  auto exchanged = mpisight::ialltoall(comm, std::move(outgoing));
  auto varying = mpisight::iallgatherv(comm, std::vector<int>(static_cast<std::size_t>(r), r));

  mpisight::wait_all(barrier, sum, vec, bcast, reduced, prefix, everyone, at_root, piece, exchanged, varying);
  EXPECT_EQ(sum.get(), n * (n + 1) / 2);
  EXPECT_EQ(vec.get(), (std::vector<double>{n - 1.0, 2.0, 0.0}));
  EXPECT_EQ(bcast.get(), (std::vector<int>{7, 8, 9}));
  const int total = reduced.get();
  if (r == root) {
    EXPECT_EQ(total, 2 * sum_below(n));
  }
  EXPECT_EQ(prefix.get(), r + 1);
  const auto squares = everyone.get();
  const auto negatives = at_root.get();
  ASSERT_EQ(squares.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(negatives.size(), r == root ? static_cast<std::size_t>(n) : 0U);
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(squares[static_cast<std::size_t>(i)], i * i);
    if (r == root) {
      EXPECT_EQ(negatives[static_cast<std::size_t>(i)], -i);
    }
  }
  EXPECT_EQ(piece.get(), (std::vector<long>{40L + 2 * r, 41L + 2 * r}));
  const auto got = exchanged.get();
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(got[static_cast<std::size_t>(i)], i * 10 + r);
  }
  const auto gathered = varying.get();
  ASSERT_EQ(gathered.data.size(), static_cast<std::size_t>(sum_below(n)));
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(gathered.counts[static_cast<std::size_t>(i)], i);
    for (const int v : gathered.of(i)) {
      EXPECT_EQ(v, i);
    }
  }
}

TEST(NonblockingCollectives, ExscanReduceScatterAndAlltoallv) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  auto before = mpisight::iexscan(comm, r + 1, std::plus<>{});
  std::vector<int> in(static_cast<std::size_t>(2 * n));
  std::iota(in.begin(), in.end(), r);
  auto block = mpisight::ireduce_scatter_block(comm, std::move(in), std::plus<>{});
  std::vector<std::vector<long>> parts(static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) {
    parts[static_cast<std::size_t>(j)].assign(static_cast<std::size_t>((r + j) % 3), 100L * r + j);
  }
  auto exchanged = mpisight::ialltoallv(comm, parts);
  mpisight::wait_all(before, block, exchanged);
  const int prefix = before.get();
  if (r > 0) {
    EXPECT_EQ(prefix, r * (r + 1) / 2);
  }
  const auto mine = block.get();
  ASSERT_EQ(mine.size(), 2U);
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(mine[static_cast<std::size_t>(k)], sum_below(n) + n * (2 * r + k));
  }
  const auto got = exchanged.get();
  for (int i = 0; i < n; ++i) {
    const auto from = got.of(i);
    ASSERT_EQ(from.size(), static_cast<std::size_t>((i + r) % 3));
    for (const long v : from) {
      EXPECT_EQ(v, 100L * i + r);
    }
  }
}

TEST(NonblockingCollectives, GathervScattervAndReduceScatter) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  const int root = n - 1;
  auto gathered = mpisight::igatherv(comm, std::vector<int>(static_cast<std::size_t>(r + 1), r * 7), root);
  std::vector<std::vector<long>> parts;
  if (r == 0) {
    for (int j = 0; j < n; ++j) {
      parts.push_back(std::vector<long>(static_cast<std::size_t>(j % 3), 100L + j));
    }
  }
  auto scattered = mpisight::iscatterv(comm, parts, 0);
  std::vector<int> counts(static_cast<std::size_t>(n));
  std::vector<int> data;
  for (int i = 0; i < n; ++i) {
    counts[static_cast<std::size_t>(i)] = i + 1;
    for (int k = 0; k <= i; ++k) {
      data.push_back(r + i * 10 + k);
    }
  }
  auto reduced = mpisight::ireduce_scatter(comm, std::move(data), counts, std::plus<>{});
  mpisight::wait_all(gathered, scattered, reduced);
  const auto g = gathered.get();
  if (r == root) {
    for (int i = 0; i < n; ++i) {
      const auto from = g.of(i);
      ASSERT_EQ(from.size(), static_cast<std::size_t>(i + 1));
      for (const int v : from) {
        EXPECT_EQ(v, i * 7);
      }
    }
  } else {
    EXPECT_TRUE(g.data.empty());
  }
  EXPECT_EQ(scattered.get(), std::vector<long>(static_cast<std::size_t>(r % 3), 100L + r));
  const auto mine = reduced.get();
  ASSERT_EQ(mine.size(), static_cast<std::size_t>(r + 1));
  for (int k = 0; k <= r; ++k) {
    EXPECT_EQ(mine[static_cast<std::size_t>(k)], sum_below(n) + n * (r * 10 + k));
  }
}

TEST(PersistentCollectives, ReusedWithNewInputEachRound) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  auto sum = mpisight::allreduce_init(comm, std::vector<int>(4), std::plus<>{});
  auto bcast = mpisight::bcast_init(comm, std::vector<double>(3), 0);
  auto gather = mpisight::allgatherv_init(comm, std::vector<int>(static_cast<std::size_t>(r + 1)));
  for (int round = 0; round < 4; ++round) {
    auto in = sum.input();
    for (std::size_t i = 0; i < in.size(); ++i) {
      in[i] = r * round + static_cast<int>(i);
    }
    if (r == 0) {
      auto b = bcast.input();
      b[0] = round;
      b[1] = round * 0.5;
      b[2] = -round;
    }
    for (int& v : gather.input()) {
      v = r * 100 + round;
    }
    sum.start();
    bcast.start();
    gather.start();
    EXPECT_THROW((void)sum.input(), mpisight::UsageError);
    EXPECT_THROW((void)gather.output(), mpisight::UsageError);
    mpisight::wait_all(sum, bcast, gather);
    const auto out = sum.output();
    for (std::size_t i = 0; i < out.size(); ++i) {
      EXPECT_EQ(out[i], round * sum_below(n) + n * static_cast<int>(i)) << "round " << round;
    }
    const auto b = bcast.output();
    EXPECT_EQ(b[0], round);
    EXPECT_EQ(b[1], round * 0.5);
    EXPECT_EQ(b[2], -round);
    const auto g = gather.output();
    ASSERT_EQ(g.size(), static_cast<std::size_t>(n * (n + 1) / 2));
    std::size_t k = 0;
    for (int i = 0; i < n; ++i) {
      for (int c = 0; c <= i; ++c) {
        EXPECT_EQ(g[k++], i * 100 + round);
      }
    }
  }
}

}  // namespace
