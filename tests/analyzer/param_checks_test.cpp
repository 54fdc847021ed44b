// The params.* checks on small real archives. params.aliased_buffers: overlapping dense send and receive buffers of
// one call are found; MPI_IN_PLACE (no send range), disjoint buffers, MPI_Sendrecv_replace and layouts with holes are
// not. params.invalid_argument: peers, roots, tags and counts no MPI accepts, in calls that returned success.
#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "fixture_findings.hpp"
#include "otf2_fixture.hpp"

namespace mpisight::analyzer {
namespace {

using testkit::Otf2ArchiveBuilder;
using trace::ByteRange;
using trace::CollectiveOp;
using trace::LocationId;
using trace::RegionId;

using fixture::call;
using fixture::functions;
using fixture::ids;

constexpr std::uint64_t kMpiInt = 0x4c000405;  // MPICH's MPI_INT: 4 bytes

std::vector<Finding> param_findings(const Otf2ArchiveBuilder& b) {
  std::vector<Finding> found = fixture::findings_of(b);
  std::erase_if(found, [](const Finding& f) { return !f.check.starts_with("params."); });
  return found;
}

// MPI_Allgather of `elements` ints per rank on 2 ranks, with the given buffers.
void allgather(Otf2ArchiveBuilder& b, RegionId region, LocationId rank, std::int64_t t, std::uint64_t elements,
               std::optional<ByteRange> send, std::optional<ByteRange> recv) {
  call(b, rank, t, region, [&](std::int64_t at) {
    b.collective_begin(rank, at - 1);
    trace::MpiCollectiveEnd end;
    end.location = rank;
    end.time_ns = at;
    end.op = CollectiveOp::kAllgather;
    end.bytes_sent = 2 * elements * 4;
    end.bytes_received = 2 * elements * 4;
    end.send_type = trace::TypeSignature{.signature = kMpiInt, .elements = elements};
    end.recv_type = trace::TypeSignature{.signature = kMpiInt, .elements = elements};
    end.send_buffer = send;
    end.recv_buffer = recv;
    b.add(end);
  });
}

TEST(AliasedBuffersCheck, AllgatherSendBufferInsideTheReceiveBuffer) {
  Otf2ArchiveBuilder b(2);
  const RegionId region = b.region("MPI_Allgather");
  for (LocationId rank : {0, 1}) {
    // Two ints at one int past the rank's block of a 4-int receive buffer.
    const std::uint64_t base = 0x1000;
    allgather(b, region, rank, 100, 2, ByteRange{base + 8 * rank + 4, base + 8 * rank + 12},
              ByteRange{base, base + 16});
  }
  const std::vector<Finding> found = param_findings(b);
  ASSERT_EQ(ids(found), std::vector<std::string>{"params.aliased_buffers"});
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].ranks, (std::vector<trace::WorldRank>{0, 1}));
  EXPECT_EQ(functions(found[0]), (std::vector<std::string>{"MPI_Allgather@0", "MPI_Allgather@1"}));
  EXPECT_NE(found[0].message.find("send buffer of 8 bytes and a receive buffer of 16 bytes"), std::string::npos)
      << found[0].message;
  EXPECT_FALSE(found[0].hint.empty());
}

TEST(AliasedBuffersCheck, InPlaceDisjointAndHoleyLayoutsAreClean) {
  Otf2ArchiveBuilder b(2);
  const RegionId region = b.region("MPI_Allgather");
  allgather(b, region, 0, 100, 2, std::nullopt, ByteRange{0x1000, 0x1010});               // MPI_IN_PLACE
  allgather(b, region, 1, 100, 2, ByteRange{0x2000, 0x2008}, ByteRange{0x1000, 0x1010});  // disjoint
  // A strided receive type: 2 x 2 ints spread over 64 bytes, the send block in one of its holes.
  allgather(b, region, 0, 200, 2, ByteRange{0x3008, 0x3010}, ByteRange{0x3000, 0x3040});
  allgather(b, region, 1, 200, 2, ByteRange{0x4008, 0x4010}, ByteRange{0x4000, 0x4040});
  EXPECT_EQ(ids(param_findings(b)), std::vector<std::string>{});
}

void sendrecv(Otf2ArchiveBuilder& b, RegionId region, LocationId rank, std::int64_t t, ByteRange send, ByteRange recv) {
  call(b, rank, t, region, [&](std::int64_t at) {
    trace::MpiSend s;
    s.location = rank;
    s.time_ns = at;
    s.peer = 1 - static_cast<std::uint32_t>(rank);
    s.peer_world_rank = 1 - static_cast<trace::WorldRank>(rank);
    s.bytes = send.end - send.begin;
    s.send_buffer = send;
    b.add(s);
    trace::MpiRecv r;
    r.location = rank;
    r.time_ns = at + 1;
    r.peer = s.peer;
    r.peer_world_rank = s.peer_world_rank;
    r.bytes = recv.end - recv.begin;
    r.recv_buffer = recv;
    b.add(r);
  });
}

TEST(AliasedBuffersCheck, SendrecvWithOverlappingBuffersButNotSendrecvReplace) {
  Otf2ArchiveBuilder b(2);
  const RegionId plain = b.region("MPI_Sendrecv");
  const RegionId replace = b.region("MPI_Sendrecv_replace");
  sendrecv(b, plain, 0, 100, ByteRange{0x1000, 0x1010}, ByteRange{0x1008, 0x1018});
  sendrecv(b, plain, 1, 100, ByteRange{0x1000, 0x1010}, ByteRange{0x2000, 0x2010});
  sendrecv(b, replace, 0, 200, ByteRange{0x1000, 0x1010}, ByteRange{0x1000, 0x1010});
  sendrecv(b, replace, 1, 200, ByteRange{0x1000, 0x1010}, ByteRange{0x1000, 0x1010});
  const std::vector<Finding> found = param_findings(b);
  ASSERT_EQ(ids(found), std::vector<std::string>{"params.aliased_buffers"});
  EXPECT_EQ(functions(found[0]), std::vector<std::string>{"MPI_Sendrecv@0"});
}

// --- params.invalid_argument (as another tool's trace, or an MPI without argument checks, shows them)

TEST(InvalidArgumentCheck, PeerRootTagAndCountOutsideWhatMpiAllows) {
  Otf2ArchiveBuilder b(2);
  const RegionId send = b.region("MPI_Send");
  const RegionId bcast = b.region("MPI_Bcast");
  call(b, 0, 100, send, [&](std::int64_t t) { b.send(0, t, 5, 1, 4); });             // destination 5 of 2 ranks
  call(b, 0, 200, send, [&](std::int64_t t) { b.send(0, t, 1, 0xFFFF'FFF6u, 4); });  // tag -10
  call(b, 1, 200, send, [&](std::int64_t t) { b.send(1, t, 0, 0, std::uint64_t{1} << 63U); });  // wrapped count
  for (LocationId rank : {0, 1}) {
    call(b, rank, 300, bcast, [&](std::int64_t t) {
      b.collective_begin(rank, t);
      b.collective_end(rank, t + 1, CollectiveOp::kBcast, 2, 0, 4);  // root 2 of 2 ranks
    });
  }
  std::vector<Finding> found = param_findings(b);
  ASSERT_EQ(ids(found), (std::vector<std::string>(4, "params.invalid_argument")));
  std::vector<std::string> messages;
  for (const Finding& f : found) {
    EXPECT_EQ(f.severity, Severity::kError);
    EXPECT_FALSE(f.hint.empty());
    messages.push_back(f.message);
  }
  const auto has = [&](const std::string& phrase) {
    return std::any_of(messages.begin(), messages.end(),
                       [&](const std::string& m) { return m.find(phrase) != std::string::npos; });
  };
  EXPECT_TRUE(has("MPI_Send on rank 0 was given destination rank 5 of MPI_COMM_WORLD, which has 2 ranks"))
      << found[0].message;
  EXPECT_TRUE(has("tag -10"));
  EXPECT_TRUE(has("MPI_Send on rank 1 was given a negative count"));
  EXPECT_TRUE(has("MPI_Bcast on ranks 0, 1 (2 calls, the first) was given root 2 of MPI_COMM_WORLD"));
}

TEST(InvalidArgumentCheck, RefusedCallsAndValidArgumentsAreNotReported) {
  Otf2ArchiveBuilder b(2);
  const RegionId send = b.region("MPI_Send");
  const RegionId recv = b.region("MPI_Recv");
  trace::Leave refused;
  refused.return_code = 6;  // MPI_ERR_RANK
  call(
      b, 0, 100, send, [&](std::int64_t t) { b.send(0, t, 5, 1, 4); }, refused);
  call(b, 0, 200, send, [&](std::int64_t t) { b.send(0, t, 1, 32767, 4); });
  call(b, 1, 300, recv, [&](std::int64_t t) { b.recv(1, t, 0, 32767, 4); });
  const std::vector<Finding> found = fixture::findings_of(b);
  EXPECT_EQ(ids(found), std::vector<std::string>{"errors.return_code"});
}

}  // namespace
}  // namespace mpisight::analyzer
