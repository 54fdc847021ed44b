// Buffer ranges and request slots (schema kSend/RecvBufferBegin/End, kRequestSlot), end to end: the program keeps
// every buffer and request variable in one struct, so each recorded address is checked against its offset there.
#include <cstddef>
#include <gtest/gtest.h>
#include <optional>
#include <string>

#include "programs/buffers_layout.h"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

using trace::ByteRange;

class Buffers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    traced_ =
        std::make_unique<trace::Trace>(trace_program("buffers", 2, MPISIGHT_BUFFERS_PROGRAM, "buffers: OK\n").trace);
  }
  static void TearDownTestSuite() { traced_.reset(); }

  static trace::LocationId location(int rank) {
    return traced_->definitions.location_of(static_cast<trace::WorldRank>(rank)).value();
  }
  // [base + offset, base + offset + bytes) where base is the struct's address in that rank's process.
  static ByteRange at(std::uint64_t base, std::size_t offset, std::size_t bytes) {
    return ByteRange{base + offset, base + offset + bytes};
  }

  static std::unique_ptr<trace::Trace> traced_;
};
std::unique_ptr<trace::Trace> Buffers::traced_;

constexpr std::size_t kDouble = sizeof(double);
constexpr std::size_t kInt = sizeof(int);

// The collectives every rank makes, in order: Allreduce, in-place Allreduce, Bcast of nothing, the final Reduce.
void expect_collectives(const trace::Trace& trace, trace::LocationId where, std::uint64_t base) {
  const auto ends = trace.events_of<trace::MpiCollectiveEnd>(where);
  ASSERT_GE(ends.size(), 3U);
  EXPECT_EQ(ends[0].send_buffer,
            (ByteRange{base + offsetof(BuffersLayout, ints), base + offsetof(BuffersLayout, ints) + 4 * kInt}));
  EXPECT_EQ(ends[0].recv_buffer,
            (ByteRange{base + offsetof(BuffersLayout, sums), base + offsetof(BuffersLayout, sums) + 4 * kInt}));
  EXPECT_FALSE(ends[1].send_buffer) << "MPI_IN_PLACE has no send buffer";
  EXPECT_EQ(ends[1].recv_buffer, ends[0].recv_buffer);
  EXPECT_FALSE(ends[2].send_buffer) << "a broadcast of 0 items hands MPI no memory";
  EXPECT_FALSE(ends[2].recv_buffer);

  const auto started = trace.events_of<trace::NonBlockingCollectiveRequest>(where);
  ASSERT_EQ(started.size(), 1U);
  EXPECT_EQ(started[0].send_buffer, (ByteRange{base + offsetof(BuffersLayout, ints) + 4 * kInt,
                                               base + offsetof(BuffersLayout, ints) + 6 * kInt}));
  EXPECT_EQ(started[0].recv_buffer, (ByteRange{base + offsetof(BuffersLayout, sums) + 4 * kInt,
                                               base + offsetof(BuffersLayout, sums) + 6 * kInt}));
  EXPECT_EQ(started[0].request_slot, base + offsetof(BuffersLayout, requests) + 2 * sizeof(MPI_Request));
}

// The persistent init's Leave names its request and slot; the start carries the same; the free names it again.
void expect_persistent(const trace::Trace& trace, trace::LocationId where, std::uint64_t base,
                       std::uint64_t start_handle, std::optional<std::uint64_t> start_slot) {
  const std::uint64_t slot = base + offsetof(BuffersLayout, requests) + 3 * sizeof(MPI_Request);
  EXPECT_EQ(start_slot, slot);
  int inits = 0;
  int frees = 0;
  for (const auto& leave : trace.events_of<trace::Leave>(where)) {
    const std::string name = trace.definitions.region_name(leave.region);
    if (name.ends_with("_init")) {
      ++inits;
      EXPECT_EQ(leave.request_slot, slot) << name;
      EXPECT_EQ(leave.request_handle, start_handle) << name;
    } else if (name == "MPI_Request_free") {
      ++frees;
      EXPECT_EQ(leave.request_handle, start_handle);
      EXPECT_FALSE(leave.request_slot);
    } else if (name == "MPI_Wait") {
      EXPECT_FALSE(leave.request_handle) << "only a Wait on an inactive persistent request names it";
    }
  }
  EXPECT_EQ(inits, 1);
  EXPECT_EQ(frees, 1);
}

TEST_F(Buffers, SendsCarryTheMemoryTheyRead) {
  const auto sends = traced_->events_of<trace::MpiSend>(location(0));
  ASSERT_FALSE(sends.empty());
  ASSERT_TRUE(sends[0].send_buffer);
  const std::uint64_t base = sends[0].send_buffer->begin - offsetof(BuffersLayout, send);
  EXPECT_EQ(sends[0].send_buffer, at(base, offsetof(BuffersLayout, send), 4 * kDouble));

  // Two vectors of 2 doubles with stride 2 from send[1]: extent 3 doubles, so [send[1], send[1] + 3 + 3 doubles).
  const auto isends = traced_->events_of<trace::MpiIsend>(location(0));
  ASSERT_EQ(isends.size(), 2U);  // the Isend and the persistent start
  EXPECT_EQ(isends[0].send_buffer, at(base, offsetof(BuffersLayout, send) + kDouble, 6 * kDouble));
  EXPECT_EQ(isends[0].request_slot, base + offsetof(BuffersLayout, requests));
  EXPECT_EQ(isends[1].send_buffer, at(base, offsetof(BuffersLayout, ints), 2 * kInt));

  expect_collectives(*traced_, location(0), base);
  expect_persistent(*traced_, location(0), base, isends[1].request_handle.value_or(0), isends[1].request_slot);
}

TEST_F(Buffers, ReceivesCarryTheMemoryTheyWrite) {
  const auto receives = traced_->events_of<trace::MpiRecv>(location(1));
  ASSERT_FALSE(receives.empty());
  ASSERT_TRUE(receives[0].recv_buffer);
  const std::uint64_t base = receives[0].recv_buffer->begin - offsetof(BuffersLayout, recv);
  EXPECT_EQ(receives[0].recv_buffer, at(base, offsetof(BuffersLayout, recv), 4 * kDouble));

  // The whole buffer handed over (6 doubles), not only the 4 that arrived.
  const auto posted = traced_->events_of<trace::MpiIrecvRequest>(location(1));
  ASSERT_EQ(posted.size(), 2U);  // the Irecv and the persistent start
  EXPECT_EQ(posted[0].recv_buffer, at(base, offsetof(BuffersLayout, recv) + 2 * kDouble, 6 * kDouble));
  EXPECT_EQ(posted[0].request_slot, base + offsetof(BuffersLayout, requests) + sizeof(MPI_Request));
  EXPECT_EQ(posted[1].recv_buffer, at(base, offsetof(BuffersLayout, sums) + 6 * kInt, 2 * kInt));

  expect_collectives(*traced_, location(1), base);
  expect_persistent(*traced_, location(1), base, posted[1].request_handle.value_or(0), posted[1].request_slot);
}

}  // namespace
}  // namespace mpisight::testkit
