// The request checks alone, on small real archives carrying the attributes they read (request handles and slots,
// buffer ranges): each buggy pattern is found with its id, ranks and calls; its correct twin gives no finding.
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "fixture_findings.hpp"
#include "otf2_fixture.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::analyzer {
namespace {

using testkit::Otf2ArchiveBuilder;
using trace::ByteRange;
using trace::LocationId;
using trace::RegionId;

using fixture::call;
using fixture::functions;
using fixture::ids;

// The findings of the request checks (the small archives leave messages unreceived, which is not the point).
std::vector<Finding> findings_of(const Otf2ArchiveBuilder& builder) {
  std::vector<Finding> findings = fixture::findings_of(builder);
  std::erase_if(findings, [](const Finding& f) { return f.check.starts_with("messages."); });
  return findings;
}

void plain(Otf2ArchiveBuilder& b, LocationId rank, std::int64_t t, RegionId region, trace::Leave leave = {}) {
  call(
      b, rank, t, region, [](std::int64_t) {}, leave);
}

trace::MpiIsend isend(LocationId rank, std::int64_t t, trace::RequestId id, std::uint64_t handle, std::uint64_t slot,
                      ByteRange buffer = {}) {
  return trace::MpiIsend{.location = rank,
                         .time_ns = t,
                         .comm = 0,
                         .peer = 1 - static_cast<std::uint32_t>(rank),
                         .peer_world_rank = 1 - static_cast<trace::WorldRank>(rank),
                         .tag = 0,
                         .bytes = 4,
                         .request = id,
                         .type = std::nullopt,
                         .request_handle = handle,
                         .send_buffer = buffer.begin == buffer.end ? std::nullopt : std::optional(buffer),
                         .request_slot = slot == 0 ? std::nullopt : std::optional(slot)};
}

trace::MpiIrecvRequest irecv(LocationId rank, std::int64_t t, trace::RequestId id, std::uint64_t handle,
                             std::uint64_t slot, ByteRange buffer = {}) {
  return trace::MpiIrecvRequest{.location = rank,
                                .time_ns = t,
                                .request = id,
                                .request_handle = handle,
                                .requested_source = std::nullopt,
                                .requested_tag = std::nullopt,
                                .recv_buffer = buffer.begin == buffer.end ? std::nullopt : std::optional(buffer),
                                .request_slot = slot == 0 ? std::nullopt : std::optional(slot)};
}

trace::MpiIsendComplete send_done(LocationId rank, std::int64_t t, trace::RequestId id, std::uint64_t handle) {
  trace::MpiIsendComplete done;
  done.location = rank;
  done.time_ns = t;
  done.request = id;
  done.request_handle = handle;
  return done;
}

// A Leave naming a request (and, for inits, its variable); its place and time are set by call().
trace::Leave names(std::uint64_t handle, std::optional<std::uint64_t> slot = std::nullopt,
                   std::optional<std::int32_t> return_code = std::nullopt) {
  trace::Leave leave;
  leave.request_handle = handle;
  leave.request_slot = slot;
  leave.return_code = return_code;
  return leave;
}

trace::MpiSend send_from(LocationId rank, std::int64_t t, ByteRange buffer) {
  trace::MpiSend send;
  send.location = rank;
  send.time_ns = t;
  send.peer = 1;
  send.peer_world_rank = 1;
  send.send_buffer = buffer;
  return send;
}

trace::MpiRecv recv_into(LocationId rank, std::int64_t t, ByteRange buffer) {
  trace::MpiRecv recv;
  recv.location = rank;
  recv.time_ns = t;
  recv.peer = 1;
  recv.peer_world_rank = 1;
  recv.recv_buffer = buffer;
  return recv;
}

struct Regions {
  explicit Regions(Otf2ArchiveBuilder& b)
      : isend(b.region("MPI_Isend")),
        irecv(b.region("MPI_Irecv")),
        recv(b.region("MPI_Recv")),
        send(b.region("MPI_Send")),
        wait(b.region("MPI_Wait")),
        start(b.region("MPI_Start")),
        send_init(b.region("MPI_Send_init")),
        request_free(b.region("MPI_Request_free")),
        iallreduce(b.region("MPI_Iallreduce")),
        bcast(b.region("MPI_Bcast")),
        finalize(b.region("MPI_Finalize")) {}
  RegionId isend, irecv, recv, send, wait, start, send_init, request_free, iallreduce, bcast, finalize;
};

constexpr std::uint64_t kSlot = 0x7ffd'0000'1000;
constexpr std::uint64_t kHandleA = 0xac00'0000;
constexpr std::uint64_t kHandleB = 0xac00'0001;

// --- requests.handle_overwritten

TEST(HandleOverwrittenCheck, SecondRequestIntoAPendingRequestsVariable) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 0, 100, r.isend, [&](std::int64_t t) { b.add(isend(0, t, 1, kHandleA, kSlot)); });
  call(b, 0, 200, r.isend, [&](std::int64_t t) { b.add(isend(0, t, 2, kHandleB, kSlot)); });
  call(b, 0, 300, r.wait, [&](std::int64_t t) { b.add(send_done(0, t, 2, kHandleB)); });
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"requests.handle_overwritten"});
  EXPECT_EQ(findings[0].ranks, std::vector<trace::WorldRank>{0});
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Isend@0", "MPI_Isend@0"}));
  EXPECT_EQ(findings[0].calls[0].time_ns, 100);
  EXPECT_EQ(findings[0].calls[1].time_ns, 200);
}

// MPICH gives every nonblocking call that completed at once the same builtin handle: equal handles from two calls
// are still two requests.
TEST(HandleOverwrittenCheck, TwoRequestsWithMpichsSharedCompletedHandle) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 0, 100, r.isend, [&](std::int64_t t) { b.add(isend(0, t, 1, kHandleA, kSlot)); });
  call(b, 0, 200, r.isend, [&](std::int64_t t) { b.add(isend(0, t, 2, kHandleA, kSlot)); });
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"requests.handle_overwritten"});
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Isend@0", "MPI_Isend@0"}));
}

TEST(HandleOverwrittenCheck, ReusingTheVariableAfterCompletionOrFreeIsClean) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 0, 100, r.isend, [&](std::int64_t t) { b.add(isend(0, t, 1, kHandleA, kSlot)); });
  call(b, 0, 120, r.wait, [&](std::int64_t t) { b.add(send_done(0, t, 1, kHandleA)); });
  call(b, 0, 200, r.isend, [&](std::int64_t t) { b.add(isend(0, t, 2, kHandleB, kSlot)); });
  plain(b, 0, 220, r.request_free, names(kHandleB));
  // A persistent request restarted through its own variable, then freed before the variable is reused.
  plain(b, 0, 300, r.send_init, names(kHandleA, kSlot));
  for (int i = 0; i < 2; ++i) {
    call(b, 0, 400 + 100 * i, r.start, [&](std::int64_t t) { b.add(isend(0, t, 10 + i, kHandleA, kSlot)); });
    call(b, 0, 450 + 100 * i, r.wait, [&](std::int64_t t) { b.add(send_done(0, t, 10 + i, kHandleA)); });
  }
  plain(b, 0, 700, r.request_free, names(kHandleA));
  call(b, 0, 800, r.isend, [&](std::int64_t t) { b.add(isend(0, t, 20, kHandleB, kSlot)); });
  call(b, 0, 820, r.wait, [&](std::int64_t t) { b.add(send_done(0, t, 20, kHandleB)); });
  EXPECT_EQ(ids(findings_of(b)), std::vector<std::string>{});
}

TEST(HandleOverwrittenCheck, PersistentRequestNeverFreedIsLostToo) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  plain(b, 0, 100, r.send_init, names(kHandleA, kSlot));
  plain(b, 0, 200, r.send_init, names(kHandleB, kSlot));
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"requests.handle_overwritten"});
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Send_init@0", "MPI_Send_init@0"}));
}

// --- requests.persistent_misuse

TEST(PersistentMisuseCheck, StartWhileActiveIsAnError) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  plain(b, 0, 100, r.send_init, names(kHandleA, kSlot));
  call(b, 0, 200, r.start, [&](std::int64_t t) { b.add(isend(0, t, 1, kHandleA, kSlot)); });
  plain(b, 0, 300, r.start, names(kHandleA, std::nullopt, 19));
  call(b, 0, 400, r.wait, [&](std::int64_t t) { b.add(send_done(0, t, 1, kHandleA)); });
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), (std::vector<std::string>{"errors.return_code", "requests.persistent_misuse"}));
  const Finding& misuse = findings[1];
  EXPECT_EQ(misuse.severity, Severity::kError);
  EXPECT_EQ(functions(misuse), (std::vector<std::string>{"MPI_Start@0", "MPI_Start@0"}));
  EXPECT_EQ(misuse.calls[0].time_ns, 300);
  EXPECT_EQ(misuse.calls[1].time_ns, 200);
}

TEST(PersistentMisuseCheck, WaitWithoutAnyStartIsAWarning) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  plain(b, 1, 100, r.send_init, names(kHandleA, kSlot));
  plain(b, 1, 200, r.wait, names(kHandleA));
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"requests.persistent_misuse"});
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].ranks, std::vector<trace::WorldRank>{1});
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Wait@1", "MPI_Send_init@1"}));
}

TEST(PersistentMisuseCheck, WaitingAgainOnACompletedRequestIsClean) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  plain(b, 0, 100, r.send_init, names(kHandleA, kSlot));
  call(b, 0, 200, r.start, [&](std::int64_t t) { b.add(isend(0, t, 1, kHandleA, kSlot)); });
  call(b, 0, 300, r.wait, [&](std::int64_t t) { b.add(send_done(0, t, 1, kHandleA)); });
  plain(b, 0, 400, r.wait, names(kHandleA));
  plain(b, 0, 500, r.request_free, names(kHandleA));
  EXPECT_EQ(ids(findings_of(b)), std::vector<std::string>{});
}

// --- requests.free_active_receive

TEST(FreeActiveReceiveCheck, FreeingAPendingReceive) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 1, 100, r.irecv, [&](std::int64_t t) { b.add(irecv(1, t, 5, kHandleA, kSlot)); });
  plain(b, 1, 200, r.request_free, names(kHandleA));
  // Freeing a pending send is fine, and so is a receive that completed before its handle came back.
  call(b, 0, 100, r.isend, [&](std::int64_t t) { b.add(isend(0, t, 6, kHandleB, kSlot)); });
  plain(b, 0, 200, r.request_free, names(kHandleB));
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"requests.free_active_receive"});
  EXPECT_EQ(findings[0].ranks, std::vector<trace::WorldRank>{1});
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Request_free@1", "MPI_Irecv@1"}));
}

// The tracer closes a receive freed while active with a cancellation inside MPI_Request_free; a receive cancelled
// with MPI_Cancel and completed by MPI_Wait is fine.
TEST(FreeActiveReceiveCheck, CancellationInsideRequestFree) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  const auto cancelled = [&](LocationId rank, std::int64_t t, trace::RequestId id) {
    trace::MpiRequestCancelled event;
    event.location = rank;
    event.time_ns = t;
    event.request = id;
    b.add(event);
  };
  call(b, 1, 100, r.irecv, [&](std::int64_t t) { b.add(irecv(1, t, 5, kHandleA, kSlot)); });
  call(
      b, 1, 200, r.request_free, [&](std::int64_t t) { cancelled(1, t, 5); }, names(kHandleA));
  call(b, 0, 100, r.irecv, [&](std::int64_t t) { b.add(irecv(0, t, 6, kHandleB, kSlot)); });
  call(b, 0, 200, r.wait, [&](std::int64_t t) { cancelled(0, t, 6); });
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"requests.free_active_receive"});
  EXPECT_EQ(findings[0].ranks, std::vector<trace::WorldRank>{1});
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Request_free@1", "MPI_Irecv@1"}));
}

// --- requests.buffer_reuse

TEST(BufferReuseCheck, ReceiveIntoAPendingSendBuffer) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 0, 100, r.isend, [&](std::int64_t t) { b.add(isend(0, t, 1, kHandleA, kSlot, {1000, 1032})); });
  // Another send reading the same memory is allowed.
  call(b, 0, 150, r.send, [&](std::int64_t t) { b.add(send_from(0, t, ByteRange{1000, 1008})); });
  call(b, 0, 200, r.recv, [&](std::int64_t t) { b.add(recv_into(0, t, ByteRange{1024, 1056})); });
  call(b, 0, 300, r.wait, [&](std::int64_t t) { b.add(send_done(0, t, 1, kHandleA)); });
  // After completion the buffer is the program's again.
  call(b, 0, 400, r.recv, [&](std::int64_t t) { b.add(recv_into(0, t, ByteRange{1000, 1032})); });
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"requests.buffer_reuse"});
  EXPECT_EQ(findings[0].ranks, std::vector<trace::WorldRank>{0});
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Isend@0", "MPI_Recv@0"}));
  EXPECT_EQ(findings[0].calls[1].time_ns, 200);
}

TEST(BufferReuseCheck, CollectiveIntoAPendingNonblockingCollectivesBuffer) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  for (LocationId rank : {0, 1}) {
    call(b, rank, 100, r.iallreduce, [&](std::int64_t t) {
      trace::NonBlockingCollectiveRequest started;
      started.location = rank;
      started.time_ns = t;
      started.request = 7;
      started.request_handle = kHandleA;
      started.send_buffer = ByteRange{500, 508};
      started.recv_buffer = ByteRange{600, 608};
      started.request_slot = kSlot;
      b.add(started);
    });
    call(b, rank, 200, r.bcast, [&](std::int64_t t) {
      b.collective_begin(rank, t);
      trace::MpiCollectiveEnd end;
      end.location = rank;
      end.time_ns = t + 1;
      end.op = trace::CollectiveOp::kBcast;
      end.root = 0;
      end.root_world_rank = 0;
      if (rank == 0) {
        end.send_buffer = ByteRange{600, 608};
      } else {
        end.recv_buffer = ByteRange{604, 608};
      }
      b.add(end);
    });
  }
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"requests.buffer_reuse"});
  EXPECT_EQ(findings[0].ranks, (std::vector<trace::WorldRank>{0, 1}));
  EXPECT_EQ(functions(findings[0]), (std::vector<std::string>{"MPI_Iallreduce@0", "MPI_Bcast@0"}));
}

// --- requests.leak, with MPI_Request_free naming its request

TEST(RequestLeakCheck, RequestFreeNamingItsRequestReleasesThatOne) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  call(b, 0, 100, r.isend, [&](std::int64_t t) { b.add(isend(0, t, 1, kHandleA, kSlot)); });
  call(b, 0, 200, r.irecv, [&](std::int64_t t) { b.add(irecv(0, t, 2, kHandleB, kSlot + 8)); });
  plain(b, 0, 300, r.request_free, names(kHandleA));  // the older one
  plain(b, 0, 1000, r.finalize);
  plain(b, 1, 1000, r.finalize);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"requests.leak"});
  EXPECT_EQ(functions(findings[0]), std::vector<std::string>{"MPI_Irecv@0"});
}

// --- requests.leak of persistent requests

TEST(RequestLeakCheck, InactivePersistentRequestNeverFreedIsAWarningAtItsInit) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  plain(b, 0, 100, r.send_init, names(kHandleA, kSlot));
  call(b, 0, 200, r.start, [&](std::int64_t t) { b.add(isend(0, t, 1, kHandleA, kSlot)); });
  call(b, 0, 300, r.wait, [&](std::int64_t t) { b.add(send_done(0, t, 1, kHandleA)); });
  plain(b, 0, 1000, r.finalize);
  plain(b, 1, 1000, r.finalize);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"requests.leak"});
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].ranks, std::vector<trace::WorldRank>{0});
  EXPECT_EQ(functions(findings[0]), std::vector<std::string>{"MPI_Send_init@0"});
  EXPECT_EQ(findings[0].calls[0].time_ns, 100);
  EXPECT_FALSE(findings[0].hint.empty());
}

// Still active at MPI_Finalize: one error at the start that left it pending, no second finding for the object.
TEST(RequestLeakCheck, ActivePersistentRequestIsOneErrorAtItsStart) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  plain(b, 0, 100, r.send_init, names(kHandleA, kSlot));
  call(b, 0, 200, r.start, [&](std::int64_t t) { b.add(isend(0, t, 1, kHandleA, kSlot)); });
  plain(b, 0, 1000, r.finalize);
  plain(b, 1, 1000, r.finalize);
  const std::vector<Finding> findings = findings_of(b);
  ASSERT_EQ(ids(findings), std::vector<std::string>{"requests.leak"});
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(functions(findings[0]), std::vector<std::string>{"MPI_Start@0"});
}

TEST(RequestLeakCheck, FreedPersistentRequestsAreClean) {
  Otf2ArchiveBuilder b(2);
  const Regions r(b);
  plain(b, 0, 100, r.send_init, names(kHandleA, kSlot));
  plain(b, 0, 150, r.send_init, names(kHandleB, kSlot + 8));
  call(b, 0, 200, r.start, [&](std::int64_t t) { b.add(isend(0, t, 1, kHandleA, kSlot)); });
  call(b, 0, 300, r.wait, [&](std::int64_t t) { b.add(send_done(0, t, 1, kHandleA)); });
  plain(b, 0, 400, r.request_free, names(kHandleA));
  plain(b, 0, 500, r.request_free, names(kHandleB));  // never started, freed: fine
  plain(b, 0, 1000, r.finalize);
  plain(b, 1, 1000, r.finalize);
  EXPECT_EQ(ids(findings_of(b)), std::vector<std::string>{});
}

}  // namespace
}  // namespace mpisight::analyzer
