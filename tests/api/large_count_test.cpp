// Counts above INT_MAX go through the MPI-4 large-count (_c) calls; this binary interposes them to count.
// LargeCountDispatch (always run, milliseconds): every point-to-point path with INT_MAX + 1 elements of a
// zero-size datatype, so no memory moves. LargeCount (CMake option MPISIGHT_LARGE_TESTS, ~9 GiB, minutes here):
// a typed message of 1-byte elements and an object message of more than INT_MAX bytes, intact end to end.
#include <climits>
#include <cstdint>
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "mpisight/nonblocking.hpp"
#include "mpisight/object.hpp"
#include "mpisight/p2p.hpp"

namespace {

int large_sends = 0;
int large_matched_receives = 0;
int large_receives = 0;
int large_isends = 0;
int large_irecvs = 0;
MPI_Count last_count = 0;

constexpr std::size_t kCount = static_cast<std::size_t>(INT_MAX) + 4097;

std::uint8_t pattern(std::size_t i) {
  return static_cast<std::uint8_t>((i * 31U) ^ (i >> 20U));
}

}  // namespace

extern "C" int MPI_Send_c(const void* buf, MPI_Count count, MPI_Datatype type, int dest, int tag, MPI_Comm comm) {
  ++large_sends;
  last_count = count;
  return PMPI_Send_c(buf, count, type, dest, tag, comm);
}

extern "C" int MPI_Mrecv_c(void* buf, MPI_Count count, MPI_Datatype type, MPI_Message* message, MPI_Status* status) {
  ++large_matched_receives;
  last_count = count;
  return PMPI_Mrecv_c(buf, count, type, message, status);
}

extern "C" int MPI_Recv_c(void* buf, MPI_Count count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                          MPI_Status* status) {
  ++large_receives;
  last_count = count;
  return PMPI_Recv_c(buf, count, type, source, tag, comm, status);
}

extern "C" int MPI_Isend_c(const void* buf, MPI_Count count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
                           MPI_Request* request) {
  ++large_isends;
  last_count = count;
  return PMPI_Isend_c(buf, count, type, dest, tag, comm, request);
}

extern "C" int MPI_Irecv_c(void* buf, MPI_Count count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                           MPI_Request* request) {
  ++large_irecvs;
  last_count = count;
  return PMPI_Irecv_c(buf, count, type, source, tag, comm, request);
}

namespace {

// INT_MAX + 1 elements of a datatype of size zero: a large count that moves no bytes.
constexpr auto kJustAbove = static_cast<std::size_t>(INT_MAX) + 1;

class ZeroSizeType {
 public:
  ZeroSizeType() {
    MPI_Type_contiguous(0, MPI_BYTE, &type_);
    MPI_Type_commit(&type_);
  }
  ~ZeroSizeType() { MPI_Type_free(&type_); }
  ZeroSizeType(const ZeroSizeType&) = delete;
  ZeroSizeType& operator=(const ZeroSizeType&) = delete;
  [[nodiscard]] mpisight::detail::RawBuffer buffer(std::byte* at) const { return {at, kJustAbove, type_}; }

 private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
};

TEST(LargeCountDispatch, EveryPointToPointPathUsesTheLargeCountCall) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const ZeroSizeType zero;
  std::byte anchor{};
  const auto where = std::source_location::current();
  const int peer = 1 - comm.rank();
  if (comm.rank() > 1) {
    return;
  }
  large_sends = large_receives = large_matched_receives = large_isends = large_irecvs = 0;
  last_count = 0;
  if (comm.rank() == 0) {
    mpisight::detail::send_raw<mpisight::SendMode::kStandard>(zero.buffer(&anchor), peer, 1, comm.native(), where);
    EXPECT_EQ(large_sends, 1);
    EXPECT_EQ(last_count, static_cast<MPI_Count>(kJustAbove));
    mpisight::detail::send_raw<mpisight::SendMode::kStandard>(zero.buffer(&anchor), peer, 2, comm.native(), where);
    MPI_Request request = MPI_REQUEST_NULL;
    mpisight::detail::start_send(mpisight::SendMode::kStandard, zero.buffer(&anchor), peer, 3, comm.native(), &request,
                                 where);
    EXPECT_EQ(large_isends, 1);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
  } else {
    const mpisight::Status status = mpisight::detail::recv_raw(zero.buffer(&anchor), peer, 1, comm.native(), where);
    EXPECT_EQ(large_receives, 1);
    EXPECT_EQ(last_count, static_cast<MPI_Count>(kJustAbove));
    EXPECT_EQ(status.source(), peer);
    EXPECT_EQ(status.bytes(), 0U);
    MPI_Message message = MPI_MESSAGE_NULL;
    mpisight::Status probed;
    MPI_Mprobe(peer, 2, comm.native(), &message, &probed.native());
    mpisight::detail::mrecv_raw(zero.buffer(&anchor), message, probed.native(), where);
    EXPECT_EQ(large_matched_receives, 1);
    EXPECT_EQ(probed.tag(), 2);
    MPI_Request request = MPI_REQUEST_NULL;
    mpisight::detail::start_recv(zero.buffer(&anchor), peer, 3, comm.native(), &request, where);
    EXPECT_EQ(large_irecvs, 1);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
  }
  // One element less fits an int: the plain calls, not the _c ones.
  large_sends = large_receives = 0;
  mpisight::detail::RawBuffer fits = zero.buffer(&anchor);
  fits.count = static_cast<std::size_t>(INT_MAX);
  if (comm.rank() == 0) {
    mpisight::detail::send_raw<mpisight::SendMode::kStandard>(fits, peer, 4, comm.native(), where);
  } else {
    (void)mpisight::detail::recv_raw(fits, peer, 4, comm.native(), where);
  }
  EXPECT_EQ(large_sends + large_receives, 0);
}

TEST(LargeCount, TypedMessageOfMoreThanIntMaxElements) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  ASSERT_EQ(comm.size(), 2) << "run with 2 ranks";
  large_sends = 0;
  large_matched_receives = 0;
  if (comm.rank() == 0) {
    std::vector<std::uint8_t> big(kCount);
    for (std::size_t i = 0; i < big.size(); ++i) {
      big[i] = pattern(i);
    }
    mpisight::send(comm, big, 1, 1);
    EXPECT_EQ(large_sends, 1);
  } else {
    mpisight::Status status;
    const auto got = mpisight::recv_vector<std::uint8_t>(comm, 0, 1, &status);
    EXPECT_EQ(large_matched_receives, 1);
    EXPECT_EQ(status.bytes(), kCount);
    ASSERT_EQ(got.size(), kCount);
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
      wrong += got[i] != pattern(i);
    }
    EXPECT_EQ(wrong, 0U);
  }
}

TEST(LargeCount, ObjectMessageOfMoreThanIntMaxBytes) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  large_sends = 0;
  large_matched_receives = 0;
  if (comm.rank() == 0) {
    std::string text(kCount, '\0');
    for (std::size_t i = 0; i < text.size(); ++i) {
      text[i] = static_cast<char>(pattern(i));
    }
    mpisight::send_object(comm, text, 1, 2);
    EXPECT_EQ(large_sends, 1);
  } else {
    const auto text = mpisight::recv_object<std::string>(comm, 0, 2);
    EXPECT_EQ(large_matched_receives, 1);
    ASSERT_EQ(text.size(), kCount);
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      wrong += static_cast<std::uint8_t>(text[i]) != pattern(i);
    }
    EXPECT_EQ(wrong, 0U);
  }
}

}  // namespace
