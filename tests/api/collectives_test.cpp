// Blocking collectives through the API: every element of every result checked against what each rank
// contributed, predefined and user-defined reductions, and the v-forms with counts computed by the API.
#include "mpisight/collectives.hpp"

#include <array>
#include <functional>
#include <gtest/gtest.h>
#include <numeric>
#include <tuple>
#include <vector>

#include "mpisight/collectives_v.hpp"

namespace algebra {

// A registered struct with operator+: std::plus on it becomes a user MPI operation.
struct Vec2 {
  double x;
  double y;
  friend Vec2 operator+(const Vec2& a, const Vec2& b) { return {a.x + b.x, a.y + b.y}; }
  bool operator==(const Vec2&) const = default;
};

constexpr auto mpisight_fields(mpisight::TypeTag<Vec2>) {
  return std::tuple{&Vec2::x, &Vec2::y};
}

// Decimal digits written one after the other: associative but not commutative.
struct Digits {
  long value;
  long scale;  // 10^(number of digits)
};

constexpr auto mpisight_fields(mpisight::TypeTag<Digits>) {
  return std::tuple{&Digits::value, &Digits::scale};
}

}  // namespace algebra

namespace {

using algebra::Digits;
using algebra::Vec2;

int sum_below(int n) {
  return n * (n - 1) / 2;
}  // 0 + 1 + ... + n-1

TEST(Collectives, BcastValueRangeAndRoot) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  for (int root = 0; root < comm.size(); ++root) {
    double value = comm.rank() == root ? 3.25 * root : -1.0;
    std::vector<int> data(10, -1);
    if (comm.rank() == root) {
      std::iota(data.begin(), data.end(), root * 10);
    }
    mpisight::bcast(comm, value, root);
    mpisight::bcast(comm, data, root);
    EXPECT_EQ(value, 3.25 * root);
    for (int i = 0; i < 10; ++i) {
      EXPECT_EQ(data[static_cast<std::size_t>(i)], root * 10 + i);
    }
  }
  mpisight::barrier(comm);
}

TEST(Collectives, PredefinedReductions) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  EXPECT_EQ(mpisight::allreduce(comm, r, std::plus<>{}), sum_below(n));
  EXPECT_EQ(mpisight::allreduce(comm, r + 1, std::multiplies<>{}), n == 2 ? 2 : 24);
  EXPECT_EQ(mpisight::allreduce(comm, r * 3, mpisight::ops::max), (n - 1) * 3);
  EXPECT_EQ(mpisight::allreduce(comm, r - 5, mpisight::ops::min), -5);
  EXPECT_EQ(mpisight::allreduce(comm, 1U << r, std::bit_or<>{}), (1U << n) - 1);
  EXPECT_FALSE(mpisight::allreduce(comm, r != 0, std::logical_and<>{}));
  EXPECT_TRUE(mpisight::allreduce(comm, r != 0, std::logical_or<>{}));
  const int root = n - 1;
  const long total = mpisight::reduce(comm, static_cast<long>(r) * 1000, std::plus<>{}, root);
  if (r == root) {
    EXPECT_EQ(total, sum_below(n) * 1000L);
  }
  std::vector<double> in(7);
  for (std::size_t i = 0; i < in.size(); ++i) {
    in[i] = r * 0.5 + static_cast<double>(i);
  }
  std::vector<double> out(7);
  mpisight::allreduce(comm, in, out, std::plus<>{});
  for (std::size_t i = 0; i < out.size(); ++i) {
    EXPECT_DOUBLE_EQ(out[i], 0.5 * sum_below(n) + static_cast<double>(i) * n);
  }
  std::vector<int> counts(5, r);
  mpisight::allreduce_in_place(comm, counts, mpisight::ops::max);
  EXPECT_EQ(counts, std::vector<int>(5, n - 1));
  std::vector<double> wrong(6);
  EXPECT_THROW(mpisight::allreduce(comm, in, wrong, std::plus<>{}), mpisight::UsageError);
}

TEST(Collectives, UserOperationsFollowRankOrder) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  // Not commutative: digits in rank order (12, 1234), which only a correctly ordered reduction yields.
  const auto append = [](const Digits& a, const Digits& b) {
    return Digits{a.value * b.scale + b.value, a.scale * b.scale};
  };
  long expected = 0;
  for (int i = 0; i < n; ++i) {
    expected = expected * 10 + (i + 1);
  }
  EXPECT_EQ(mpisight::allreduce(comm, Digits{comm.rank() + 1L, 10}, append).value, expected);
  EXPECT_EQ(
      mpisight::scan(comm, Digits{comm.rank() + 1L, 10}, append).value, expected / [&] {
        long drop = 1;
        for (int i = comm.rank() + 1; i < n; ++i) {
          drop *= 10;
        }
        return drop;
      }());
  const Vec2 total = mpisight::allreduce(comm, Vec2{1.0 * comm.rank(), 2.0}, mpisight::commutative(std::plus<>{}));
  EXPECT_EQ(total, (Vec2{1.0 * sum_below(n), 2.0 * n}));
  // The same operation is created once and reused.
  EXPECT_EQ(mpisight::op_of<Digits>(append), mpisight::op_of<Digits>(append));
}

TEST(Collectives, ScanAndExscan) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int r = comm.rank();
  EXPECT_EQ(mpisight::scan(comm, r + 1, std::plus<>{}), (r + 1) * (r + 2) / 2);
  const auto before = mpisight::exscan(comm, r + 1, std::plus<>{});
  if (r == 0) {
    EXPECT_FALSE(before.has_value());
  } else {
    ASSERT_TRUE(before.has_value());
    EXPECT_EQ(*before, r * (r + 1) / 2);
  }
}

TEST(Collectives, GatherScatterAllgatherAlltoall) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  const int root = 1 % n;
  const auto gathered = mpisight::gather(comm, std::array<int, 2>{r, r * r}, root);
  if (r == root) {
    ASSERT_EQ(gathered.size(), static_cast<std::size_t>(2 * n));
    for (int i = 0; i < n; ++i) {
      EXPECT_EQ(gathered[static_cast<std::size_t>(2 * i)], i);
      EXPECT_EQ(gathered[static_cast<std::size_t>(2 * i + 1)], i * i);
    }
  } else {
    EXPECT_TRUE(gathered.empty());
  }
  const auto everyone = mpisight::allgather(comm, 10 * r);
  ASSERT_EQ(everyone.size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(everyone[static_cast<std::size_t>(i)], 10 * i);
  }
  std::vector<int> source;
  if (r == root) {
    source.resize(static_cast<std::size_t>(3 * n));
    std::iota(source.begin(), source.end(), 500);
  }
  const auto piece = mpisight::scatter(comm, source, 3, root);
  EXPECT_EQ(piece, (std::vector<int>{500 + 3 * r, 501 + 3 * r, 502 + 3 * r}));
  std::vector<int> send(static_cast<std::size_t>(2 * n));
  for (int j = 0; j < n; ++j) {
    send[static_cast<std::size_t>(2 * j)] = r * 100 + j;
    send[static_cast<std::size_t>(2 * j + 1)] = -(r * 100 + j);
  }
  const auto received = mpisight::alltoall(comm, send);
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(received[static_cast<std::size_t>(2 * i)], i * 100 + r);
    EXPECT_EQ(received[static_cast<std::size_t>(2 * i + 1)], -(i * 100 + r));
  }
  EXPECT_THROW((void)mpisight::alltoall(comm, std::vector<int>(static_cast<std::size_t>(n) + 1)), mpisight::UsageError);
}

TEST(Collectives, ReduceScatter) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  std::vector<int> in(static_cast<std::size_t>(2 * n));
  std::iota(in.begin(), in.end(), comm.rank());
  const auto mine = mpisight::reduce_scatter_block(comm, in, std::plus<>{});
  ASSERT_EQ(mine.size(), 2U);
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(mine[static_cast<std::size_t>(k)], sum_below(n) + n * (2 * comm.rank() + k));
  }
  // Rank i gets i+1 elements.
  std::vector<int> counts(static_cast<std::size_t>(n));
  std::iota(counts.begin(), counts.end(), 1);
  std::vector<int> wide(static_cast<std::size_t>(n * (n + 1) / 2), comm.rank() + 1);
  const auto part = mpisight::reduce_scatter(comm, wide, counts, std::plus<>{});
  EXPECT_EQ(part, std::vector<int>(static_cast<std::size_t>(comm.rank() + 1), n * (n + 1) / 2));
}

TEST(Collectives, VFormsComputeCountsAndDisplacements) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  // Rank i contributes i+1 copies of 7*i (rank 0 one element, ...).
  const std::vector<int> local(static_cast<std::size_t>(r + 1), 7 * r);
  const auto all = mpisight::allgatherv(comm, local);
  ASSERT_EQ(all.data.size(), static_cast<std::size_t>(n * (n + 1) / 2));
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(all.counts[static_cast<std::size_t>(i)], i + 1);
    EXPECT_EQ(all.displs[static_cast<std::size_t>(i)], i * (i + 1) / 2);
    for (const int v : all.of(i)) {
      EXPECT_EQ(v, 7 * i);
    }
  }
  const auto at_root = mpisight::gatherv(comm, local, 0);
  if (r == 0) {
    EXPECT_EQ(at_root.data, all.data);
  } else {
    EXPECT_TRUE(at_root.data.empty());
  }
  std::vector<std::vector<double>> parts;
  if (r == 0) {
    for (int i = 0; i < n; ++i) {
      parts.emplace_back(static_cast<std::size_t>(2 * i), 1.5 * i);
    }
  }
  EXPECT_EQ(mpisight::scatterv(comm, parts, 0), std::vector<double>(static_cast<std::size_t>(2 * r), 1.5 * r));
  // alltoallv: rank r sends (r + j) % 3 elements of value 100r+j to rank j.
  std::vector<std::vector<long>> outgoing(static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) {
    outgoing[static_cast<std::size_t>(j)].assign(static_cast<std::size_t>((r + j) % 3), 100L * r + j);
  }
  const auto incoming = mpisight::alltoallv(comm, outgoing);
  ASSERT_EQ(incoming.size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(incoming[static_cast<std::size_t>(i)],
              std::vector<long>(static_cast<std::size_t>((i + r) % 3), 100L * i + r));
  }
}

}  // namespace
