// One conversion per record kind: fields and schema attributes of a decoded record become an Event.
#include "trace/detail/record_conversion.hpp"

#include <limits>
#include <memory>
#include <utility>

namespace mpisight::trace::detail {
namespace {

using A = schema::Attribute;
using K = RecordKind;

constexpr CommId kMaxIndexedComms = 1u << 16;

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

void root_world_rank(const EventContext& ctx, CommId comm, std::uint32_t root, LocationId caller,
                     std::optional<WorldRank>& rank) {
  if (root == kRootNone || root == kRootThisGroup) {
    rank.reset();
  } else if (root == kRootSelf) {
    rank = ctx.defs().world_rank_of(caller);
  } else {
    ctx.world_rank(comm, root, caller, rank);
  }
}

// The Leave of a persistent collective init carries the collective it set up. Out of line: rare, and its locals
// would widen the frame of every conversion.
[[gnu::noinline]] std::shared_ptr<const CollectiveInit> collective_init(EventContext& ctx, const Attributes& extra,
                                                                        LocationId location, CollectiveOp op,
                                                                        CommId comm) {
  const std::uint32_t root = extra.uint32(A::kCollectiveInitRoot).value_or(kRootNone);
  CollectiveInit init{.op = op,
                      .comm = comm,
                      .root = root,
                      .root_world_rank = std::nullopt,
                      .send_type = extra.send_type(),
                      .recv_type = extra.recv_type(),
                      .reduction_op = extra.uint32(A::kReductionOp),
                      .send_counts = extra.counts(ctx, A::kSendCounts),
                      .recv_counts = extra.counts(ctx, A::kRecvCounts)};
  root_world_rank(ctx, comm, root, location, init.root_world_rank);
  return std::make_shared<const CollectiveInit>(std::move(init));
}

// Sets `init` from a Leave's attributes. Most Leaves carry none, and their slot's pointer is then empty already:
// it is left alone rather than assigned an empty one (a swap and a release per event).
void set_collective_init(EventContext& ctx, const Attributes& extra, LocationId location,
                         std::shared_ptr<const CollectiveInit>& init) {
  const auto op = extra.uint32(A::kCollectiveInitOp);
  const auto comm = extra.uint32(A::kCollectiveInitComm);
  if (op && comm) [[unlikely]] {
    init = collective_init(ctx, extra, location, static_cast<CollectiveOp>(*op), *comm);
  } else if (init) {
    init.reset();
  }
}

void p2p_event(const EventContext& ctx, const Record& r, const Attributes& extra, EventSlots& slots) {
  const auto fill = [&](auto& e) {
    e.comm = u32(r.field[1]);
    e.peer = u32(r.field[0]);
    ctx.world_rank(e.comm, e.peer, r.location, e.peer_world_rank);
    e.tag = u32(r.field[2]);
    e.bytes = r.field[3];
    e.type = extra.send_type();
  };
  switch (r.kind) {
    case K::kMpiSend: {
      auto& e = take<MpiSend>(slots, ctx, r);
      fill(e);
      e.send_buffer = extra.send_buffer();
      return;
    }
    case K::kMpiIsend: {
      auto& e = take<MpiIsend>(slots, ctx, r);
      fill(e);
      e.request = r.field[4];
      e.request_handle = extra.word(A::kRequestHandle);
      e.send_buffer = extra.send_buffer();
      e.request_slot = extra.word(A::kRequestSlot);
      return;
    }
    case K::kMpiRecv: {
      auto& e = take<MpiRecv>(slots, ctx, r);
      fill(e);
      e.requested_source = extra.int32(A::kRequestedSource);
      e.requested_tag = extra.int32(A::kRequestedTag);
      e.recv_buffer = extra.recv_buffer();
      e.status_error = extra.int32(A::kStatusError);
      e.recv_capacity = extra.word(A::kRecvCapacity);
      return;
    }
    default: {  // K::kMpiIrecv
      auto& e = take<MpiIrecv>(slots, ctx, r);
      fill(e);
      e.request = r.field[4];
      e.request_handle = extra.word(A::kRequestHandle);
      e.status_error = extra.int32(A::kStatusError);
      e.recv_capacity = extra.word(A::kRecvCapacity);
      return;
    }
  }
}

void collective_event(EventContext& ctx, const Record& r, const Attributes& extra, EventSlots& slots) {
  if (r.kind == K::kNonBlockingCollectiveRequest) {
    auto& e = take<NonBlockingCollectiveRequest>(slots, ctx, r);
    e.request = r.field[0];
    e.request_handle = extra.word(A::kRequestHandle);
    e.send_buffer = extra.send_buffer();
    e.recv_buffer = extra.recv_buffer();
    e.request_slot = extra.word(A::kRequestSlot);
    e.send_counts = extra.counts(ctx, A::kSendCounts);
    e.recv_counts = extra.counts(ctx, A::kRecvCounts);
    return;
  }
  const auto fill = [&](auto& e) {
    e.op = static_cast<CollectiveOp>(r.field[0]);
    e.comm = u32(r.field[1]);
    e.root = u32(r.field[2]);
    root_world_rank(ctx, e.comm, e.root, r.location, e.root_world_rank);
    e.bytes_sent = r.field[3];
    e.bytes_received = r.field[4];
    e.send_type = extra.send_type();
    e.recv_type = extra.recv_type();
    e.reduction_op = extra.uint32(A::kReductionOp);
  };
  if (r.kind == K::kMpiCollectiveEnd) {
    auto& e = take<MpiCollectiveEnd>(slots, ctx, r);
    fill(e);
    e.send_buffer = extra.send_buffer();
    e.recv_buffer = extra.recv_buffer();
    e.send_counts = extra.counts(ctx, A::kSendCounts);
    e.recv_counts = extra.counts(ctx, A::kRecvCounts);
    return;
  }
  auto& e = take<NonBlockingCollectiveComplete>(slots, ctx, r);
  fill(e);
  e.request = r.field[5];
  e.request_handle = extra.word(A::kRequestHandle);
}

void rma_op(const EventContext& ctx, const Record& r, const Attributes& extra, EventSlots& slots) {
  auto& op = take<RmaOp>(slots, ctx, r);
  op.win = u32(r.field[0]);
  op.remote = u32(r.field[1]);
  if (r.kind == K::kRmaAtomic) {
    op.kind = RmaOpKind::kAtomic;
    op.atomic_type = static_cast<RmaAtomicType>(r.field[2]);
    op.bytes_sent = r.field[3];
    op.bytes_received = r.field[4];
    op.matching_id = r.field[5];
  } else {
    const bool put = r.kind == K::kRmaPut;
    op.kind = put ? RmaOpKind::kPut : RmaOpKind::kGet;
    op.atomic_type = RmaAtomicType::kAccumulate;
    op.bytes_sent = put ? r.field[2] : 0;
    op.bytes_received = put ? 0 : r.field[2];
    op.matching_id = r.field[3];
  }
  op.target_disp = extra.word(A::kRmaTargetDisp);
  op.target_count = extra.word(A::kRmaTargetCount);
  op.target_type_signature = extra.word(A::kRmaTargetTypeSignature);
  op.target_bytes = extra.range(A::kRmaTargetByteBegin, A::kRmaTargetByteEnd);
  op.send_buffer = extra.send_buffer();
  op.recv_buffer = extra.recv_buffer();
  op.request_handle = extra.word(A::kRequestHandle);
  op.request_slot = extra.word(A::kRequestSlot);
  op.reduction_op = extra.uint32(A::kReductionOp);
}

RmaLockEvent lock_event(RecordKind kind) {
  switch (kind) {
    case K::kRmaRequestLock: return RmaLockEvent::kRequest;
    case K::kRmaAcquireLock: return RmaLockEvent::kAcquire;
    case K::kRmaTryLock: return RmaLockEvent::kTry;
    default: return RmaLockEvent::kRelease;
  }
}

void rma_event(const EventContext& ctx, const Record& r, const Attributes& extra, EventSlots& slots) {
  switch (r.kind) {
    case K::kRmaWinCreate: take<RmaWinCreate>(slots, ctx, r).win = u32(r.field[0]); return;
    case K::kRmaWinDestroy: take<RmaWinDestroy>(slots, ctx, r).win = u32(r.field[0]); return;
    case K::kRmaCollectiveBegin: (void)take<RmaCollectiveBegin>(slots, ctx, r); return;
    case K::kRmaCollectiveEnd: {
      auto& e = take<RmaCollectiveEnd>(slots, ctx, r);
      const std::uint32_t win = u32(r.field[2]);
      e.op = static_cast<CollectiveOp>(r.field[0]);
      e.sync_level = u32(r.field[1]);
      e.win = win == std::numeric_limits<std::uint32_t>::max() ? std::nullopt : std::optional<RmaWinId>(win);
      e.assert_flags = extra.uint32(A::kRmaAssert);
      return;
    }
    case K::kRmaGroupSync: {
      auto& e = take<RmaGroupSync>(slots, ctx, r);
      e.sync_level = u32(r.field[0]);
      e.win = u32(r.field[1]);
      e.group = u32(r.field[2]);
      e.assert_flags = extra.uint32(A::kRmaAssert);
      return;
    }
    case K::kRmaRequestLock:
    case K::kRmaAcquireLock:
    case K::kRmaTryLock:
    case K::kRmaReleaseLock: {
      auto& e = take<RmaLock>(slots, ctx, r);
      e.event = lock_event(r.kind);
      e.win = u32(r.field[0]);
      e.remote = u32(r.field[1]);
      e.lock_id = r.field[2];
      // OTF2 does not say for releases: kExclusive
      e.type = r.kind == K::kRmaReleaseLock ? RmaLockType::kExclusive : static_cast<RmaLockType>(r.field[3]);
      e.assert_flags = extra.uint32(A::kRmaAssert);
      return;
    }
    case K::kRmaSync: {
      auto& e = take<RmaSync>(slots, ctx, r);
      e.win = u32(r.field[0]);
      e.remote = u32(r.field[1]);
      e.sync_type = u32(r.field[2]);
      return;
    }
    case K::kRmaPut:
    case K::kRmaGet:
    case K::kRmaAtomic: rma_op(ctx, r, extra, slots); return;
    case K::kRmaOpCompleteBlocking:
    case K::kRmaOpCompleteNonBlocking: {
      auto& e = take<RmaOpComplete>(slots, ctx, r);
      e.blocking = r.kind == K::kRmaOpCompleteBlocking;
      e.win = u32(r.field[0]);
      e.matching_id = r.field[1];
      e.request_handle = extra.word(A::kRequestHandle);
      e.status_error = extra.int32(A::kStatusError);
      return;
    }
    default: {  // K::kRmaOpTest
      auto& e = take<RmaOpTest>(slots, ctx, r);
      e.win = u32(r.field[0]);
      e.matching_id = r.field[1];
      e.request_handle = extra.word(A::kRequestHandle);
      return;
    }
  }
}

void request_event(const EventContext& ctx, const Record& r, const Attributes& extra, EventSlots& slots) {
  const auto fill = [&](auto& e) {
    e.request = r.field[0];
    e.request_handle = extra.word(A::kRequestHandle);
  };
  switch (r.kind) {
    case K::kMpiIsendComplete: {
      auto& e = take<MpiIsendComplete>(slots, ctx, r);
      fill(e);
      e.status_error = extra.int32(A::kStatusError);
      return;
    }
    case K::kMpiIrecvRequest: {
      auto& e = take<MpiIrecvRequest>(slots, ctx, r);
      fill(e);
      e.requested_source = extra.int32(A::kRequestedSource);
      e.requested_tag = extra.int32(A::kRequestedTag);
      e.recv_buffer = extra.recv_buffer();
      e.request_slot = extra.word(A::kRequestSlot);
      return;
    }
    case K::kMpiRequestTest: fill(take<MpiRequestTest>(slots, ctx, r)); return;
    default: fill(take<MpiRequestCancelled>(slots, ctx, r)); return;  // K::kMpiRequestCancelled
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
  for (const auto& [id, comm] : defs.comms) {
    // Bounded so that a sparse id cannot blow the table up; ids past it take the map lookup.
    if (!comm.is_self && !comm.is_inter() && id < kMaxIndexedComms) {
      if (id >= intra_ranks_.size()) {
        intra_ranks_.resize(static_cast<std::size_t>(id) + 1, nullptr);
      }
      intra_ranks_[id] = &comm.world_ranks;
    }
  }
  nanosecond_ticks_ = defs.clock.timer_resolution == 1'000'000'000;
}

std::uint64_t EventContext::ticks_to_ns(std::uint64_t ticks) const noexcept {
  return static_cast<std::uint64_t>(static_cast<unsigned __int128>(ticks) * 1'000'000'000u /
                                    defs_.clock.timer_resolution);
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
    case K::kEnter: {
      auto& e = take<Enter>(slots_, *this, r);
      e.region = u32(r.field[0]);
      e.call_site = extra.uint32(A::kCallSite);
      e.requested_source = extra.int32(A::kRequestedSource);
      e.requested_tag = extra.int32(A::kRequestedTag);
      e.requested_comm = extra.uint32(A::kRequestedComm);
      break;
    }
    case K::kLeave: {
      auto& e = take<Leave>(slots_, *this, r);
      e.region = u32(r.field[0]);
      e.return_code = extra.int32(A::kReturnCode);
      e.request_handle = extra.word(A::kRequestHandle);
      e.request_slot = extra.word(A::kRequestSlot);
      set_collective_init(*this, extra, r.location, e.collective_init);
      break;
    }
    case K::kMpiSend:
    case K::kMpiIsend:
    case K::kMpiRecv:
    case K::kMpiIrecv: p2p_event(*this, r, extra, slots_); break;
    case K::kMpiIsendComplete:
    case K::kMpiIrecvRequest:
    case K::kMpiRequestTest:
    case K::kMpiRequestCancelled: request_event(*this, r, extra, slots_); break;
    case K::kMpiCollectiveBegin: (void)take<MpiCollectiveBegin>(slots_, *this, r); break;
    case K::kMpiCollectiveEnd:
    case K::kNonBlockingCollectiveRequest:
    case K::kNonBlockingCollectiveComplete: collective_event(*this, r, extra, slots_); break;
    case K::kCount: return;
    default:
      if (is_io_record(r.kind)) {
        io_event(*this, r, attributes, slots_);
      } else {
        rma_event(*this, r, extra, slots_);
      }
      break;
  }
  on_event_(slots_.current());
}

}  // namespace mpisight::trace::detail
