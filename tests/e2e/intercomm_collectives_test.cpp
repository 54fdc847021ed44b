// Non-rooted collectives on an intercommunicator with groups of 1 and 3 ranks (programs/intercomm_collectives.c):
// the bytes each rank records follow the remote group's size, as Score-P counts them.
#include <gtest/gtest.h>
#include <map>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

using trace::CollectiveOp;

struct Moved {
  CollectiveOp op;
  std::uint64_t sent;
  std::uint64_t received;

  bool operator==(const Moved&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Moved& m) {
  return out << "op " << static_cast<int>(m.op) << ": sent " << m.sent << ", received " << m.received;
}

// World rank 0 is group A (remote size 3); world rank r > 0 is group B's local rank r - 1 (remote size 1).
std::vector<Moved> expected_moves(trace::WorldRank rank) {
  if (rank == 0) {
    return {{CollectiveOp::kAllgather, 24, 24}, {CollectiveOp::kAlltoall, 12, 12},
            {CollectiveOp::kAllreduce, 36, 36}, {CollectiveOp::kAllgatherv, 48, 24},
            {CollectiveOp::kAlltoallv, 12, 12}, {CollectiveOp::kReduceScatter, 12, 36},
            {CollectiveOp::kAllgather, 24, 24}};
  }
  return {{CollectiveOp::kAllgather, 8, 8},   {CollectiveOp::kAlltoall, 4, 4},
          {CollectiveOp::kAllreduce, 12, 12}, {CollectiveOp::kAllgatherv, 4U * rank, 16},
          {CollectiveOp::kAlltoallv, 4, 4},   {CollectiveOp::kReduceScatter, 12, 4},
          {CollectiveOp::kAllgather, 8, 8}};
}

TEST(IntercommCollectives, BytesFollowTheRemoteGroupSize) {
  const trace::Trace trace =
      trace_program("intercomm-collectives", 4, MPISIGHT_INTERCOMM_COLLECTIVES_PROGRAM, "intercomm_collectives: OK\n")
          .trace;
  std::optional<trace::CommId> inter;
  for (const auto& [id, comm] : trace.definitions.comms) {
    if (comm.name == "a_b") {
      inter = id;
    }
  }
  ASSERT_TRUE(inter.has_value());
  EXPECT_EQ(trace.definitions.comms.at(*inter).world_ranks, (std::vector<trace::WorldRank>{0}));
  EXPECT_EQ(trace.definitions.comms.at(*inter).remote_world_ranks, (std::vector<trace::WorldRank>{1, 2, 3}));
  for (trace::WorldRank rank = 0; rank < 4; ++rank) {
    SCOPED_TRACE("world rank " + std::to_string(rank));
    std::vector<Moved> moves;
    for (const trace::Event& event : trace.events.at(trace.definitions.location_of(rank).value())) {
      if (const auto* end = std::get_if<trace::MpiCollectiveEnd>(&event); end != nullptr && end->comm == *inter &&
                                                                          end->op != CollectiveOp::kCreateHandle &&
                                                                          end->op != CollectiveOp::kDestroyHandle) {
        moves.push_back({end->op, end->bytes_sent, end->bytes_received});
      } else if (const auto* done = std::get_if<trace::NonBlockingCollectiveComplete>(&event);
                 done != nullptr && done->comm == *inter) {
        moves.push_back({done->op, done->bytes_sent, done->bytes_received});
      }
    }
    EXPECT_EQ(moves, expected_moves(rank));
  }
}

}  // namespace
}  // namespace mpisight::testkit
