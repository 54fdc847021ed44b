// Each checked misuse not triggered by its family's test: the UsageError arrives at the caller's line before MPI
// sees the call (so every rank can go on), and the message names what was wrong. Counts above INT_MAX use a span
// over one byte: the API refuses the count before any memory is touched.
#include <unistd.h>

#include <climits>
#include <cstddef>
#include <gtest/gtest.h>
#include <source_location>
#include <span>
#include <string>
#include <vector>

#include "mpisight/mpisight.hpp"

namespace {

// Runs `call` (an API call written on the caller's line) and checks it throws a UsageError naming that line and
// mentioning `words`.
template <class Call>
void expect_usage_error(Call&& call, const std::string& words,
                        const std::source_location here = std::source_location::current()) {
  try {
    call();
    ADD_FAILURE_AT(here.file_name(), static_cast<int>(here.line())) << "no UsageError; expected: " << words;
  } catch (const mpisight::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    EXPECT_EQ(e.where().line(), here.line()) << e.what();
    EXPECT_TRUE(std::string(e.where().file_name()).ends_with("misuse_test.cpp")) << e.what();
  }
}

// INT_MAX + 1 bytes starting at one real byte; never read.
std::span<std::byte> oversized(std::byte& first) {
  return {&first, static_cast<std::size_t>(INT_MAX) + 1};
}

TEST(Misuse, BlocksThatDoNotSplitEvenly) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const std::vector<int> odd(static_cast<std::size_t>(comm.size()) + 1, 1);
  expect_usage_error([&] { (void)mpisight::reduce_scatter_block(comm, odd, std::plus<>{}); },  //
                     "reduce_scatter_block input does not split into equal blocks");
  expect_usage_error([&] { (void)mpisight::ireduce_scatter_block(comm, std::vector<int>(odd), std::plus<>{}); },
                     "ireduce_scatter_block input does not split into equal blocks");
  expect_usage_error([&] { (void)mpisight::ialltoall(comm, std::vector<int>(odd)); },  //
                     "ialltoall input does not split into equal blocks");
  expect_usage_error([&] { (void)mpisight::alltoall_init(comm, std::vector<int>(odd)); },  //
                     "does not split into " + std::to_string(comm.size()) + " equal blocks");
  // Still in step: nothing reached MPI.
  EXPECT_EQ(mpisight::allreduce(comm, 1, std::plus<>{}), comm.size());
}

TEST(Misuse, CountsAboveIntMaxWhereMpiTakesAnInt) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  std::byte first{};
  expect_usage_error([&] { (void)mpisight::allgather(comm, oversized(first)); },  //
                     "exceeds INT_MAX for this collective");
  auto win = mpisight::Window<std::byte>::allocate(comm, 1);
  {
    auto epoch = win.lock_all();
    expect_usage_error([&] { win.get(oversized(first), comm.rank(), 0); },  //
                       "RMA transfer of 2147483648 elements exceeds INT_MAX");
  }
  const std::string path = testing::TempDir() + "mpisight_misuse_" + std::to_string(::getpid());
  using mpisight::FileMode;
  mpisight::File file(mpisight::self(), path, FileMode::kCreate | FileMode::kReadWrite | FileMode::kDeleteOnClose);
  expect_usage_error([&] { (void)file.read_at(0, oversized(first)); },  //
                     "file access of more than INT_MAX elements");
}

TEST(Misuse, WindowAddressingMustMatchTheWindowKind) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int right = (comm.rank() + 1) % comm.size();
  auto fixed = mpisight::Window<int>::allocate(comm, 4);
  auto dynamic = mpisight::Window<int>::create_dynamic(comm);
  {
    auto fixed_epoch = fixed.lock_all();
    auto dynamic_epoch = dynamic.lock_all();
    expect_usage_error([&] { fixed.put(std::vector<int>{1}, right, mpisight::RemoteAddress{0}); },
                       "a RemoteAddress addresses a dynamic window only");
    expect_usage_error([&] { dynamic.put(std::vector<int>{1}, right, 0); },  //
                       "a dynamic window is addressed with an attachment's RemoteAddress");
  }
}

TEST(Misuse, RequestsUsedOutOfOrder) {
  const mpisight::Environment env;
  mpisight::PersistentRequest empty;
  expect_usage_error([&] { empty.start(); },  //
                     "start() on an empty persistent request");
  expect_usage_error([&] { mpisight::ProgressEngine::this_thread().run_until([] { return false; }); },
                     "nothing left to wait for, but the awaited work is not done");
}

TEST(Misuse, MessageOfPartialElementsIsDrainedThenReported) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  auto sent = mpisight::isend(comm, std::vector<char>{'a', 'b', 'c'}, right, 5);
  expect_usage_error([&] { (void)mpisight::recv_vector<int>(comm, left, 5); },  //
                     "received 3 bytes, not a whole number of elements");
  sent.wait();
  // The message did not linger: nothing else is waiting under that tag.
  mpisight::barrier(comm);
  EXPECT_FALSE(mpisight::iprobe(comm, left, 5).has_value());
}

TEST(Misuse, CartesianGridNeedsOnePeriodicityPerDimension) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const std::vector<int> dims{0};
  const std::vector<bool> periodic{true, false};
  expect_usage_error([&] { (void)mpisight::CartCommunicator(comm, dims, periodic); },  //
                     "periodic needs one entry per dimension");
}

}  // namespace
