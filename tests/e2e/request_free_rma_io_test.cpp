// Request-based RMA operations and nonblocking MPI-IO freed while active (programs/request_free_rma_io.c at 2
// ranks). A freed I/O operation is closed inside its MPI_Request_free as IoOperationCancelled (the program never
// learns its result). MPICH 4.0.2 refuses to free RMA requests: the refusal passes through (same output as the
// native run, the code on the Leave) and the operation stays open until the MPI_Wait the program then calls; an
// MPI that accepts the free gets the completion inside the free. Either way the flush adds no completion.
#include <gtest/gtest.h>

#include "printed_events.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

constexpr int kRanks = 2;

// The Leave records of every call `name` on `location`, in order.
std::vector<trace::Leave> leaves_of(const trace::Trace& trace, trace::LocationId location, const std::string& name) {
  std::vector<trace::Leave> leaves;
  for (const trace::Leave& leave : trace.events_of<trace::Leave>(location)) {
    if (trace.definitions.region_name(leave.region) == name) {
      leaves.push_back(leave);
    }
  }
  return leaves;
}

void expect_rma_closed(const trace::Trace& trace, trace::WorldRank rank) {
  const auto location = trace.definitions.location_of(rank).value();
  const auto right = static_cast<std::uint32_t>((rank + 1) % kRanks);
  const auto ops = trace.events_of<trace::RmaOp>(location);
  const auto done = trace.events_of<trace::RmaOpComplete>(location);
  const std::vector<trace::Leave> frees = leaves_of(trace, location, "MPI_Request_free");
  const std::vector<trace::Leave> waits = leaves_of(trace, location, "MPI_Wait");
  ASSERT_EQ(ops.size(), 4U);
  ASSERT_EQ(done.size(), 4U) << "one completion per operation, none at the flush";
  ASSERT_GE(frees.size(), 4U);
  const trace::RmaOpKind kinds[4] = {trace::RmaOpKind::kPut, trace::RmaOpKind::kGet, trace::RmaOpKind::kAtomic,
                                     trace::RmaOpKind::kAtomic};
  std::size_t wait = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE("operation #" + std::to_string(i));
    EXPECT_EQ(ops[i].kind, kinds[i]);
    EXPECT_EQ(ops[i].remote, right);
    EXPECT_EQ(ops[i].target_disp, i);
    ASSERT_TRUE(ops[i].request_handle.has_value());
    EXPECT_FALSE(done[i].blocking);
    EXPECT_EQ(done[i].matching_id, ops[i].matching_id);
    EXPECT_EQ(done[i].win, ops[i].win);
    EXPECT_EQ(done[i].request_handle, ops[i].request_handle);
    if (frees[i].return_code.has_value()) {  // refused, as by MPICH 4.0.2: the program's Wait completes it
      EXPECT_EQ(frees[i].request_handle, std::nullopt) << "a refused free names no freed request";
      ASSERT_LT(wait, waits.size());
      EXPECT_EQ(done[i].time_ns, waits[wait++].time_ns) << "not completed by the Wait after the refused free";
    } else {
      EXPECT_EQ(done[i].time_ns, frees[i].time_ns) << "not closed inside its MPI_Request_free";
    }
  }
}

// One rank's I/O records: the freed write and read are both cancelled inside their frees.
void expect_io_cancelled(const std::vector<PrintedEvent>& all, trace::WorldRank rank) {
  std::vector<PrintedEvent> io;
  for (const PrintedEvent& e : printed_of(all, static_cast<std::uint64_t>(rank), "IO_")) {
    if (e.kind != "IO_DELETE_FILE") {
      io.push_back(e);
    }
  }
  std::vector<std::string> kinds;
  for (const PrintedEvent& e : io) {
    kinds.push_back(e.kind);
  }
  ASSERT_EQ(kinds, (std::vector<std::string>{"IO_CREATE_HANDLE", "IO_OPERATION_BEGIN", "IO_OPERATION_ISSUED",
                                             "IO_OPERATION_CANCELLED", "IO_OPERATION_BEGIN", "IO_OPERATION_ISSUED",
                                             "IO_OPERATION_CANCELLED", "IO_DESTROY_HANDLE"}));
  const std::uint64_t handle = io[0].number("Handle");
  const char* modes[2] = {"WRITE", "READ"};
  for (std::size_t k = 0; k < 2; ++k) {
    SCOPED_TRACE(modes[k]);
    const PrintedEvent& begin = io[1 + 3 * k];
    EXPECT_EQ(begin.text("Mode"), modes[k]);
    EXPECT_EQ(begin.text("Operation Flags"), "{NON_BLOCKING}");
    EXPECT_EQ(begin.number("Bytes Request"), 8U);
    for (std::size_t j = 0; j < 3; ++j) {
      EXPECT_EQ(io[1 + 3 * k + j].number("Matching Id"), begin.number("Matching Id"));
      EXPECT_EQ(io[1 + 3 * k + j].number("Handle"), handle);
    }
  }
}

void expect_io_closed_in_the_frees(const trace::Trace& trace, trace::WorldRank rank) {
  // The two I/O frees are the last two, and were accepted.
  const std::vector<trace::Leave> frees =
      leaves_of(trace, trace.definitions.location_of(rank).value(), "MPI_Request_free");
  ASSERT_EQ(frees.size(), 6U);
  EXPECT_FALSE(frees[4].return_code.has_value());
  EXPECT_FALSE(frees[5].return_code.has_value());
  EXPECT_TRUE(frees[4].request_handle.has_value());
}

TEST(RequestFreeRmaIo, FreedRmaAndIoRequestsAreClosedOnce) {
  const std::filesystem::path data_dir = fresh_trace_dir("request-free-rma-io-data");
  std::filesystem::create_directories(data_dir);
  const std::string file = (data_dir / "data.bin").string();
  const TracedProgram traced =
      trace_program("request-free-rma-io", kRanks, MPISIGHT_REQUEST_FREE_RMA_IO_PROGRAM,
                    "request_free_rma_io: freeing an RMA request: class 15\nrequest_free_rma_io: OK\n", {file});
  const std::vector<PrintedEvent> all = printed_events(traced.archive);
  for (trace::WorldRank rank = 0; rank < kRanks; ++rank) {
    SCOPED_TRACE("rank " + std::to_string(rank));
    expect_rma_closed(traced.trace, rank);
    expect_io_cancelled(all, rank);
    expect_io_closed_in_the_frees(traced.trace, rank);
  }
}

}  // namespace
}  // namespace mpisight::testkit
