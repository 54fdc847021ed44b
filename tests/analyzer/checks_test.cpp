// Each check alone and together, on small real archives: the buggy pattern is found with the right id, ranks and
// calls; the correct twin gives no finding.
#include <algorithm>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "fixture_findings.hpp"
#include "otf2_fixture.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::analyzer {
namespace {

using testkit::Otf2ArchiveBuilder;
using trace::CollectiveOp;
using trace::kRootNone;
using trace::RegionId;

using fixture::call;
using fixture::findings_of;
using fixture::functions;
using fixture::ids;

void plain_call(Otf2ArchiveBuilder& b, trace::LocationId rank, std::int64_t t, RegionId region) {
  call(b, rank, t, region, [](std::int64_t) {});
}

struct Regions {
  explicit Regions(Otf2ArchiveBuilder& b)
      : send(b.region("MPI_Send")),
        recv(b.region("MPI_Recv")),
        isend(b.region("MPI_Isend")),
        irecv(b.region("MPI_Irecv")),
        wait(b.region("MPI_Wait")),
        request_free(b.region("MPI_Request_free")),
        barrier(b.region("MPI_Barrier")),
        bcast(b.region("MPI_Bcast")),
        finalize(b.region("MPI_Finalize")) {}
  RegionId send, recv, isend, irecv, wait, request_free, barrier, bcast, finalize;
};

void finalize_all(Otf2ArchiveBuilder& b, const Regions& r, std::uint32_t ranks, std::int64_t t) {
  for (std::uint32_t rank = 0; rank < ranks; ++rank) {
    plain_call(b, rank, t, r.finalize);
  }
}

// --- requests.leak

TEST(RequestLeakCheck, IsendNeverWaitedIsReportedAtFinalize) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 0, 100, r.isend, [&](std::int64_t t) { b.isend(0, t, 1, 7, 4, 11); });
  call(b, 1, 100, r.recv, [&](std::int64_t t) { b.recv(1, t, 0, 7, 4); });
  call(b, 0, 200, r.irecv, [&](std::int64_t t) { b.irecv_request(0, t, 12); });  // never completed either
  finalize_all(b, r, 2, 1000);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), (std::vector<std::string>{"requests.leak", "requests.leak"}));
  EXPECT_EQ(findings[0].ranks, std::vector<trace::WorldRank>{0});
  EXPECT_EQ(functions(findings[0]), std::vector<std::string>{"MPI_Isend@0"});
  EXPECT_EQ(findings[0].calls[0].time_ns, 100);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(functions(findings[1]), std::vector<std::string>{"MPI_Irecv@0"});
}

TEST(RequestLeakCheck, CompletedFreedAndCutShortRunsAreClean) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 0, 100, r.isend, [&](std::int64_t t) { b.isend(0, t, 1, 7, 4, 11); });
  call(b, 0, 120, r.wait, [&](std::int64_t t) { b.isend_complete(0, t, 11); });
  call(b, 1, 100, r.irecv, [&](std::int64_t t) { b.irecv_request(1, t, 21); });
  call(b, 1, 120, r.wait, [&](std::int64_t t) { b.irecv(1, t, 0, 7, 4, 21); });
  call(b, 0, 200, r.isend, [&](std::int64_t t) { b.isend(0, t, 1, 8, 4, 13); });
  plain_call(b, 0, 220, r.request_free);
  call(b, 1, 200, r.recv, [&](std::int64_t t) { b.recv(1, t, 0, 8, 4); });
  finalize_all(b, r, 2, 1000);
  EXPECT_EQ(ids(findings_of(b)), std::vector<std::string>{});

  // A run cut short (no MPI_Finalize) leaves requests pending, which is no leak.
  Otf2ArchiveBuilder cut(2);
  const Regions rc(cut);
  call(cut, 0, 100, rc.isend, [&](std::int64_t t) { cut.isend(0, t, 1, 7, 4, 11); });
  call(cut, 1, 100, rc.recv, [&](std::int64_t t) { cut.recv(1, t, 0, 7, 4); });
  EXPECT_EQ(ids(findings_of(cut)), std::vector<std::string>{});
}

TEST(RequestLeakCheck, OneFindingPerCallSiteAcrossRanks) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  for (trace::LocationId rank : {0, 1}) {
    for (int i = 0; i < 3; ++i) {
      call(b, rank, 100 + 20 * i, r.irecv, [&](std::int64_t t) { b.irecv_request(rank, t, 100 * rank + i); });
    }
  }
  finalize_all(b, r, 2, 1000);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].ranks, (std::vector<trace::WorldRank>{0, 1}));
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Irecv@0", "MPI_Irecv@1"}));
  EXPECT_NE(findings[0].message.find("6 requests started by MPI_Irecv on ranks 0, 1"), std::string::npos)
      << findings[0].message;
}

// --- collectives

void collective(Otf2ArchiveBuilder& b, trace::LocationId rank, std::int64_t t, RegionId region, CollectiveOp op,
                std::uint32_t root, std::uint64_t sent, std::uint64_t received) {
  b.enter(rank, t, region).collective_begin(rank, t + 1);
  b.collective_end(rank, t + 9, op, root, sent, received).leave(rank, t + 10, region);
}

TEST(CollectiveCheck, MatchingCollectivesAreClean) {
  Otf2ArchiveBuilder b(3);
  const Regions r(b);
  for (trace::LocationId rank = 0; rank < 3; ++rank) {
    collective(b, rank, 100, r.bcast, CollectiveOp::kBcast, 1, rank == 1 ? 12 : 0, 4);
    collective(b, rank, 200, r.barrier, CollectiveOp::kBarrier, kRootNone, 0, 0);
  }
  finalize_all(b, r, 3, 1000);
  EXPECT_EQ(ids(findings_of(b)), std::vector<std::string>{});
}

TEST(CollectiveCheck, DifferentOperationIsReportedOnceWithEveryRank) {
  Otf2ArchiveBuilder b(3);
  const Regions r(b);
  collective(b, 0, 100, r.bcast, CollectiveOp::kBcast, 0, 8, 4);
  collective(b, 1, 100, r.barrier, CollectiveOp::kBarrier, kRootNone, 0, 0);
  collective(b, 2, 100, r.barrier, CollectiveOp::kBarrier, kRootNone, 0, 0);
  collective(b, 0, 200, r.barrier, CollectiveOp::kBarrier, kRootNone, 0, 0);
  collective(b, 1, 200, r.bcast, CollectiveOp::kBcast, 0, 0, 4);
  collective(b, 2, 200, r.bcast, CollectiveOp::kBcast, 0, 0, 4);
  finalize_all(b, r, 3, 1000);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"collectives.mismatch"});  // the second call is not re-reported
  EXPECT_EQ(findings[0].ranks, (std::vector<trace::WorldRank>{0, 1, 2}));
  EXPECT_EQ(findings[0].message,
            "On MPI_COMM_WORLD, collective call #1 is MPI_Barrier on ranks 1, 2 but MPI_Bcast on rank 0.");
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Bcast@0", "MPI_Barrier@1", "MPI_Barrier@2"}));
}

// The Leave of a persistent collective init on `rank`, describing the collective it set up.
void persistent_init(Otf2ArchiveBuilder& b, trace::LocationId rank, std::int64_t t, RegionId region, CollectiveOp op,
                     std::uint32_t root) {
  b.enter(rank, t, region);
  b.add(trace::Leave{.location = rank,
                     .time_ns = t + 10,
                     .region = region,
                     .collective_init = std::make_shared<const trace::CollectiveInit>(
                         trace::CollectiveInit{.op = op, .comm = Otf2ArchiveBuilder::kWorld, .root = root})});
}

TEST(CollectiveCheck, PersistentInitsAreOrderedLikeCollectives) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  const RegionId bcast_init = b.region("MPI_Bcast_init");
  const RegionId allreduce_init = b.region("MPI_Allreduce_init");
  persistent_init(b, 0, 100, bcast_init, CollectiveOp::kBcast, 0);
  persistent_init(b, 0, 200, allreduce_init, CollectiveOp::kAllreduce, kRootNone);
  persistent_init(b, 1, 100, allreduce_init, CollectiveOp::kAllreduce, kRootNone);
  persistent_init(b, 1, 200, bcast_init, CollectiveOp::kBcast, 0);
  finalize_all(b, r, 2, 1000);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"collectives.mismatch"});
  EXPECT_EQ(findings[0].message,
            "On MPI_COMM_WORLD, collective call #1 is MPI_Bcast on rank 0 but MPI_Allreduce on rank 1.");
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Bcast_init@0", "MPI_Allreduce_init@1"}));
}

TEST(CollectiveCheck, PersistentInitsInOneOrderAreCleanButNeverMatchABlockingCall) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  const RegionId bcast_init = b.region("MPI_Bcast_init");
  for (trace::LocationId rank : {0, 1}) {
    persistent_init(b, rank, 100, bcast_init, CollectiveOp::kBcast, 0);
    collective(b, rank, 200, r.barrier, CollectiveOp::kBarrier, kRootNone, 0, 0);
  }
  persistent_init(b, 0, 300, bcast_init, CollectiveOp::kBcast, 0);
  collective(b, 1, 300, r.bcast, CollectiveOp::kBcast, 0, 0, 4);
  finalize_all(b, r, 2, 1000);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"collectives.kind_mismatch"});
  EXPECT_NE(findings[0].message.find("collective call #3 is blocking on rank 1 but a persistent init on rank 0"),
            std::string::npos)
      << findings[0].message;
}

TEST(CollectiveCheck, DifferentRootAndDifferentSize) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  collective(b, 0, 100, r.bcast, CollectiveOp::kBcast, 0, 8, 4);
  collective(b, 1, 100, r.bcast, CollectiveOp::kBcast, 1, 8, 4);
  collective(b, 0, 200, r.bcast, CollectiveOp::kBcast, 0, 16, 8);
  collective(b, 1, 200, r.bcast, CollectiveOp::kBcast, 0, 0, 4);
  finalize_all(b, r, 2, 1000);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), (std::vector<std::string>{"collectives.root_mismatch", "collectives.size_mismatch"}));
  EXPECT_EQ(findings[0].message,
            "On MPI_COMM_WORLD, collective call #1 (MPI_Bcast) has different roots: rank 0 gave root 0, rank 1 gave "
            "root 1.");
  EXPECT_EQ(findings[1].message,
            "On MPI_COMM_WORLD, collective call #2 (MPI_Bcast) moves different amounts of data per rank: rank 1 4 "
            "bytes, rank 0 8 bytes.");
}

// An all-gather of `ints` MPI_INTs per rank, with its type signatures, in a call of `region`.
void typed_allgather(Otf2ArchiveBuilder& b, trace::LocationId rank, std::int64_t t, RegionId region,
                     std::uint64_t ints) {
  constexpr std::uint64_t kMpiInt = 0x4c000405;
  trace::MpiCollectiveEnd end{.location = rank, .time_ns = t + 9, .op = CollectiveOp::kAllgather};
  end.bytes_sent = end.bytes_received = 4 * ints;
  end.send_type = end.recv_type = trace::TypeSignature{kMpiInt, ints};
  b.enter(rank, t, region).collective_begin(rank, t + 1).add(end).leave(rank, t + 10, region);
}

// On a line of three ranks the ends have one neighbour and the middle one two: a correct MPI_Neighbor_allgather of
// 2 ints moves 2 ints on the ends and 4 in the middle (tests/e2e/programs/neighbors.c was reported for it). The
// same counts in a plain MPI_Allgather are a size mismatch.
TEST(CollectiveCheck, NeighborhoodCollectivesMayMoveDifferentAmountsPerRank) {
  Otf2ArchiveBuilder b(3);
  const Regions r(b);
  const RegionId neighbor_allgather = b.region("MPI_Neighbor_allgather");
  const RegionId allgather = b.region("MPI_Allgather");
  for (trace::LocationId rank = 0; rank < 3; ++rank) {
    typed_allgather(b, rank, 100, neighbor_allgather, rank == 1 ? 4 : 2);
    typed_allgather(b, rank, 200, allgather, rank == 1 ? 4 : 2);
  }
  finalize_all(b, r, 3, 1000);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"collectives.size_mismatch"});
  EXPECT_EQ(functions(findings[0]),
            (std::vector<std::string>{"MPI_Allgather@0", "MPI_Allgather@1", "MPI_Allgather@2"}));
}

TEST(CollectiveCheck, MissingRankWithTheRanksLeftWaiting) {
  Otf2ArchiveBuilder b(3);
  const Regions r(b);
  for (trace::LocationId rank = 0; rank < 3; ++rank) {
    collective(b, rank, 100, r.barrier, CollectiveOp::kBarrier, kRootNone, 0, 0);
  }
  // Ranks 0 and 2 hang in the second barrier (entered, never left); rank 1 went on to MPI_Finalize.
  b.enter(0, 200, r.barrier).collective_begin(0, 201);
  b.enter(2, 210, r.barrier).collective_begin(2, 211);
  b.enter(1, 300, r.finalize);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), (std::vector<std::string>{"collectives.missing_rank", "messages.deadlock"}));
  EXPECT_EQ(findings[0].ranks, (std::vector<trace::WorldRank>{0, 1, 2}));
  EXPECT_EQ(findings[0].message,
            "On MPI_COMM_WORLD, ranks 0, 2 entered MPI_Barrier (collective call #2) but rank 1 never did; the ranks "
            "that entered it were left waiting.");
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Barrier@0", "MPI_Barrier@2", "MPI_Finalize@1"}));
  EXPECT_EQ(findings[0].calls[0].time_ns, 200);
}

TEST(CollectiveCheck, EachCommunicatorCountsItsOwnCalls) {
  Otf2ArchiveBuilder b(3);
  const Regions r(b);
  const trace::CommId pair = b.add_comm("pair", {0, 2});
  // Ranks 0 and 2 broadcast on "pair" (rank 2 is its root: world rank 2), then everyone meets in a world barrier.
  for (trace::LocationId rank : {0, 2}) {
    b.enter(rank, 100, r.bcast).collective_begin(rank, 101);
    b.collective_end(rank, 109, CollectiveOp::kBcast, 1, rank == 2 ? 8 : 0, 4, pair).leave(rank, 110, r.bcast);
  }
  for (trace::LocationId rank = 0; rank < 3; ++rank) {
    collective(b, rank, 200, r.barrier, CollectiveOp::kBarrier, kRootNone, 0, 0);
  }
  // A second broadcast on "pair" with rank 0 naming another root.
  for (trace::LocationId rank : {0, 2}) {
    b.enter(rank, 300, r.bcast).collective_begin(rank, 301);
    b.collective_end(rank, 309, CollectiveOp::kBcast, rank == 0 ? 0 : 1, 4, 4, pair).leave(rank, 310, r.bcast);
  }
  finalize_all(b, r, 3, 1000);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"collectives.root_mismatch"});
  EXPECT_EQ(findings[0].message,
            "On pair, collective call #2 (MPI_Bcast) has different roots: rank 0 gave root 0, rank 2 gave root 2.");
}

// --- messages

TEST(LostMessageCheck, SendNeverReceived) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 0, 100, r.send, [&](std::int64_t t) { b.send(0, t, 1, 1, 4); });
  call(b, 0, 200, r.send, [&](std::int64_t t) { b.send(0, t, 1, 2, 4); });
  call(b, 1, 150, r.recv, [&](std::int64_t t) { b.recv(1, t, 0, 1, 4); });
  finalize_all(b, r, 2, 1000);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"messages.unreceived"});
  EXPECT_EQ(findings[0].ranks, (std::vector<trace::WorldRank>{0, 1}));
  EXPECT_EQ(functions(findings[0]), std::vector<std::string>{"MPI_Send@0"});
  EXPECT_EQ(findings[0].calls[0].time_ns, 200);
  EXPECT_NE(findings[0].message.find("from rank 0 to rank 1, tag 2, 4 bytes on MPI_COMM_WORLD"), std::string::npos);
}

TEST(LostMessageCheck, ReceiveBeforeItsSendInTimeStillMatches) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 1, 100, r.recv, [&](std::int64_t t) { b.recv(1, t, 0, 1, 4); });  // skewed clocks: receive "first"
  call(b, 0, 200, r.send, [&](std::int64_t t) { b.send(0, t, 1, 1, 4); });
  call(b, 0, 300, r.isend, [&](std::int64_t t) { b.isend(0, t, 1, 3, 4, 5); });
  call(b, 0, 320, r.wait, [&](std::int64_t t) { b.isend_complete(0, t, 5); });
  call(b, 1, 300, r.irecv, [&](std::int64_t t) { b.irecv_request(1, t, 6); });
  call(b, 1, 320, r.wait, [&](std::int64_t t) { b.irecv(1, t, 0, 3, 4, 6); });
  finalize_all(b, r, 2, 1000);
  EXPECT_EQ(ids(findings_of(b)), std::vector<std::string>{});
}

TEST(LostMessageCheck, ReceiveWithoutAnySendIsAWarning) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 1, 100, r.recv, [&](std::int64_t t) { b.recv(1, t, 0, 1, 4); });
  finalize_all(b, r, 2, 1000);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"messages.unmatched_receive"});
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(functions(findings[0]), std::vector<std::string>{"MPI_Recv@1"});
}

TEST(LostMessageCheck, CancelledSendIsNotLost) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 0, 100, r.isend, [&](std::int64_t t) { b.isend(0, t, 1, 1, 4, 9); });
  call(b, 0, 200, r.wait, [&](std::int64_t t) { b.request_cancelled(0, t, 9); });
  finalize_all(b, r, 2, 1000);
  EXPECT_EQ(ids(findings_of(b)), std::vector<std::string>{});
}

// A hung run: rank 1 blocked in MPI_Recv for rank 0's tag 5, which rank 0 never sent (it waits in a barrier).
TEST(LostMessageCheck, ReceiveBlockedAtTheEndForAMessageNeverSent) {
  const auto blocked_receive = [](Otf2ArchiveBuilder& b, RegionId recv, std::int32_t source, std::int32_t tag) {
    b.add(trace::Enter{.location = 1,
                       .time_ns = 300,
                       .region = recv,
                       .call_site = std::nullopt,
                       .requested_source = source,
                       .requested_tag = tag,
                       .requested_comm = Otf2ArchiveBuilder::kWorld});
  };
  // The barrier rank 1 never entered is collectives.missing_rank, not the point here.
  const auto message_findings = [](const Otf2ArchiveBuilder& archive) {
    std::vector<Finding> found = findings_of(archive);
    std::erase_if(found, [](const Finding& f) { return !f.check.starts_with("messages."); });
    return found;
  };
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  b.enter(0, 200, r.barrier);
  blocked_receive(b, r.recv, 0, 5);
  const std::vector<Finding> findings = message_findings(b);
  ASSERT_EQ(ids(findings), (std::vector<std::string>{"messages.deadlock", "messages.unmatched_receive"}));
  const Finding& never_sent = findings[1];
  EXPECT_EQ(never_sent.severity, Severity::kWarning);
  EXPECT_EQ(never_sent.ranks, (std::vector<trace::WorldRank>{0, 1}));
  EXPECT_EQ(functions(never_sent), std::vector<std::string>{"MPI_Recv@1"});
  EXPECT_NE(never_sent.message.find("for a message from rank 0 with tag 5 on MPI_COMM_WORLD that was never sent"),
            std::string::npos)
      << never_sent.message;

  // A message with another tag does not match it; one with its tag (or MPI_ANY_TAG asked) would.
  Otf2ArchiveBuilder other_tag(2);
  const Regions r2(other_tag);
  call(other_tag, 0, 100, r2.send, [&](std::int64_t t) { other_tag.send(0, t, 1, 6, 4); });
  other_tag.enter(0, 200, r2.barrier);
  blocked_receive(other_tag, r2.recv, 0, 5);
  // (The deadlock check, which does not compare tags, sees a message in flight to rank 1 and stays quiet.)
  EXPECT_EQ(ids(message_findings(other_tag)),
            (std::vector<std::string>{"messages.unmatched_receive", "messages.unreceived"}));

  Otf2ArchiveBuilder any_tag(2);
  const Regions r3(any_tag);
  call(any_tag, 0, 100, r3.send, [&](std::int64_t t) { any_tag.send(0, t, 1, 6, 4); });
  any_tag.enter(0, 200, r3.barrier);
  blocked_receive(any_tag, r3.recv, 0, -1);  // MPI_ANY_TAG: rank 0's message is on its way to it
  EXPECT_EQ(ids(message_findings(any_tag)), std::vector<std::string>{"messages.unreceived"});
}

// --- messages.deadlock

TEST(DeadlockCheck, BothRanksBlockedInReceive) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  b.enter(0, 100, r.recv);
  b.enter(1, 110, r.recv);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"messages.deadlock"});
  EXPECT_EQ(findings[0].ranks, (std::vector<trace::WorldRank>{0, 1}));
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Recv@0", "MPI_Recv@1"}));
  EXPECT_EQ(findings[0].message,
            "The run never finished: at the end of the trace every rank is blocked in an MPI call (ranks 0, 1 in "
            "MPI_Recv) and no message in flight can release any of them.");
}

TEST(DeadlockCheck, BlockingSendsWaitingForEachOtherFormACycle) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  b.enter(0, 100, r.send).send(0, 101, 1, 0, 1 << 20);
  b.enter(1, 100, r.send).send(1, 101, 0, 0, 1 << 20);
  const std::vector<Finding> findings = findings_of(b);
  const std::vector<std::string> found = ids(findings);
  ASSERT_EQ(std::count(found.begin(), found.end(), "messages.deadlock"), 1);
  const Finding& deadlock =
      *std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.check == "messages.deadlock"; });
  EXPECT_NE(deadlock.message.find("ranks 0 -> 1 -> 0 wait for each other in a cycle"), std::string::npos)
      << deadlock.message;
  EXPECT_EQ(deadlock.calls[0].role, "blocked here at the end of the trace, waiting for rank 1");
}

TEST(DeadlockCheck, NoFindingWhenARankFinishedOrAMessageIsOnItsWay) {
  Otf2ArchiveBuilder finished(2);
  const Regions r(finished);
  finished.enter(0, 100, r.recv);
  plain_call(finished, 1, 100, r.barrier);
  EXPECT_EQ(ids(findings_of(finished)), std::vector<std::string>{});

  Otf2ArchiveBuilder in_flight(2);
  const Regions r2(in_flight);
  call(in_flight, 0, 50, r2.send, [&](std::int64_t t) { in_flight.send(0, t, 1, 5, 4); });
  in_flight.enter(0, 100, r2.recv);
  in_flight.enter(1, 100, r2.recv);  // may still receive rank 0's message
  EXPECT_EQ(ids(findings_of(in_flight)), std::vector<std::string>{"messages.unreceived"});
}

}  // namespace
}  // namespace mpisight::analyzer
