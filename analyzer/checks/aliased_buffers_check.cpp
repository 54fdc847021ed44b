// MPI_Sendrecv records its two halves as an MpiSend and an MpiRecv inside one call; a blocking collective's
// MpiCollectiveEnd carries both buffers. A range counts only when it is dense: for point-to-point its length equals
// the bytes moved, for collectives the blocks of the side times their elements times the basic type's size.
#include "checks/aliased_buffers_check.hpp"

#include <algorithm>
#include <string>

#include "schema/attributes.hpp"

namespace mpisight::analyzer {
namespace {

using trace::CollectiveOp;

// The size of a basic type from its signature: MPICH's builtin datatype handles (0x4c00SSxx) hold it.
std::optional<std::uint64_t> basic_size(const std::optional<trace::TypeSignature>& type) {
  if (!type || !schema::is_homogeneous_signature(type->signature) ||
      (type->signature & 0xff00'0000ULL) != 0x4c00'0000ULL || type->signature > 0xffff'ffffULL) {
    return std::nullopt;
  }
  const std::uint64_t size = (type->signature >> 8U) & 0xffU;
  return size > 0 ? std::optional(size) : std::nullopt;
}

// How many blocks of its count argument each side of `op` spans on this rank (p: communicator size), 0 where the
// side is not judged (one buffer for both, per-block types, or counts the record does not give).
struct Blocks {
  std::uint64_t send = 0;
  std::uint64_t recv = 0;
};
Blocks blocks_of(CollectiveOp op, std::uint64_t p, bool is_root) {
  switch (op) {
    case CollectiveOp::kGather: return {1, is_root ? p : 0};
    case CollectiveOp::kScatter: return {is_root ? p : 0, 1};
    case CollectiveOp::kAllgather: return {1, p};
    case CollectiveOp::kAlltoall: return {p, p};
    case CollectiveOp::kAllreduce:
    case CollectiveOp::kReduce:
    case CollectiveOp::kScan:
    case CollectiveOp::kExscan: return {1, 1};
    // The v forms record the sum of their counts: dense when the blocks tile the hull without gaps.
    case CollectiveOp::kGatherv:
    case CollectiveOp::kScatterv:
    case CollectiveOp::kAllgatherv:
    case CollectiveOp::kAlltoallv: return {1, 1};
    default: return {};
  }
}

bool dense(const std::optional<trace::ByteRange>& range, std::uint64_t blocks,
           const std::optional<trace::TypeSignature>& type) {
  const std::optional<std::uint64_t> size = basic_size(type);
  return range && blocks > 0 && size && range->end - range->begin == blocks * type->elements * *size;
}

}  // namespace

void AliasedBuffersCheck::on_event(const trace::Event& event) {
  std::visit(trace::Overloaded{
                 [&](const trace::MpiSend& e) { sendrecv_half(e.location, e.send_buffer, e.bytes, true); },
                 [&](const trace::MpiRecv& e) { sendrecv_half(e.location, e.recv_buffer, e.bytes, false); },
                 [&](const trace::MpiCollectiveEnd& e) { collective(e); },
                 [](const auto&) {},
             },
             event);
}

void AliasedBuffersCheck::sendrecv_half(trace::LocationId location, std::optional<trace::ByteRange> range,
                                        std::uint64_t bytes, bool is_send) {
  const OpenCall* call = model().current_call(location);
  // MPI_Sendrecv_replace uses one buffer for both on purpose.
  if (call == nullptr || !call->info->is_sendrecv) {
    return;
  }
  if (!range || range->end - range->begin != bytes) {
    halves_.erase(location);
    return;  // a layout with holes, or a message shorter than the receive buffer: not judged
  }
  auto [it, fresh] = halves_.try_emplace(location);
  if (fresh || it->second.call_enter_ns != call->id.enter_ns || it->second.is_send == is_send) {
    it->second = Half{.call_enter_ns = call->id.enter_ns, .range = *range, .is_send = is_send};
    return;
  }
  const trace::ByteRange other = it->second.range;
  halves_.erase(it);
  if (other.overlaps(*range)) {
    report(call->id, is_send ? *range : other, is_send ? other : *range);
  }
}

void AliasedBuffersCheck::collective(const trace::MpiCollectiveEnd& end) {
  if (!end.send_buffer || !end.recv_buffer || !end.send_buffer->overlaps(*end.recv_buffer)) {
    return;
  }
  const auto comm = model().defs().comms.find(end.comm);
  if (comm == model().defs().comms.end()) {
    return;
  }
  const trace::WorldRank rank = model().rank_of(end.location);
  const bool is_root = end.root_world_rank && *end.root_world_rank == rank;
  const Blocks blocks = blocks_of(end.op, comm->second.world_ranks.size(), is_root);
  if (dense(end.send_buffer, blocks.send, end.send_type) && dense(end.recv_buffer, blocks.recv, end.recv_type)) {
    report(model().current_call_id(end.location, end.time_ns), *end.send_buffer, *end.recv_buffer);
  }
}

void AliasedBuffersCheck::report(const CallId& call, const trace::ByteRange& send, const trace::ByteRange& recv) {
  auto [it, fresh] = aliasings_.try_emplace({call.region, call.site});
  Aliasing& aliasing = it->second;
  if (fresh) {
    aliasing.send = send;
    aliasing.recv = recv;
  }
  ++aliasing.count;
  aliasing.first_call.try_emplace(model().rank_of(call.location), call);
}

void AliasedBuffersCheck::finish(std::vector<Finding>& findings) {
  for (auto& [key, aliasing] : aliasings_) {
    Finding finding;
    finding.check = "params.aliased_buffers";
    finding.severity = Severity::kError;
    constexpr std::size_t kMaxCalls = 8;
    for (const auto& [rank, call] : aliasing.first_call) {
      finding.ranks.push_back(rank);
      if (finding.calls.size() < kMaxCalls) {
        finding.calls.push_back(model().describe(call, "was given overlapping send and receive buffers"));
      }
    }
    const std::uint64_t shared =
        std::min(aliasing.send.end, aliasing.recv.end) - std::max(aliasing.send.begin, aliasing.recv.begin);
    const std::string ranks = (finding.ranks.size() == 1 ? "rank " : "ranks ") + rank_list(finding.ranks);
    const std::string times = aliasing.count == 1 ? "" : " (" + std::to_string(aliasing.count) + " calls)";
    finding.message = finding.calls.front().function + " on " + ranks + times + " was given a send buffer of " +
                      std::to_string(aliasing.send.end - aliasing.send.begin) + " bytes and a receive buffer of " +
                      std::to_string(aliasing.recv.end - aliasing.recv.begin) + " bytes that overlap (in " +
                      std::to_string(shared) +
                      " bytes on the first call): MPI forbids aliasing a receive buffer with any other argument, "
                      "and MPICH rejects only identical pointers, so the data received is undefined.";
    finding.hint =
        "Pass MPI_IN_PLACE as the send buffer when the data to send already sits in the receive buffer (or use "
        "MPI_Sendrecv_replace), otherwise give the call separate, non-overlapping buffers.";
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
