// MPI-IO through File: each rank writes its block at an explicit offset (independent, collective, nonblocking)
// and reads another rank's block back; every element checked.
#include "mpisight/file.hpp"

#include <unistd.h>

#include <gtest/gtest.h>
#include <numeric>
#include <string>
#include <vector>

#include "mpisight/collectives.hpp"

namespace {

std::string scratch_path(const mpisight::Communicator& comm) {
  // One name for all ranks: rank 0's pid, broadcast.
  int pid = static_cast<int>(getpid());
  mpisight::bcast(comm, pid, 0);
  return "/tmp/mpisight_api_file_test_" + std::to_string(pid) + ".bin";
}

std::vector<int> block(int rank, int salt) {
  std::vector<int> v(64);
  std::iota(v.begin(), v.end(), rank * 1000 + salt);
  return v;
}

TEST(File, WritesAtOffsetsAndReadsBack) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int n = comm.size();
  const int r = comm.rank();
  const std::string path = scratch_path(comm);
  {
    mpisight::File file(
        comm, path, mpisight::FileMode::kReadWrite | mpisight::FileMode::kCreate | mpisight::FileMode::kDeleteOnClose);
    file.set_view<int>();
    // Region 0: independent writes; region 1: collective; region 2: nonblocking.
    const auto offset = [&](int region, int rank) { return static_cast<MPI_Offset>((region * n + rank) * 64); };
    const auto s = file.write_at(offset(0, r), block(r, 0));
    EXPECT_EQ(s.count<int>(), 64);
    file.write_at_all(offset(1, r), block(r, 1));
    auto pending = file.iwrite_at(offset(2, r), block(r, 2));
    pending.wait();
    file.sync();
    mpisight::barrier(comm);
    file.sync();
    EXPECT_EQ(file.size_bytes(), static_cast<MPI_Offset>(3 * n * 64 * sizeof(int)));
    const int other = (r + 1) % n;
    std::vector<int> got(64);
    file.read_at(offset(0, other), got);
    EXPECT_EQ(got, block(other, 0));
    file.read_at_all(offset(1, other), got);
    EXPECT_EQ(got, block(other, 1));
    auto later = file.iread_at(offset(2, other), std::vector<int>(64));
    EXPECT_EQ(later.get(), block(other, 2));
  }
  EXPECT_THROW(mpisight::File(comm, path, mpisight::FileMode::kRead), mpisight::Error);  // deleted on close
}

}  // namespace
