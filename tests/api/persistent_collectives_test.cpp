// Every MPI-4 persistent collective the API offers, reused over several rounds with new input each round; every
// element of every output checked, v-forms' counts included, and buffers guarded while an operation is active.
#include "mpisight/persistent_collectives.hpp"

#include <functional>
#include <gtest/gtest.h>
#include <vector>

namespace {

std::size_t at(int i) {
  return static_cast<std::size_t>(i);
}

int sum_below(int n) {
  return n * (n - 1) / 2;
}

TEST(PersistentCollectives, ReductionsAndPrefixes) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  const int root = n - 1;
  auto barrier = mpisight::barrier_init(comm);
  auto reduce = mpisight::reduce_init(comm, std::vector<int>(2), std::plus<>{}, root);
  auto scan = mpisight::scan_init(comm, std::vector<long>(2), std::plus<>{});
  auto exscan = mpisight::exscan_init(comm, std::vector<int>(1), std::plus<>{});
  auto block = mpisight::reduce_scatter_block_init(comm, std::vector<int>(at(2 * n)), std::plus<>{});
  std::vector<int> counts(at(n));
  for (int i = 0; i < n; ++i) {
    counts[at(i)] = i + 1;
  }
  auto scatter = mpisight::reduce_scatter_init(comm, std::vector<int>(at(n * (n + 1) / 2)), counts, std::plus<>{});
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    reduce.input()[0] = r + round;
    reduce.input()[1] = 2 * r;
    scan.input()[0] = r + 1;
    scan.input()[1] = round;
    exscan.input()[0] = r + 1;
    auto in = block.input();
    for (std::size_t j = 0; j < in.size(); ++j) {
      in[j] = static_cast<int>(j) + round;
    }
    auto in2 = scatter.input();
    for (std::size_t j = 0; j < in2.size(); ++j) {
      in2[j] = static_cast<int>(j) + r * round;
    }
    barrier.start();
    reduce.start();
    scan.start();
    exscan.start();
    block.start();
    scatter.start();
    EXPECT_THROW((void)scatter.input(), mpisight::UsageError);
    mpisight::wait_all(barrier, reduce, scan, exscan, block, scatter);
    if (r == root) {
      ASSERT_EQ(reduce.output().size(), 2U);
      EXPECT_EQ(reduce.output()[0], sum_below(n) + n * round);
      EXPECT_EQ(reduce.output()[1], 2 * sum_below(n));
    } else {
      EXPECT_TRUE(reduce.output().empty());
    }
    EXPECT_EQ(scan.output()[0], (r + 1L) * (r + 2L) / 2);
    EXPECT_EQ(scan.output()[1], round * (r + 1L));
    if (r > 0) {
      EXPECT_EQ(exscan.output()[0], r * (r + 1) / 2);
    }
    ASSERT_EQ(block.output().size(), 2U);
    for (int k = 0; k < 2; ++k) {
      EXPECT_EQ(block.output()[at(k)], n * (2 * r + k + round));
    }
    ASSERT_EQ(scatter.output().size(), at(r + 1));
    const int first = r * (r + 1) / 2;  // where rank r's block starts
    for (int k = 0; k <= r; ++k) {
      EXPECT_EQ(scatter.output()[at(k)], n * (first + k) + sum_below(n) * round);
    }
  }
}

TEST(PersistentCollectives, FixedSizeDataMovement) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  auto gather = mpisight::gather_init(comm, std::vector<int>(2), 0);
  auto allgather = mpisight::allgather_init(comm, std::vector<double>(1));
  auto scatter = mpisight::scatter_init(comm, std::vector<int>(r == 0 ? at(2 * n) : 0), 2, 0);
  auto alltoall = mpisight::alltoall_init(comm, std::vector<int>(at(n)));
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    gather.input()[0] = r;
    gather.input()[1] = round;
    allgather.input()[0] = r * 0.5 + round;
    if (r == 0) {
      auto in = scatter.input();
      for (std::size_t j = 0; j < in.size(); ++j) {
        in[j] = 1000 * round + static_cast<int>(j);
      }
    }
    auto in = alltoall.input();
    for (int j = 0; j < n; ++j) {
      in[at(j)] = r * 10 + j + round;
    }
    gather.start();
    allgather.start();
    scatter.start();
    alltoall.start();
    mpisight::wait_all(gather, allgather, scatter, alltoall);
    if (r == 0) {
      ASSERT_EQ(gather.output().size(), at(2 * n));
      for (int i = 0; i < n; ++i) {
        EXPECT_EQ(gather.output()[at(2 * i)], i);
        EXPECT_EQ(gather.output()[at(2 * i + 1)], round);
      }
    } else {
      EXPECT_TRUE(gather.output().empty());
    }
    ASSERT_EQ(allgather.output().size(), at(n));
    for (int i = 0; i < n; ++i) {
      EXPECT_EQ(allgather.output()[at(i)], i * 0.5 + round);
      EXPECT_EQ(alltoall.output()[at(i)], i * 10 + r + round);
    }
    ASSERT_EQ(scatter.output().size(), 2U);
    EXPECT_EQ(scatter.output()[0], 1000 * round + 2 * r);
    EXPECT_EQ(scatter.output()[1], 1000 * round + 2 * r + 1);
  }
}

TEST(PersistentCollectives, VFormsKeepTheirCounts) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  const int root = n - 1;
  auto gatherv = mpisight::gatherv_init(comm, std::vector<int>(at(r + 1)), root);
  std::vector<std::vector<int>> scatter_parts;
  if (r == 0) {
    for (int j = 0; j < n; ++j) {
      scatter_parts.emplace_back(at(j + 1));
    }
  }
  auto scatterv = mpisight::scatterv_init(comm, scatter_parts, 0);
  std::vector<std::vector<int>> parts;
  for (int j = 0; j < n; ++j) {
    parts.emplace_back(at((r + j) % 3));
  }
  auto alltoallv = mpisight::alltoallv_init(comm, parts);
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    for (int& v : gatherv.input()) {
      v = r * 100 + round;
    }
    if (r == 0) {
      auto in = scatterv.input();
      std::size_t k = 0;
      for (int j = 0; j < n; ++j) {
        for (int e = 0; e <= j; ++e) {
          in[k++] = j * 10 + e + round;
        }
      }
    }
    auto in = alltoallv.input();
    std::size_t k = 0;
    for (int j = 0; j < n; ++j) {
      for (int e = 0; e < (r + j) % 3; ++e) {
        in[k++] = 100 * r + j + round;
      }
    }
    gatherv.start();
    scatterv.start();
    alltoallv.start();
    mpisight::wait_all(gatherv, scatterv, alltoallv);
    if (r == root) {
      ASSERT_EQ(gatherv.counts().size(), at(n));
      ASSERT_EQ(gatherv.output().size(), at(n * (n + 1) / 2));
      std::size_t g = 0;
      for (int i = 0; i < n; ++i) {
        EXPECT_EQ(gatherv.counts()[at(i)], i + 1);
        for (int e = 0; e <= i; ++e) {
          EXPECT_EQ(gatherv.output()[g++], i * 100 + round);
        }
      }
    } else {
      EXPECT_TRUE(gatherv.output().empty());
    }
    ASSERT_EQ(scatterv.output().size(), at(r + 1));
    for (int e = 0; e <= r; ++e) {
      EXPECT_EQ(scatterv.output()[at(e)], r * 10 + e + round);
    }
    ASSERT_EQ(alltoallv.counts().size(), at(n));
    std::size_t a = 0;
    for (int i = 0; i < n; ++i) {
      EXPECT_EQ(alltoallv.counts()[at(i)], (i + r) % 3);
      for (int e = 0; e < (i + r) % 3; ++e) {
        EXPECT_EQ(alltoallv.output()[a++], 100 * i + r + round);
      }
    }
    EXPECT_EQ(a, alltoallv.output().size());
  }
}

}  // namespace
