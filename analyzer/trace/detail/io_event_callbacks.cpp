// One OTF2 callback per I/O record: ticks to ns, the schema's offset attribute, the Event handed on.
#include "trace/detail/io_event_callbacks.hpp"

#include <otf2/otf2.h>

#include "trace/detail/event_callbacks.hpp"

namespace mpisight::trace::detail {
namespace {

EventContext& context(void* user_data) {
  return *static_cast<EventContext*>(user_data);
}

OTF2_CallbackCode on_io_create_handle(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                      OTF2_AttributeList* /*attributes*/, OTF2_IoHandleRef handle,
                                      OTF2_IoAccessMode mode, OTF2_IoCreationFlag creation_flags,
                                      OTF2_IoStatusFlag status_flags) {
  EventContext& ctx = context(user_data);
  return deliver_event(ctx, IoCreateHandle{.location = location,
                                           .time_ns = ctx.to_ns(time),
                                           .handle = handle,
                                           .access_mode = mode,
                                           .creation_flags = creation_flags,
                                           .status_flags = status_flags});
}

OTF2_CallbackCode on_io_destroy_handle(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                       OTF2_AttributeList* /*attributes*/, OTF2_IoHandleRef handle) {
  EventContext& ctx = context(user_data);
  return deliver_event(ctx, IoDestroyHandle{.location = location, .time_ns = ctx.to_ns(time), .handle = handle});
}

OTF2_CallbackCode on_io_operation_begin(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                        OTF2_AttributeList* attributes, OTF2_IoHandleRef handle,
                                        OTF2_IoOperationMode mode, OTF2_IoOperationFlag flags,
                                        std::uint64_t bytes_request, std::uint64_t matching_id) {
  EventContext& ctx = context(user_data);
  return deliver_event(ctx, IoOperationBegin{.location = location,
                                             .time_ns = ctx.to_ns(time),
                                             .handle = handle,
                                             .mode = static_cast<IoMode>(mode),
                                             .flags = flags,
                                             .bytes_request = bytes_request,
                                             .matching_id = matching_id,
                                             .offset = schema_word(ctx, attributes, schema::Attribute::kIoOffset)});
}

OTF2_CallbackCode on_io_operation_issued(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                         OTF2_AttributeList* /*attributes*/, OTF2_IoHandleRef handle,
                                         std::uint64_t matching_id) {
  EventContext& ctx = context(user_data);
  return deliver_event(
      ctx, IoOperationIssued{
               .location = location, .time_ns = ctx.to_ns(time), .handle = handle, .matching_id = matching_id});
}

OTF2_CallbackCode on_io_operation_test(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                       OTF2_AttributeList* /*attributes*/, OTF2_IoHandleRef handle,
                                       std::uint64_t matching_id) {
  EventContext& ctx = context(user_data);
  return deliver_event(
      ctx,
      IoOperationTest{.location = location, .time_ns = ctx.to_ns(time), .handle = handle, .matching_id = matching_id});
}

OTF2_CallbackCode on_io_operation_complete(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                           OTF2_AttributeList* /*attributes*/, OTF2_IoHandleRef handle,
                                           std::uint64_t bytes_result, std::uint64_t matching_id) {
  EventContext& ctx = context(user_data);
  return deliver_event(ctx, IoOperationComplete{.location = location,
                                                .time_ns = ctx.to_ns(time),
                                                .handle = handle,
                                                .bytes_result = bytes_result,
                                                .matching_id = matching_id});
}

OTF2_CallbackCode on_io_seek(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                             OTF2_AttributeList* /*attributes*/, OTF2_IoHandleRef handle, std::int64_t offset_request,
                             OTF2_IoSeekOption whence, std::uint64_t offset_result) {
  EventContext& ctx = context(user_data);
  return deliver_event(ctx, IoSeek{.location = location,
                                   .time_ns = ctx.to_ns(time),
                                   .handle = handle,
                                   .offset_request = offset_request,
                                   .whence = whence,
                                   .offset_result = offset_result});
}

OTF2_CallbackCode on_io_delete_file(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                    OTF2_AttributeList* /*attributes*/, OTF2_IoParadigmRef /*paradigm*/,
                                    OTF2_IoFileRef file) {
  EventContext& ctx = context(user_data);
  return deliver_event(ctx, IoDeleteFile{.location = location, .time_ns = ctx.to_ns(time), .file = file});
}

}  // namespace

OTF2_ErrorCode set_io_event_callbacks(OTF2_GlobalEvtReaderCallbacks* callbacks) {
  using Setter = OTF2_ErrorCode (*)(OTF2_GlobalEvtReaderCallbacks*);
  const Setter setters[] = {
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetIoCreateHandleCallback(c, on_io_create_handle); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetIoDestroyHandleCallback(c, on_io_destroy_handle); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetIoOperationBeginCallback(c, on_io_operation_begin); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetIoOperationIssuedCallback(c, on_io_operation_issued); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetIoOperationTestCallback(c, on_io_operation_test); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetIoOperationCompleteCallback(c, on_io_operation_complete); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetIoSeekCallback(c, on_io_seek); },
      [](auto* c) { return OTF2_GlobalEvtReaderCallbacks_SetIoDeleteFileCallback(c, on_io_delete_file); },
  };
  static_assert(std::size(setters) == kIoEventTypes);
  for (Setter set : setters) {
    if (const OTF2_ErrorCode code = set(callbacks); code != OTF2_SUCCESS) {
      return code;
    }
  }
  return OTF2_SUCCESS;
}

}  // namespace mpisight::trace::detail
