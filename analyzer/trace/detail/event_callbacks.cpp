// One OTF2 callback per record type: convert ticks to ns, resolve peers to world ranks, hand the Event on.
#include "trace/detail/event_callbacks.hpp"

#include <array>
#include <otf2/otf2.h>
#include <utility>

#include "schema/attributes.hpp"
#include "trace/detail/io_event_callbacks.hpp"

namespace mpisight::trace::detail {
namespace {

EventContext& context(void* user_data) {
  return *static_cast<EventContext*>(user_data);
}

// Exceptions must not unwind through OTF2's C frames: park them and interrupt the read.
OTF2_CallbackCode deliver(EventContext& ctx, Event&& event) {
  try {
    ctx.on_event(event);
    return OTF2_CALLBACK_SUCCESS;
  } catch (...) {
    ctx.consumer_error = std::current_exception();
    return OTF2_CALLBACK_INTERRUPT;
  }
}

// The schema attributes of one event, found by the names their definitions carry; unknown ones are skipped.
class Attributes {
 public:
  Attributes(const EventContext& ctx, const OTF2_AttributeList* list) {
    if (list == nullptr || ctx.defs.schema_attributes.empty()) {
      return;
    }
    const std::uint32_t count = OTF2_AttributeList_GetNumberOfElements(list);
    for (std::uint32_t i = 0; i < count; ++i) {
      OTF2_AttributeRef ref = 0;
      OTF2_Type type = OTF2_TYPE_NONE;
      OTF2_AttributeValue value{};
      if (OTF2_AttributeList_GetAttributeByIndex(list, i, &ref, &type, &value) != OTF2_SUCCESS) {
        continue;
      }
      const auto known = ctx.defs.schema_attributes.find(ref);
      if (known == ctx.defs.schema_attributes.end()) {
        continue;
      }
      std::optional<std::uint64_t> as_word;
      switch (type) {
        case OTF2_TYPE_INT32: as_word = static_cast<std::uint64_t>(static_cast<std::int64_t>(value.int32)); break;
        case OTF2_TYPE_UINT32: as_word = value.uint32; break;
        case OTF2_TYPE_INT64: as_word = static_cast<std::uint64_t>(value.int64); break;
        case OTF2_TYPE_UINT64: as_word = value.uint64; break;
        case OTF2_TYPE_CALLING_CONTEXT: as_word = value.callingContextRef; break;
        case OTF2_TYPE_STRING: as_word = value.stringRef; break;
        default: break;  // a writer that gave the name another kind of value: ignore it
      }
      values_[static_cast<std::size_t>(known->second)] = as_word;
    }
  }

  [[nodiscard]] std::optional<std::uint64_t> word(schema::Attribute attribute) const {
    return values_[static_cast<std::size_t>(attribute)];
  }
  [[nodiscard]] std::optional<std::int32_t> int32(schema::Attribute attribute) const {
    const auto value = word(attribute);
    return value ? std::optional<std::int32_t>(static_cast<std::int32_t>(*value)) : std::nullopt;
  }
  [[nodiscard]] std::optional<std::uint32_t> uint32(schema::Attribute attribute) const {
    const auto value = word(attribute);
    return value ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(*value)) : std::nullopt;
  }
  [[nodiscard]] std::optional<TypeSignature> type(schema::Attribute signature, schema::Attribute count) const {
    const auto value = word(signature);
    return value ? std::optional<TypeSignature>(TypeSignature{*value, word(count).value_or(0)}) : std::nullopt;
  }
  [[nodiscard]] std::optional<TypeSignature> type() const {
    return type(schema::Attribute::kTypeSignature, schema::Attribute::kElementCount);
  }
  [[nodiscard]] std::optional<ByteRange> range(schema::Attribute begin, schema::Attribute end) const {
    const auto first = word(begin);
    const auto last = word(end);
    return first && last && *first < *last ? std::optional<ByteRange>(ByteRange{*first, *last}) : std::nullopt;
  }
  [[nodiscard]] std::optional<ByteRange> send_buffer() const {
    return range(schema::Attribute::kSendBufferBegin, schema::Attribute::kSendBufferEnd);
  }
  [[nodiscard]] std::optional<ByteRange> recv_buffer() const {
    return range(schema::Attribute::kRecvBufferBegin, schema::Attribute::kRecvBufferEnd);
  }
  // A PeerCounts string attribute, parsed once per String definition; empty when absent or not such a string.
  [[nodiscard]] PeerCounts counts(EventContext& ctx, schema::Attribute attribute) const {
    const auto ref = word(attribute);
    if (!ref) {
      return {};
    }
    auto [cached, inserted] = ctx.peer_counts.try_emplace(static_cast<StringId>(*ref));
    if (inserted) {
      const auto text = ctx.defs.strings.find(static_cast<StringId>(*ref));
      if (text != ctx.defs.strings.end()) {
        if (auto parsed = schema::parse_peer_counts(text->second)) {
          cached->second = std::make_shared<const std::vector<schema::PeerCount>>(std::move(*parsed));
        }
      }
    }
    return cached->second;
  }

 private:
  std::array<std::optional<std::uint64_t>, schema::kAttributes.size()> values_{};
};

using A = schema::Attribute;

std::optional<WorldRank> root_world_rank(const EventContext& ctx, OTF2_CommRef comm, std::uint32_t root,
                                         OTF2_LocationRef caller) {
  if (root == kRootNone || root == kRootThisGroup) {
    return std::nullopt;
  }
  if (root == kRootSelf) {
    return ctx.defs.world_rank_of(caller);
  }
  return ctx.defs.world_rank(comm, root, caller);
}

// The Leave of a persistent collective init carries the collective it set up.
std::shared_ptr<const CollectiveInit> collective_init(EventContext& ctx, const Attributes& extra,
                                                      OTF2_LocationRef location) {
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
                     .send_type = extra.type(),
                     .recv_type = extra.type(A::kRecvTypeSignature, A::kRecvElementCount),
                     .reduction_op = extra.uint32(A::kReductionOp),
                     .send_counts = extra.counts(ctx, A::kSendCounts),
                     .recv_counts = extra.counts(ctx, A::kRecvCounts)});
}

OTF2_CallbackCode on_enter(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                           OTF2_AttributeList* attributes, OTF2_RegionRef region) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, Enter{.location = location,
                            .time_ns = ctx.to_ns(time),
                            .region = region,
                            .call_site = extra.uint32(A::kCallSite),
                            .requested_source = extra.int32(A::kRequestedSource),
                            .requested_tag = extra.int32(A::kRequestedTag),
                            .requested_comm = extra.uint32(A::kRequestedComm)});
}

OTF2_CallbackCode on_leave(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                           OTF2_AttributeList* attributes, OTF2_RegionRef region) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, Leave{.location = location,
                            .time_ns = ctx.to_ns(time),
                            .region = region,
                            .return_code = extra.int32(A::kReturnCode),
                            .request_handle = extra.word(A::kRequestHandle),
                            .request_slot = extra.word(A::kRequestSlot),
                            .collective_init = collective_init(ctx, extra, location)});
}

OTF2_CallbackCode on_mpi_send(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                              OTF2_AttributeList* attributes, std::uint32_t receiver, OTF2_CommRef comm,
                              std::uint32_t tag, std::uint64_t length) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, MpiSend{.location = location,
                              .time_ns = ctx.to_ns(time),
                              .comm = comm,
                              .peer = receiver,
                              .peer_world_rank = ctx.defs.world_rank(comm, receiver, location),
                              .tag = tag,
                              .bytes = length,
                              .type = extra.type(),
                              .send_buffer = extra.send_buffer()});
}

OTF2_CallbackCode on_mpi_isend(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                               OTF2_AttributeList* attributes, std::uint32_t receiver, OTF2_CommRef comm,
                               std::uint32_t tag, std::uint64_t length, std::uint64_t request) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, MpiIsend{.location = location,
                               .time_ns = ctx.to_ns(time),
                               .comm = comm,
                               .peer = receiver,
                               .peer_world_rank = ctx.defs.world_rank(comm, receiver, location),
                               .tag = tag,
                               .bytes = length,
                               .request = request,
                               .type = extra.type(),
                               .request_handle = extra.word(A::kRequestHandle),
                               .send_buffer = extra.send_buffer(),
                               .request_slot = extra.word(A::kRequestSlot)});
}

OTF2_CallbackCode on_mpi_isend_complete(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                        OTF2_AttributeList* attributes, std::uint64_t request) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, MpiIsendComplete{.location = location,
                                       .time_ns = ctx.to_ns(time),
                                       .request = request,
                                       .request_handle = extra.word(A::kRequestHandle),
                                       .status_error = extra.int32(A::kStatusError)});
}

OTF2_CallbackCode on_mpi_irecv_request(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                       OTF2_AttributeList* attributes, std::uint64_t request) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, MpiIrecvRequest{.location = location,
                                      .time_ns = ctx.to_ns(time),
                                      .request = request,
                                      .request_handle = extra.word(A::kRequestHandle),
                                      .requested_source = extra.int32(A::kRequestedSource),
                                      .requested_tag = extra.int32(A::kRequestedTag),
                                      .recv_buffer = extra.recv_buffer(),
                                      .request_slot = extra.word(A::kRequestSlot)});
}

OTF2_CallbackCode on_mpi_recv(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                              OTF2_AttributeList* attributes, std::uint32_t sender, OTF2_CommRef comm,
                              std::uint32_t tag, std::uint64_t length) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, MpiRecv{.location = location,
                              .time_ns = ctx.to_ns(time),
                              .comm = comm,
                              .peer = sender,
                              .peer_world_rank = ctx.defs.world_rank(comm, sender, location),
                              .tag = tag,
                              .bytes = length,
                              .type = extra.type(),
                              .requested_source = extra.int32(A::kRequestedSource),
                              .requested_tag = extra.int32(A::kRequestedTag),
                              .recv_buffer = extra.recv_buffer(),

                              .status_error = extra.int32(A::kStatusError),
                              .recv_capacity = extra.word(A::kRecvCapacity)});
}

OTF2_CallbackCode on_mpi_irecv(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                               OTF2_AttributeList* attributes, std::uint32_t sender, OTF2_CommRef comm,
                               std::uint32_t tag, std::uint64_t length, std::uint64_t request) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, MpiIrecv{.location = location,
                               .time_ns = ctx.to_ns(time),
                               .comm = comm,
                               .peer = sender,
                               .peer_world_rank = ctx.defs.world_rank(comm, sender, location),
                               .tag = tag,
                               .bytes = length,
                               .request = request,
                               .type = extra.type(),
                               .request_handle = extra.word(A::kRequestHandle),
                               .status_error = extra.int32(A::kStatusError),
                               .recv_capacity = extra.word(A::kRecvCapacity)});
}

OTF2_CallbackCode on_mpi_request_test(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                      OTF2_AttributeList* attributes, std::uint64_t request) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, MpiRequestTest{.location = location,
                                     .time_ns = ctx.to_ns(time),
                                     .request = request,
                                     .request_handle = extra.word(A::kRequestHandle)});
}

OTF2_CallbackCode on_mpi_request_cancelled(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                           OTF2_AttributeList* attributes, std::uint64_t request) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, MpiRequestCancelled{.location = location,
                                          .time_ns = ctx.to_ns(time),
                                          .request = request,
                                          .request_handle = extra.word(A::kRequestHandle)});
}

OTF2_CallbackCode on_mpi_collective_begin(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                          OTF2_AttributeList* /*attributes*/) {
  EventContext& ctx = context(user_data);
  return deliver(ctx, MpiCollectiveBegin{.location = location, .time_ns = ctx.to_ns(time)});
}

OTF2_CallbackCode on_mpi_collective_end(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                        OTF2_AttributeList* attributes, OTF2_CollectiveOp op, OTF2_CommRef comm,
                                        std::uint32_t root, std::uint64_t size_sent, std::uint64_t size_received) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, MpiCollectiveEnd{.location = location,
                                       .time_ns = ctx.to_ns(time),
                                       .op = static_cast<CollectiveOp>(op),
                                       .comm = comm,
                                       .root = root,
                                       .root_world_rank = root_world_rank(ctx, comm, root, location),
                                       .bytes_sent = size_sent,
                                       .bytes_received = size_received,
                                       .send_type = extra.type(),
                                       .recv_type = extra.type(A::kRecvTypeSignature, A::kRecvElementCount),
                                       .reduction_op = extra.uint32(A::kReductionOp),
                                       .send_buffer = extra.send_buffer(),
                                       .recv_buffer = extra.recv_buffer(),
                                       .send_counts = extra.counts(ctx, A::kSendCounts),
                                       .recv_counts = extra.counts(ctx, A::kRecvCounts)});
}

OTF2_CallbackCode on_non_blocking_collective_request(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                                     OTF2_AttributeList* attributes, std::uint64_t request) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, NonBlockingCollectiveRequest{.location = location,
                                                   .time_ns = ctx.to_ns(time),
                                                   .request = request,
                                                   .request_handle = extra.word(A::kRequestHandle),
                                                   .send_buffer = extra.send_buffer(),
                                                   .recv_buffer = extra.recv_buffer(),
                                                   .request_slot = extra.word(A::kRequestSlot),
                                                   .send_counts = extra.counts(ctx, A::kSendCounts),
                                                   .recv_counts = extra.counts(ctx, A::kRecvCounts)});
}

OTF2_CallbackCode on_non_blocking_collective_complete(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                                      OTF2_AttributeList* attributes, OTF2_CollectiveOp op,
                                                      OTF2_CommRef comm, std::uint32_t root, std::uint64_t size_sent,
                                                      std::uint64_t size_received, std::uint64_t request) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx,
                 NonBlockingCollectiveComplete{.location = location,
                                               .time_ns = ctx.to_ns(time),
                                               .op = static_cast<CollectiveOp>(op),
                                               .comm = comm,
                                               .root = root,
                                               .root_world_rank = root_world_rank(ctx, comm, root, location),
                                               .bytes_sent = size_sent,
                                               .bytes_received = size_received,
                                               .request = request,
                                               .send_type = extra.type(),
                                               .recv_type = extra.type(A::kRecvTypeSignature, A::kRecvElementCount),
                                               .reduction_op = extra.uint32(A::kReductionOp),
                                               .request_handle = extra.word(A::kRequestHandle)});
}

std::optional<RmaWinId> window(OTF2_RmaWinRef win) {
  return win == OTF2_UNDEFINED_RMA_WIN ? std::nullopt : std::optional<RmaWinId>(win);
}

OTF2_CallbackCode on_rma_win_create(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                    OTF2_AttributeList* /*attributes*/, OTF2_RmaWinRef win) {
  EventContext& ctx = context(user_data);
  return deliver(ctx, RmaWinCreate{.location = location, .time_ns = ctx.to_ns(time), .win = win});
}

OTF2_CallbackCode on_rma_win_destroy(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                     OTF2_AttributeList* /*attributes*/, OTF2_RmaWinRef win) {
  EventContext& ctx = context(user_data);
  return deliver(ctx, RmaWinDestroy{.location = location, .time_ns = ctx.to_ns(time), .win = win});
}

OTF2_CallbackCode on_rma_collective_begin(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                          OTF2_AttributeList* /*attributes*/) {
  EventContext& ctx = context(user_data);
  return deliver(ctx, RmaCollectiveBegin{.location = location, .time_ns = ctx.to_ns(time)});
}

OTF2_CallbackCode on_rma_collective_end(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                        OTF2_AttributeList* attributes, OTF2_CollectiveOp op,
                                        OTF2_RmaSyncLevel sync_level, OTF2_RmaWinRef win, std::uint32_t /*root*/,
                                        std::uint64_t /*bytes_sent*/, std::uint64_t /*bytes_received*/) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, RmaCollectiveEnd{.location = location,
                                       .time_ns = ctx.to_ns(time),
                                       .op = static_cast<CollectiveOp>(op),
                                       .sync_level = sync_level,
                                       .win = window(win),
                                       .assert_flags = extra.uint32(A::kRmaAssert)});
}

OTF2_CallbackCode on_rma_group_sync(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                    OTF2_AttributeList* attributes, OTF2_RmaSyncLevel sync_level, OTF2_RmaWinRef win,
                                    OTF2_GroupRef group) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, RmaGroupSync{.location = location,
                                   .time_ns = ctx.to_ns(time),
                                   .sync_level = sync_level,
                                   .win = win,
                                   .group = group,
                                   .assert_flags = extra.uint32(A::kRmaAssert)});
}

OTF2_CallbackCode lock_event(RmaLockEvent event, OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                             OTF2_AttributeList* attributes, OTF2_RmaWinRef win, std::uint32_t remote,
                             std::uint64_t lock_id, OTF2_LockType type) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, RmaLock{.location = location,
                              .time_ns = ctx.to_ns(time),
                              .event = event,
                              .win = win,
                              .remote = remote,
                              .lock_id = lock_id,
                              .type = static_cast<RmaLockType>(type),
                              .assert_flags = extra.uint32(A::kRmaAssert)});
}

OTF2_CallbackCode on_rma_request_lock(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                      OTF2_AttributeList* attributes, OTF2_RmaWinRef win, std::uint32_t remote,
                                      std::uint64_t lock_id, OTF2_LockType type) {
  return lock_event(RmaLockEvent::kRequest, location, time, user_data, attributes, win, remote, lock_id, type);
}

OTF2_CallbackCode on_rma_acquire_lock(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                      OTF2_AttributeList* attributes, OTF2_RmaWinRef win, std::uint32_t remote,
                                      std::uint64_t lock_id, OTF2_LockType type) {
  return lock_event(RmaLockEvent::kAcquire, location, time, user_data, attributes, win, remote, lock_id, type);
}

OTF2_CallbackCode on_rma_try_lock(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                  OTF2_AttributeList* attributes, OTF2_RmaWinRef win, std::uint32_t remote,
                                  std::uint64_t lock_id, OTF2_LockType type) {
  return lock_event(RmaLockEvent::kTry, location, time, user_data, attributes, win, remote, lock_id, type);
}

OTF2_CallbackCode on_rma_release_lock(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                      OTF2_AttributeList* attributes, OTF2_RmaWinRef win, std::uint32_t remote,
                                      std::uint64_t lock_id) {
  return lock_event(RmaLockEvent::kRelease, location, time, user_data, attributes, win, remote, lock_id,
                    OTF2_LOCK_EXCLUSIVE);
}

OTF2_CallbackCode on_rma_sync(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                              OTF2_AttributeList* /*attributes*/, OTF2_RmaWinRef win, std::uint32_t remote,
                              OTF2_RmaSyncType sync_type) {
  EventContext& ctx = context(user_data);
  return deliver(
      ctx,
      RmaSync{.location = location, .time_ns = ctx.to_ns(time), .win = win, .remote = remote, .sync_type = sync_type});
}

RmaOp rma_op(const EventContext& ctx, const Attributes& extra, OTF2_LocationRef location, OTF2_TimeStamp time,
             RmaOpKind kind, OTF2_RmaWinRef win, std::uint32_t remote, std::uint64_t matching_id) {
  return RmaOp{.location = location,
               .time_ns = ctx.to_ns(time),
               .kind = kind,
               .win = win,
               .remote = remote,
               .matching_id = matching_id,
               .target_disp = extra.word(A::kRmaTargetDisp),
               .target_count = extra.word(A::kRmaTargetCount),
               .target_type_signature = extra.word(A::kRmaTargetTypeSignature),
               .target_bytes = extra.range(A::kRmaTargetByteBegin, A::kRmaTargetByteEnd),
               .send_buffer = extra.send_buffer(),
               .recv_buffer = extra.recv_buffer(),
               .request_handle = extra.word(A::kRequestHandle),
               .request_slot = extra.word(A::kRequestSlot),
               .reduction_op = extra.uint32(A::kReductionOp)};
}

OTF2_CallbackCode on_rma_put(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                             OTF2_AttributeList* attributes, OTF2_RmaWinRef win, std::uint32_t remote,
                             std::uint64_t bytes, std::uint64_t matching_id) {
  EventContext& ctx = context(user_data);
  RmaOp op = rma_op(ctx, Attributes(ctx, attributes), location, time, RmaOpKind::kPut, win, remote, matching_id);
  op.bytes_sent = bytes;
  return deliver(ctx, std::move(op));
}

OTF2_CallbackCode on_rma_get(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                             OTF2_AttributeList* attributes, OTF2_RmaWinRef win, std::uint32_t remote,
                             std::uint64_t bytes, std::uint64_t matching_id) {
  EventContext& ctx = context(user_data);
  RmaOp op = rma_op(ctx, Attributes(ctx, attributes), location, time, RmaOpKind::kGet, win, remote, matching_id);
  op.bytes_received = bytes;
  return deliver(ctx, std::move(op));
}

OTF2_CallbackCode on_rma_atomic(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                OTF2_AttributeList* attributes, OTF2_RmaWinRef win, std::uint32_t remote,
                                OTF2_RmaAtomicType type, std::uint64_t bytes_sent, std::uint64_t bytes_received,
                                std::uint64_t matching_id) {
  EventContext& ctx = context(user_data);
  RmaOp op = rma_op(ctx, Attributes(ctx, attributes), location, time, RmaOpKind::kAtomic, win, remote, matching_id);
  op.atomic_type = static_cast<RmaAtomicType>(type);
  op.bytes_sent = bytes_sent;
  op.bytes_received = bytes_received;
  return deliver(ctx, std::move(op));
}

OTF2_CallbackCode op_complete(bool blocking, OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                              OTF2_AttributeList* attributes, OTF2_RmaWinRef win, std::uint64_t matching_id) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, RmaOpComplete{.location = location,
                                    .time_ns = ctx.to_ns(time),
                                    .blocking = blocking,
                                    .win = win,
                                    .matching_id = matching_id,
                                    .request_handle = extra.word(A::kRequestHandle),
                                    .status_error = extra.int32(A::kStatusError)});
}

OTF2_CallbackCode on_rma_op_complete_blocking(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                              OTF2_AttributeList* attributes, OTF2_RmaWinRef win,
                                              std::uint64_t matching_id) {
  return op_complete(true, location, time, user_data, attributes, win, matching_id);
}

OTF2_CallbackCode on_rma_op_complete_non_blocking(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                                  OTF2_AttributeList* attributes, OTF2_RmaWinRef win,
                                                  std::uint64_t matching_id) {
  return op_complete(false, location, time, user_data, attributes, win, matching_id);
}

OTF2_CallbackCode on_rma_op_test(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                 OTF2_AttributeList* attributes, OTF2_RmaWinRef win, std::uint64_t matching_id) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, RmaOpTest{.location = location,
                                .time_ns = ctx.to_ns(time),
                                .win = win,
                                .matching_id = matching_id,
                                .request_handle = extra.word(A::kRequestHandle)});
}

}  // namespace

OTF2_CallbackCode deliver_event(EventContext& ctx, Event&& event) {
  return deliver(ctx, std::move(event));
}

std::optional<std::uint64_t> schema_word(const EventContext& ctx, const OTF2_AttributeList* attributes,
                                         schema::Attribute attribute) {
  return Attributes(ctx, attributes).word(attribute);
}

std::int64_t EventContext::to_ns(std::uint64_t ticks) const noexcept {
  const ClockProperties& clock = defs.clock;
  const bool before_offset = ticks < clock.global_offset;
  const unsigned __int128 delta = before_offset ? clock.global_offset - ticks : ticks - clock.global_offset;
  const auto magnitude = static_cast<std::int64_t>(
      clock.timer_resolution == 1'000'000'000 ? delta : delta * 1'000'000'000u / clock.timer_resolution);
  return before_offset ? -magnitude : magnitude;
}

OTF2_ErrorCode set_event_callbacks(OTF2_GlobalEvtReaderCallbacks* callbacks) {
  using Setter = OTF2_ErrorCode (*)(OTF2_GlobalEvtReaderCallbacks*);
  const Setter setters[] = {
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetEnterCallback(c, on_enter); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetLeaveCallback(c, on_leave); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetMpiSendCallback(c, on_mpi_send); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetMpiIsendCallback(c, on_mpi_isend); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetMpiIsendCompleteCallback(c, on_mpi_isend_complete); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetMpiIrecvRequestCallback(c, on_mpi_irecv_request); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetMpiRecvCallback(c, on_mpi_recv); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetMpiIrecvCallback(c, on_mpi_irecv); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetMpiRequestTestCallback(c, on_mpi_request_test); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetMpiRequestCancelledCallback(c, on_mpi_request_cancelled); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetMpiCollectiveBeginCallback(c, on_mpi_collective_begin); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetMpiCollectiveEndCallback(c, on_mpi_collective_end); },
      [](auto* c) {
        return OTF2_GlobalEvtReaderCallbacks_SetNonBlockingCollectiveRequestCallback(
            c, on_non_blocking_collective_request);
      },
      [](auto* c) {
        return OTF2_GlobalEvtReaderCallbacks_SetNonBlockingCollectiveCompleteCallback(
            c, on_non_blocking_collective_complete);
      },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaWinCreateCallback(c, on_rma_win_create); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaWinDestroyCallback(c, on_rma_win_destroy); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaCollectiveBeginCallback(c, on_rma_collective_begin); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaCollectiveEndCallback(c, on_rma_collective_end); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaGroupSyncCallback(c, on_rma_group_sync); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaRequestLockCallback(c, on_rma_request_lock); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaAcquireLockCallback(c, on_rma_acquire_lock); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaTryLockCallback(c, on_rma_try_lock); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaReleaseLockCallback(c, on_rma_release_lock); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaSyncCallback(c, on_rma_sync); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaPutCallback(c, on_rma_put); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaGetCallback(c, on_rma_get); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaAtomicCallback(c, on_rma_atomic); },
      [](auto* c) {
        return OTF2_GlobalEvtReaderCallbacks_SetRmaOpCompleteBlockingCallback(c, on_rma_op_complete_blocking);
      },
      [](auto* c) {
        return OTF2_GlobalEvtReaderCallbacks_SetRmaOpCompleteNonBlockingCallback(c, on_rma_op_complete_non_blocking);
      },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetRmaOpTestCallback(c, on_rma_op_test); },
  };
  // Some records share one Event type: four lock records make RmaLock, three operations RmaOp, two completions
  // RmaOpComplete.
  constexpr std::size_t kSharedCallbacks = 3 + 2 + 1;
  static_assert(std::size(setters) + kIoEventTypes == std::variant_size_v<Event> + kSharedCallbacks,
                "every Event alternative needs a callback");
  for (Setter set : setters) {
    if (const OTF2_ErrorCode code = set(callbacks); code != OTF2_SUCCESS) {
      return code;
    }
  }
  return set_io_event_callbacks(callbacks);
}

}  // namespace mpisight::trace::detail
