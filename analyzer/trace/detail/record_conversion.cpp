// One conversion per record kind: fields and schema attributes of a decoded record become an Event.
#include "trace/detail/record_conversion.hpp"

#include <limits>
#include <memory>
#include <utility>

namespace mpisight::trace::detail {
namespace {

using A = schema::Attribute;
using K = RecordKind;

// Typed reads of the schema attributes of one record.
class Attributes {
 public:
  explicit Attributes(const AttributeValues& values) : values_(values) {}

  [[nodiscard]] std::optional<std::uint64_t> word(A attribute) const { return values_.word(attribute); }
  [[nodiscard]] std::optional<std::int32_t> int32(A attribute) const {
    const auto value = word(attribute);
    return value ? std::optional<std::int32_t>(static_cast<std::int32_t>(*value)) : std::nullopt;
  }
  [[nodiscard]] std::optional<std::uint32_t> uint32(A attribute) const {
    const auto value = word(attribute);
    return value ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(*value)) : std::nullopt;
  }
  [[nodiscard]] std::optional<TypeSignature> type(A signature, A count) const {
    const auto value = word(signature);
    return value ? std::optional<TypeSignature>(TypeSignature{*value, word(count).value_or(0)}) : std::nullopt;
  }
  [[nodiscard]] std::optional<TypeSignature> send_type() const { return type(A::kTypeSignature, A::kElementCount); }
  [[nodiscard]] std::optional<TypeSignature> recv_type() const {
    return type(A::kRecvTypeSignature, A::kRecvElementCount);
  }
  [[nodiscard]] std::optional<ByteRange> range(A begin, A end) const {
    const auto first = word(begin);
    const auto last = word(end);
    return first && last && *first < *last ? std::optional<ByteRange>(ByteRange{*first, *last}) : std::nullopt;
  }
  [[nodiscard]] std::optional<ByteRange> send_buffer() const { return range(A::kSendBufferBegin, A::kSendBufferEnd); }
  [[nodiscard]] std::optional<ByteRange> recv_buffer() const { return range(A::kRecvBufferBegin, A::kRecvBufferEnd); }
  [[nodiscard]] PeerCounts counts(EventContext& ctx, A attribute) const {
    const auto ref = word(attribute);
    return ref ? ctx.peer_counts(static_cast<StringId>(*ref)) : PeerCounts{};
  }

 private:
  const AttributeValues& values_;
};

std::uint32_t u32(std::uint64_t field) {
  return static_cast<std::uint32_t>(field);
}

std::optional<WorldRank> root_world_rank(const EventContext& ctx, CommId comm, std::uint32_t root, LocationId caller) {
  if (root == kRootNone || root == kRootThisGroup) {
    return std::nullopt;
  }
  if (root == kRootSelf) {
    return ctx.defs().world_rank_of(caller);
  }
  return ctx.defs().world_rank(comm, root, caller);
}

// The Leave of a persistent collective init carries the collective it set up.
std::shared_ptr<const CollectiveInit> collective_init(EventContext& ctx, const Attributes& extra, LocationId location) {
  const auto op = extra.uint32(A::kCollectiveInitOp);
  const auto comm = extra.uint32(A::kCollectiveInitComm);
  if (!op || !comm) {
    return {};
  }
  const std::uint32_t root = extra.uint32(A::kCollectiveInitRoot).value_or(kRootNone);
  return std::make_shared<const CollectiveInit>(
      CollectiveInit{.op = static_cast<CollectiveOp>(*op),
                     .comm = *comm,
                     .root = root,
                     .root_world_rank = root_world_rank(ctx, *comm, root, location),
                     .send_type = extra.send_type(),
                     .recv_type = extra.recv_type(),
                     .reduction_op = extra.uint32(A::kReductionOp),
                     .send_counts = extra.counts(ctx, A::kSendCounts),
                     .recv_counts = extra.counts(ctx, A::kRecvCounts)});
}

Event p2p_event(const EventContext& ctx, const Record& r, const Attributes& extra) {
  const LocationId location = r.location;
  const std::int64_t time_ns = ctx.to_ns(r.time);
  const CommId comm = u32(r.field[1]);
  const std::uint32_t peer = u32(r.field[0]);
  const std::optional<WorldRank> peer_world_rank = ctx.defs().world_rank(comm, peer, location);
  switch (r.kind) {
    case K::kMpiSend:
      return MpiSend{.location = location,
                     .time_ns = time_ns,
                     .comm = comm,
                     .peer = peer,
                     .peer_world_rank = peer_world_rank,
                     .tag = u32(r.field[2]),
                     .bytes = r.field[3],
                     .type = extra.send_type(),
                     .send_buffer = extra.send_buffer()};
    case K::kMpiIsend:
      return MpiIsend{.location = location,
                      .time_ns = time_ns,
                      .comm = comm,
                      .peer = peer,
                      .peer_world_rank = peer_world_rank,
                      .tag = u32(r.field[2]),
                      .bytes = r.field[3],
                      .request = r.field[4],
                      .type = extra.send_type(),
                      .request_handle = extra.word(A::kRequestHandle),
                      .send_buffer = extra.send_buffer(),
                      .request_slot = extra.word(A::kRequestSlot)};
    case K::kMpiRecv:
      return MpiRecv{.location = location,
                     .time_ns = time_ns,
                     .comm = comm,
                     .peer = peer,
                     .peer_world_rank = peer_world_rank,
                     .tag = u32(r.field[2]),
                     .bytes = r.field[3],
                     .type = extra.send_type(),
                     .requested_source = extra.int32(A::kRequestedSource),
                     .requested_tag = extra.int32(A::kRequestedTag),
                     .recv_buffer = extra.recv_buffer(),
                     .status_error = extra.int32(A::kStatusError),
                     .recv_capacity = extra.word(A::kRecvCapacity)};
    default:  // K::kMpiIrecv
      return MpiIrecv{.location = location,
                      .time_ns = time_ns,
                      .comm = comm,
                      .peer = peer,
                      .peer_world_rank = peer_world_rank,
                      .tag = u32(r.field[2]),
                      .bytes = r.field[3],
                      .request = r.field[4],
                      .type = extra.send_type(),
                      .request_handle = extra.word(A::kRequestHandle),
                      .status_error = extra.int32(A::kStatusError),
                      .recv_capacity = extra.word(A::kRecvCapacity)};
  }
}

Event collective_event(EventContext& ctx, const Record& r, const Attributes& extra) {
  const LocationId location = r.location;
  const std::int64_t time_ns = ctx.to_ns(r.time);
  if (r.kind == K::kNonBlockingCollectiveRequest) {
    return NonBlockingCollectiveRequest{.location = location,
                                        .time_ns = time_ns,
                                        .request = r.field[0],
                                        .request_handle = extra.word(A::kRequestHandle),
                                        .send_buffer = extra.send_buffer(),
                                        .recv_buffer = extra.recv_buffer(),
                                        .request_slot = extra.word(A::kRequestSlot),
                                        .send_counts = extra.counts(ctx, A::kSendCounts),
                                        .recv_counts = extra.counts(ctx, A::kRecvCounts)};
  }
  const auto op = static_cast<CollectiveOp>(r.field[0]);
  const CommId comm = u32(r.field[1]);
  const std::uint32_t root = u32(r.field[2]);
  if (r.kind == K::kMpiCollectiveEnd) {
    return MpiCollectiveEnd{.location = location,
                            .time_ns = time_ns,
                            .op = op,
                            .comm = comm,
                            .root = root,
                            .root_world_rank = root_world_rank(ctx, comm, root, location),
                            .bytes_sent = r.field[3],
                            .bytes_received = r.field[4],
                            .send_type = extra.send_type(),
                            .recv_type = extra.recv_type(),
                            .reduction_op = extra.uint32(A::kReductionOp),
                            .send_buffer = extra.send_buffer(),
                            .recv_buffer = extra.recv_buffer(),
                            .send_counts = extra.counts(ctx, A::kSendCounts),
                            .recv_counts = extra.counts(ctx, A::kRecvCounts)};
  }
  return NonBlockingCollectiveComplete{.location = location,
                                       .time_ns = time_ns,
                                       .op = op,
                                       .comm = comm,
                                       .root = root,
                                       .root_world_rank = root_world_rank(ctx, comm, root, location),
                                       .bytes_sent = r.field[3],
                                       .bytes_received = r.field[4],
                                       .request = r.field[5],
                                       .send_type = extra.send_type(),
                                       .recv_type = extra.recv_type(),
                                       .reduction_op = extra.uint32(A::kReductionOp),
                                       .request_handle = extra.word(A::kRequestHandle)};
}

RmaOp rma_op(const EventContext& ctx, const Record& r, const Attributes& extra) {
  RmaOp op{.location = r.location,
           .time_ns = ctx.to_ns(r.time),
           .win = u32(r.field[0]),
           .remote = u32(r.field[1]),
           .target_disp = extra.word(A::kRmaTargetDisp),
           .target_count = extra.word(A::kRmaTargetCount),
           .target_type_signature = extra.word(A::kRmaTargetTypeSignature),
           .target_bytes = extra.range(A::kRmaTargetByteBegin, A::kRmaTargetByteEnd),
           .send_buffer = extra.send_buffer(),
           .recv_buffer = extra.recv_buffer(),
           .request_handle = extra.word(A::kRequestHandle),
           .request_slot = extra.word(A::kRequestSlot),
           .reduction_op = extra.uint32(A::kReductionOp)};
  if (r.kind == K::kRmaAtomic) {
    op.kind = RmaOpKind::kAtomic;
    op.atomic_type = static_cast<RmaAtomicType>(r.field[2]);
    op.bytes_sent = r.field[3];
    op.bytes_received = r.field[4];
    op.matching_id = r.field[5];
  } else {
    op.kind = r.kind == K::kRmaPut ? RmaOpKind::kPut : RmaOpKind::kGet;
    (r.kind == K::kRmaPut ? op.bytes_sent : op.bytes_received) = r.field[2];
    op.matching_id = r.field[3];
  }
  return op;
}

RmaLockEvent lock_event(RecordKind kind) {
  switch (kind) {
    case K::kRmaRequestLock: return RmaLockEvent::kRequest;
    case K::kRmaAcquireLock: return RmaLockEvent::kAcquire;
    case K::kRmaTryLock: return RmaLockEvent::kTry;
    default: return RmaLockEvent::kRelease;
  }
}

Event rma_event(const EventContext& ctx, const Record& r, const Attributes& extra) {
  const LocationId location = r.location;
  const std::int64_t time_ns = ctx.to_ns(r.time);
  switch (r.kind) {
    case K::kRmaWinCreate: return RmaWinCreate{.location = location, .time_ns = time_ns, .win = u32(r.field[0])};
    case K::kRmaWinDestroy: return RmaWinDestroy{.location = location, .time_ns = time_ns, .win = u32(r.field[0])};
    case K::kRmaCollectiveBegin: return RmaCollectiveBegin{.location = location, .time_ns = time_ns};
    case K::kRmaCollectiveEnd: {
      const std::uint32_t win = u32(r.field[2]);
      return RmaCollectiveEnd{
          .location = location,
          .time_ns = time_ns,
          .op = static_cast<CollectiveOp>(r.field[0]),
          .sync_level = u32(r.field[1]),
          .win = win == std::numeric_limits<std::uint32_t>::max() ? std::nullopt : std::optional<RmaWinId>(win),
          .assert_flags = extra.uint32(A::kRmaAssert)};
    }
    case K::kRmaGroupSync:
      return RmaGroupSync{.location = location,
                          .time_ns = time_ns,
                          .sync_level = u32(r.field[0]),
                          .win = u32(r.field[1]),
                          .group = u32(r.field[2]),
                          .assert_flags = extra.uint32(A::kRmaAssert)};
    case K::kRmaRequestLock:
    case K::kRmaAcquireLock:
    case K::kRmaTryLock:
    case K::kRmaReleaseLock:
      return RmaLock{
          .location = location,
          .time_ns = time_ns,
          .event = lock_event(r.kind),
          .win = u32(r.field[0]),
          .remote = u32(r.field[1]),
          .lock_id = r.field[2],
          // OTF2 does not say for releases: kExclusive
          .type = r.kind == K::kRmaReleaseLock ? RmaLockType::kExclusive : static_cast<RmaLockType>(r.field[3]),
          .assert_flags = extra.uint32(A::kRmaAssert)};
    case K::kRmaSync:
      return RmaSync{.location = location,
                     .time_ns = time_ns,
                     .win = u32(r.field[0]),
                     .remote = u32(r.field[1]),
                     .sync_type = u32(r.field[2])};
    case K::kRmaPut:
    case K::kRmaGet:
    case K::kRmaAtomic: return rma_op(ctx, r, extra);
    case K::kRmaOpCompleteBlocking:
    case K::kRmaOpCompleteNonBlocking:
      return RmaOpComplete{.location = location,
                           .time_ns = time_ns,
                           .blocking = r.kind == K::kRmaOpCompleteBlocking,
                           .win = u32(r.field[0]),
                           .matching_id = r.field[1],
                           .request_handle = extra.word(A::kRequestHandle),
                           .status_error = extra.int32(A::kStatusError)};
    default:  // K::kRmaOpTest
      return RmaOpTest{.location = location,
                       .time_ns = time_ns,
                       .win = u32(r.field[0]),
                       .matching_id = r.field[1],
                       .request_handle = extra.word(A::kRequestHandle)};
  }
}

Event request_event(const EventContext& ctx, const Record& r, const Attributes& extra) {
  const LocationId location = r.location;
  const std::int64_t time_ns = ctx.to_ns(r.time);
  const RequestId request = r.field[0];
  const std::optional<std::uint64_t> handle = extra.word(A::kRequestHandle);
  switch (r.kind) {
    case K::kMpiIsendComplete:
      return MpiIsendComplete{.location = location,
                              .time_ns = time_ns,
                              .request = request,
                              .request_handle = handle,
                              .status_error = extra.int32(A::kStatusError)};
    case K::kMpiIrecvRequest:
      return MpiIrecvRequest{.location = location,
                             .time_ns = time_ns,
                             .request = request,
                             .request_handle = handle,
                             .requested_source = extra.int32(A::kRequestedSource),
                             .requested_tag = extra.int32(A::kRequestedTag),
                             .recv_buffer = extra.recv_buffer(),
                             .request_slot = extra.word(A::kRequestSlot)};
    case K::kMpiRequestTest:
      return MpiRequestTest{.location = location, .time_ns = time_ns, .request = request, .request_handle = handle};
    default:  // K::kMpiRequestCancelled
      return MpiRequestCancelled{
          .location = location, .time_ns = time_ns, .request = request, .request_handle = handle};
  }
}

}  // namespace

EventContext::EventContext(const TraceDefinitions& defs, const EventCallback& on_event)
    : defs_(defs), on_event_(on_event) {
  for (const auto& [ref, attribute] : defs.schema_attributes) {
    if (ref >= schema_by_ref_.size()) {
      schema_by_ref_.resize(static_cast<std::size_t>(ref) + 1, -1);
    }
    schema_by_ref_[ref] = static_cast<std::int8_t>(attribute);
  }
  nanosecond_ticks_ = defs.clock.timer_resolution == 1'000'000'000;
}

std::int64_t EventContext::to_ns(std::uint64_t ticks) const noexcept {
  const ClockProperties& clock = defs_.clock;
  const bool before_offset = ticks < clock.global_offset;
  const std::uint64_t delta = before_offset ? clock.global_offset - ticks : ticks - clock.global_offset;
  const auto magnitude = static_cast<std::int64_t>(
      nanosecond_ticks_ ? delta : static_cast<unsigned __int128>(delta) * 1'000'000'000u / clock.timer_resolution);
  return before_offset ? -magnitude : magnitude;
}

PeerCounts EventContext::peer_counts(StringId string) {
  auto [cached, inserted] = peer_counts_.try_emplace(string);
  if (inserted) {
    const auto text = defs_.strings.find(string);
    if (text != defs_.strings.end()) {
      if (auto parsed = schema::parse_peer_counts(text->second)) {
        cached->second = std::make_shared<const std::vector<schema::PeerCount>>(std::move(*parsed));
      }
    }
  }
  return cached->second;
}

void EventContext::convert(const Record& r, const AttributeValues& attributes) {
  const Attributes extra(attributes);
  switch (r.kind) {
    case K::kEnter:
      on_event_(Enter{.location = r.location,
                      .time_ns = to_ns(r.time),
                      .region = u32(r.field[0]),
                      .call_site = extra.uint32(A::kCallSite),
                      .requested_source = extra.int32(A::kRequestedSource),
                      .requested_tag = extra.int32(A::kRequestedTag),
                      .requested_comm = extra.uint32(A::kRequestedComm)});
      return;
    case K::kLeave:
      on_event_(Leave{.location = r.location,
                      .time_ns = to_ns(r.time),
                      .region = u32(r.field[0]),
                      .return_code = extra.int32(A::kReturnCode),
                      .request_handle = extra.word(A::kRequestHandle),
                      .request_slot = extra.word(A::kRequestSlot),
                      .collective_init = collective_init(*this, extra, r.location)});
      return;
    case K::kMpiSend:
    case K::kMpiIsend:
    case K::kMpiRecv:
    case K::kMpiIrecv: on_event_(p2p_event(*this, r, extra)); return;
    case K::kMpiIsendComplete:
    case K::kMpiIrecvRequest:
    case K::kMpiRequestTest:
    case K::kMpiRequestCancelled: on_event_(request_event(*this, r, extra)); return;
    case K::kMpiCollectiveBegin:
      on_event_(MpiCollectiveBegin{.location = r.location, .time_ns = to_ns(r.time)});
      return;
    case K::kMpiCollectiveEnd:
    case K::kNonBlockingCollectiveRequest:
    case K::kNonBlockingCollectiveComplete: on_event_(collective_event(*this, r, extra)); return;
    case K::kCount: return;
    default: break;
  }
  on_event_(is_io_record(r.kind) ? io_event(*this, r, attributes) : rma_event(*this, r, extra));
}

}  // namespace mpisight::trace::detail
