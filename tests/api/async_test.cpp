// Coroutines, then() and when_all() over nonblocking operations, driven by one ProgressEngine (MPI_Testsome):
// results carry every element, several coroutines interleave on one thread, misuse is reported.
#include "mpisight/async.hpp"

#include <functional>
#include <gtest/gtest.h>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

#include "mpisight/icollectives.hpp"
#include "mpisight/nonblocking.hpp"

namespace {

using mpisight::Communicator;
using mpisight::Task;

std::vector<int> block(int rank, int round) {
  std::vector<int> v(32);
  std::iota(v.begin(), v.end(), rank * 1000 + round * 50);
  return v;
}

// Passes a block around the ring `rounds` times and returns the sum of everything received.
Task<long> ring(Communicator comm, int rounds, int tag) {
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  long total = 0;
  for (int round = 0; round < rounds; ++round) {
    auto incoming = mpisight::irecv(comm, std::vector<int>(32), left, tag);
    const mpisight::Status sent = co_await mpisight::isend(comm, block(comm.rank(), round), right, tag);
    (void)sent;
    const std::vector<int> got = co_await incoming;
    if (got != block(left, round)) {
      throw std::runtime_error("round " + std::to_string(round) + ": wrong data");
    }
    total += std::accumulate(got.begin(), got.end(), 0L);
  }
  co_return total;
}

long expected_ring_total(int left, int rounds) {
  long total = 0;
  for (int round = 0; round < rounds; ++round) {
    const auto b = block(left, round);
    total += std::accumulate(b.begin(), b.end(), 0L);
  }
  return total;
}

TEST(Async, CoroutineRingExchange) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  EXPECT_EQ(ring(comm, 5, 1).run(), expected_ring_total(left, 5));
  EXPECT_EQ(mpisight::ProgressEngine::this_thread().waiting(), 0U);
}

TEST(Async, TwoCoroutinesInterleaveOnOneEngine) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  // Different tags: both rings are in flight at once and complete in whatever order MPI delivers.
  auto both = mpisight::when_all(ring(comm, 4, 2), ring(comm, 6, 3));
  const auto [a, b] = both.run();
  EXPECT_EQ(a, expected_ring_total(left, 4));
  EXPECT_EQ(b, expected_ring_total(left, 6));
}

// A coroutine with no result: fills `out` through awaited receives.
Task<void> collect(Communicator comm, std::vector<int>& out) {
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  const int right = (comm.rank() + 1) % comm.size();
  auto sent = mpisight::isend(comm, block(comm.rank(), 9), right, 7);
  out = co_await mpisight::irecv(comm, std::vector<int>(32), left, 7);
  co_await sent;
}

TEST(Async, TasksWithoutAResult) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  std::vector<int> got;
  collect(comm, got).run();
  EXPECT_EQ(got, block(left, 9));
}

TEST(Async, WhenAllOverTasksWithoutAResult) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  std::vector<int> got;
  auto all = mpisight::when_all(collect(comm, got), ring(comm, 2, 4), mpisight::ibarrier(comm));
  const auto [done, total, status] = all.run();
  EXPECT_EQ(done, mpisight::Done{});
  EXPECT_EQ(got, block(left, 9));
  EXPECT_EQ(total, expected_ring_total(left, 2));
  EXPECT_EQ(status.error(), MPI_SUCCESS);
}

TEST(Async, ThenAndWhenAllOverFutures) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  auto doubled = mpisight::then(mpisight::iallreduce(comm, comm.rank(), std::plus<>{}), [](int s) { return 2 * s; });
  auto described = mpisight::then(mpisight::iallgather(comm, comm.rank() * 3), [](const std::vector<int>& v) {
    std::string out;
    for (const int x : v) {
      out += std::to_string(x) + ",";
    }
    return out;
  });
  auto all = mpisight::when_all(std::move(doubled), std::move(described), mpisight::ibarrier(comm),
                                mpisight::iallreduce(comm, 1.5, mpisight::ops::max));
  const auto [twice, text, status, maximum] = all.run();
  EXPECT_EQ(twice, n * (n - 1));
  std::string want;
  for (int i = 0; i < n; ++i) {
    want += std::to_string(i * 3) + ",";
  }
  EXPECT_EQ(text, want);
  EXPECT_EQ(status.error(), MPI_SUCCESS);
  EXPECT_EQ(maximum, 1.5);
}

TEST(Async, PollingByHandCompletesEachAwaitOnce) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  auto& engine = mpisight::ProgressEngine::this_thread();
  auto task = ring(comm, 3, 6);
  std::size_t completions = 0;
  while (!task.done()) {
    completions += engine.poll();
  }
  // Each round awaits one send and one receive; a receive already complete when awaited is not polled.
  EXPECT_GE(completions, 3U);
  EXPECT_LE(completions, 6U);
  EXPECT_EQ(task.run(), expected_ring_total(left, 3));
  EXPECT_EQ(engine.waiting(), 0U);
}

Task<int> fails_after_receiving(Communicator comm) {
  const int value = co_await mpisight::irecv<int>(comm, comm.rank(), 5);
  throw std::runtime_error("failed after receiving " + std::to_string(value));
}

TEST(Async, ExceptionsReachTheCaller) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  auto sent = mpisight::isend(comm, 17, comm.rank(), 5);
  auto task = fails_after_receiving(comm);
  try {
    (void)task.run();
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "failed after receiving 17");
  }
  sent.wait();
}

}  // namespace
