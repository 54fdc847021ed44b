// One OTF2 callback per record type: convert ticks to ns, resolve peers to world ranks, hand the Event on.
#include "trace/detail/event_callbacks.hpp"

#include <array>
#include <otf2/otf2.h>
#include <utility>

#include "schema/attributes.hpp"

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
                            .return_code = extra.int32(A::kReturnCode)});
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
                              .type = extra.type()});
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
                               .request_handle = extra.word(A::kRequestHandle)});
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
                                      .requested_tag = extra.int32(A::kRequestedTag)});
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
                                       .reduction_op = extra.uint32(A::kReductionOp)});
}

OTF2_CallbackCode on_non_blocking_collective_request(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                                     OTF2_AttributeList* attributes, std::uint64_t request) {
  EventContext& ctx = context(user_data);
  const Attributes extra(ctx, attributes);
  return deliver(ctx, NonBlockingCollectiveRequest{.location = location,
                                                   .time_ns = ctx.to_ns(time),
                                                   .request = request,
                                                   .request_handle = extra.word(A::kRequestHandle)});
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

}  // namespace

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
  };
  static_assert(std::size(setters) == std::variant_size_v<Event>, "every Event alternative needs a callback");
  for (Setter set : setters) {
    if (const OTF2_ErrorCode code = set(callbacks); code != OTF2_SUCCESS) {
      return code;
    }
  }
  return OTF2_SUCCESS;
}

}  // namespace mpisight::trace::detail
