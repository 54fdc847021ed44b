// The argument values MPI gives special meaning, traced at 4 ranks and checked record by record: MPI_PROC_NULL
// moves nothing, wildcards record the real source and tag, ignored statuses and null requests lose nothing,
// empty and derived-type messages carry their true size, MPI_IN_PLACE counts no own block, and calls that fail
// under MPI_ERRORS_RETURN return the same codes and leave no message behind.
#include <gtest/gtest.h>
#include <map>
#include <set>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

constexpr int kRanks = 4;

struct Message {
  trace::WorldRank peer;
  std::uint64_t bytes;
  bool operator==(const Message&) const = default;
};

// Tag -> (peer, bytes) of every message `location` sent (blocking or not).
std::map<std::uint32_t, Message> sent_by(const trace::Trace& trace, trace::LocationId location) {
  std::map<std::uint32_t, Message> sent;
  for (const auto& e : trace.events_of<trace::MpiSend>(location)) {
    EXPECT_TRUE(sent.emplace(e.tag, Message{e.peer_world_rank.value(), e.bytes}).second) << "tag " << e.tag;
  }
  for (const auto& e : trace.events_of<trace::MpiIsend>(location)) {
    EXPECT_TRUE(sent.emplace(e.tag, Message{e.peer_world_rank.value(), e.bytes}).second) << "tag " << e.tag;
  }
  return sent;
}

std::map<std::uint32_t, Message> received_by(const trace::Trace& trace, trace::LocationId location) {
  std::map<std::uint32_t, Message> received;
  for (const auto& e : trace.events_of<trace::MpiRecv>(location)) {
    EXPECT_TRUE(received.emplace(e.tag, Message{e.peer_world_rank.value(), e.bytes}).second) << "tag " << e.tag;
  }
  for (const auto& e : trace.events_of<trace::MpiIrecv>(location)) {
    EXPECT_TRUE(received.emplace(e.tag, Message{e.peer_world_rank.value(), e.bytes}).second) << "tag " << e.tag;
  }
  return received;
}

// What rank `rank` exchanges: with its partner (rank ^ 1) the status, empty and derived-type messages, around the
// ring the wildcard ones (tags 100 + sender and 200 + sender). PROC_NULL (tags 1-6) and failed calls (7xx): none.
std::map<std::uint32_t, Message> expected_traffic(trace::WorldRank rank, trace::WorldRank ring_peer,
                                                  std::uint32_t ring_tag_owner) {
  const trace::WorldRank partner = rank ^ 1U;
  std::map<std::uint32_t, Message> traffic = {
      {100 + ring_tag_owner, {ring_peer, 12}},
      {200 + ring_tag_owner, {ring_peer, 4}},
      {400, {partner, 0}},
      {401, {partner, 0}},
      {500, {partner, 48}},  // two vectors of 3 blocks of 2 ints
      {501, {partner, 16}},  // indexed: 1 + 3 ints
      {502, {partner, 12}},  // struct: int + double, the type's size, not its extent
      {503, {partner, 16}},  // 4 ints at an absolute address, sent from MPI_BOTTOM
  };
  for (std::uint32_t form = 0; form < 8; ++form) {
    traffic.emplace(300 + form, Message{partner, 8});
  }
  return traffic;
}

TEST(EdgeCases, SpecialArgumentValuesAreRecordedFaithfully) {
  const auto traced = trace_program("edge-cases", kRanks, MPISIGHT_EDGE_CASES_PROGRAM);
  const trace::Trace& trace = traced.trace;
  EXPECT_EQ(expect_messages_matched(trace), kRanks * 16U);

  for (trace::WorldRank rank = 0; rank < kRanks; ++rank) {
    SCOPED_TRACE("rank " + std::to_string(rank));
    const trace::LocationId location = trace.definitions.location_of(rank).value();
    const trace::WorldRank right = (rank + 1) % kRanks;
    const trace::WorldRank left = (rank + kRanks - 1) % kRanks;
    EXPECT_EQ(sent_by(trace, location), expected_traffic(rank, right, rank));
    EXPECT_EQ(received_by(trace, location), expected_traffic(rank, left, left));

    // Every call was entered and left, including those with PROC_NULL and those that failed.
    EXPECT_EQ(trace.events_of<trace::Enter>(location).size(), trace.events_of<trace::Leave>(location).size());
    EXPECT_EQ(count_regions(trace, location, "MPI_Send"), 4U);    // PROC_NULL, wildcard ring, two failing
    EXPECT_EQ(count_regions(trace, location, "MPI_Recv"), 3U);    // PROC_NULL, wildcard, failing
    EXPECT_EQ(count_regions(trace, location, "MPI_Isend"), 12U);  // PROC_NULL, 10 messages, failing
    for (const char* form :
         {"MPI_Waitall", "MPI_Waitany", "MPI_Waitsome", "MPI_Test", "MPI_Testall", "MPI_Testany", "MPI_Testsome"}) {
      EXPECT_GE(count_regions(trace, location, form), 1U) << form;
    }
    EXPECT_EQ(count_regions(trace, location, "MPI_Comm_rank"), 2U);  // main and the failing MPI_COMM_NULL one
    // Each nonblocking message completed exactly once: PROC_NULL and null requests add no completion.
    EXPECT_EQ(trace.events_of<trace::MpiIsendComplete>(location).size(), 10U);  // 100 + r, 300-307, 401
    EXPECT_EQ(trace.events_of<trace::MpiIrecvRequest>(location).size(), 10U);   // 200 + r, 300-307, 401

    // MPI_IN_PLACE: the own block is not counted as moved (4 ranks).
    std::map<trace::CollectiveOp, std::vector<std::pair<std::uint64_t, std::uint64_t>>> collectives;
    for (const auto& end : trace.events_of<trace::MpiCollectiveEnd>(location)) {
      collectives[end.op].emplace_back(end.bytes_sent, end.bytes_received);
    }
    ASSERT_EQ(collectives[trace::CollectiveOp::kAllreduce].size(), 3U);  // in place, failing, final
    EXPECT_EQ(collectives[trace::CollectiveOp::kAllreduce][0], std::make_pair(std::uint64_t{60}, std::uint64_t{60}));
    ASSERT_EQ(collectives[trace::CollectiveOp::kGather].size(), 2U);  // in place, error report
    EXPECT_EQ(collectives[trace::CollectiveOp::kGather][0], rank == 0
                                                                ? std::make_pair(std::uint64_t{0}, std::uint64_t{24})
                                                                : std::make_pair(std::uint64_t{8}, std::uint64_t{0}));
    ASSERT_EQ(collectives[trace::CollectiveOp::kReduceScatter].size(), 1U);
    EXPECT_EQ(collectives[trace::CollectiveOp::kReduceScatter][0],
              std::make_pair(std::uint64_t{12}, std::uint64_t{12}));
  }
}

// The failing calls' error classes are printed by rank 0 and compared with the native run's, with the exit status.
TEST(EdgeCases, ErrorsReturnPassesTheSameErrorClassesThrough) {
  const ProcessResult native = run_native(kRanks, MPISIGHT_EDGE_CASES_PROGRAM);
  ASSERT_EQ(native.exit_code, 0) << native.err;
  // MPICH's classes: MPI_ERR_RANK (6), MPI_ERR_COUNT (2), MPI_ERR_TAG (4), MPI_ERR_RANK, MPI_ERR_OP (9),
  // MPI_ERR_COMM (5), the same on every rank.
  const std::string classes = " 6 2 4 6 9 5\n";
  EXPECT_EQ(count_lines_containing(native.out, "errors:"), static_cast<std::size_t>(kRanks));
  EXPECT_NE(native.out.find("rank 3 errors:" + classes), std::string::npos) << native.out;
  EXPECT_EQ(count_lines_containing(native.out, "edge_cases: OK"), 1U);
  const std::filesystem::path dir = fresh_trace_dir("edge-cases-errors");
  const ProcessResult traced = run_traced(dir, kRanks, MPISIGHT_EDGE_CASES_PROGRAM);
  EXPECT_EQ(traced.out, native.out);
  EXPECT_EQ(traced.exit_code, native.exit_code) << traced.err;
  EXPECT_EQ(otf2_print_problems(dir / "traces.otf2"), "");
}

}  // namespace
}  // namespace mpisight::testkit
