// One callback template serves every record type: OTF2 hands over the fields in their file order, which is the
// order Record::field keeps (checked at compile time against the direct decoder's layouts, otf2_records.hpp).
#include "trace/detail/event_callbacks.hpp"

#include <otf2/otf2.h>
#include <type_traits>

#include "trace/detail/otf2_records.hpp"

namespace mpisight::trace::detail {
namespace {

namespace format = otf2_format;

template <class T>
constexpr format::Field encoding_of() {
  static_assert(std::is_integral_v<T> && (sizeof(T) == 1 || sizeof(T) == 4 || sizeof(T) == 8));
  if constexpr (sizeof(T) == 1) {
    return format::Field::kByte;
  } else if constexpr (sizeof(T) == 4) {
    return format::Field::kCompressed32;
  } else {
    return format::Field::kCompressed64;
  }
}

template <RecordKind kKind, class... Fields>
constexpr bool layout_matches() {
  constexpr format::RecordLayout layout = format::layout_of(kKind);
  constexpr std::array<format::Field, sizeof...(Fields)> encodings{encoding_of<Fields>()...};
  if (layout.field_count != sizeof...(Fields)) {
    return false;
  }
  for (std::size_t i = 0; i < sizeof...(Fields); ++i) {
    if (layout.fields[i] != encodings[i]) {
      return false;
    }
  }
  return true;
}

void read_attributes(const EventContext& ctx, const OTF2_AttributeList* list, AttributeValues& values) {
  values.clear();
  if (list == nullptr) {
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
    if (const auto attribute = ctx.schema_attribute(ref)) {
      std::uint64_t raw = 0;
      switch (attribute_word_type(type)) {
        case AttributeWordType::kSigned32: raw = static_cast<std::uint32_t>(value.int32); break;
        case AttributeWordType::kUnsigned32: raw = value.uint32; break;  // also stringRef, callingContextRef
        case AttributeWordType::kWord64: raw = value.uint64; break;      // also int64
        case AttributeWordType::kNone: break;
      }
      store_attribute(values, *attribute, type, raw);
    }
  }
}

template <RecordKind kKind>
struct OnRecord {
  // Exceptions must not unwind through OTF2's C frames: park them and interrupt the read.
  template <class... Fields>
  static OTF2_CallbackCode call(OTF2_LocationRef location, OTF2_TimeStamp time, void* user_data,
                                OTF2_AttributeList* list, Fields... fields) {
    static_assert(layout_matches<kKind, Fields...>(), "otf2_records.hpp disagrees with OTF2's callback");
    auto& ctx = *static_cast<LibraryReadContext*>(user_data);
    Record record{.kind = kKind, .location = location, .time = time, .field = {}};
    std::size_t i = 0;
    ((record.field[i++] = static_cast<std::uint64_t>(fields)), ...);
    AttributeValues attributes;
    read_attributes(ctx.events, list, attributes);
    try {
      ctx.events.convert(record, attributes);
      return OTF2_CALLBACK_SUCCESS;
    } catch (...) {
      ctx.consumer_error = std::current_exception();
      return OTF2_CALLBACK_INTERRUPT;
    }
  }
};

using K = RecordKind;
using Callbacks = OTF2_GlobalEvtReaderCallbacks;

}  // namespace

OTF2_ErrorCode set_event_callbacks(Callbacks* callbacks) {
  const OTF2_ErrorCode codes[] = {
      OTF2_GlobalEvtReaderCallbacks_SetEnterCallback(callbacks, OnRecord<K::kEnter>::call),
      OTF2_GlobalEvtReaderCallbacks_SetLeaveCallback(callbacks, OnRecord<K::kLeave>::call),
      OTF2_GlobalEvtReaderCallbacks_SetMpiSendCallback(callbacks, OnRecord<K::kMpiSend>::call),
      OTF2_GlobalEvtReaderCallbacks_SetMpiIsendCallback(callbacks, OnRecord<K::kMpiIsend>::call),
      OTF2_GlobalEvtReaderCallbacks_SetMpiIsendCompleteCallback(callbacks, OnRecord<K::kMpiIsendComplete>::call),
      OTF2_GlobalEvtReaderCallbacks_SetMpiIrecvRequestCallback(callbacks, OnRecord<K::kMpiIrecvRequest>::call),
      OTF2_GlobalEvtReaderCallbacks_SetMpiRecvCallback(callbacks, OnRecord<K::kMpiRecv>::call),
      OTF2_GlobalEvtReaderCallbacks_SetMpiIrecvCallback(callbacks, OnRecord<K::kMpiIrecv>::call),
      OTF2_GlobalEvtReaderCallbacks_SetMpiRequestTestCallback(callbacks, OnRecord<K::kMpiRequestTest>::call),
      OTF2_GlobalEvtReaderCallbacks_SetMpiRequestCancelledCallback(callbacks, OnRecord<K::kMpiRequestCancelled>::call),
      OTF2_GlobalEvtReaderCallbacks_SetMpiCollectiveBeginCallback(callbacks, OnRecord<K::kMpiCollectiveBegin>::call),
      OTF2_GlobalEvtReaderCallbacks_SetMpiCollectiveEndCallback(callbacks, OnRecord<K::kMpiCollectiveEnd>::call),
      OTF2_GlobalEvtReaderCallbacks_SetNonBlockingCollectiveRequestCallback(
          callbacks, OnRecord<K::kNonBlockingCollectiveRequest>::call),
      OTF2_GlobalEvtReaderCallbacks_SetNonBlockingCollectiveCompleteCallback(
          callbacks, OnRecord<K::kNonBlockingCollectiveComplete>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaWinCreateCallback(callbacks, OnRecord<K::kRmaWinCreate>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaWinDestroyCallback(callbacks, OnRecord<K::kRmaWinDestroy>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaCollectiveBeginCallback(callbacks, OnRecord<K::kRmaCollectiveBegin>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaCollectiveEndCallback(callbacks, OnRecord<K::kRmaCollectiveEnd>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaGroupSyncCallback(callbacks, OnRecord<K::kRmaGroupSync>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaRequestLockCallback(callbacks, OnRecord<K::kRmaRequestLock>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaAcquireLockCallback(callbacks, OnRecord<K::kRmaAcquireLock>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaTryLockCallback(callbacks, OnRecord<K::kRmaTryLock>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaReleaseLockCallback(callbacks, OnRecord<K::kRmaReleaseLock>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaSyncCallback(callbacks, OnRecord<K::kRmaSync>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaPutCallback(callbacks, OnRecord<K::kRmaPut>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaGetCallback(callbacks, OnRecord<K::kRmaGet>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaAtomicCallback(callbacks, OnRecord<K::kRmaAtomic>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaOpCompleteBlockingCallback(callbacks,
                                                                     OnRecord<K::kRmaOpCompleteBlocking>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaOpCompleteNonBlockingCallback(callbacks,
                                                                        OnRecord<K::kRmaOpCompleteNonBlocking>::call),
      OTF2_GlobalEvtReaderCallbacks_SetRmaOpTestCallback(callbacks, OnRecord<K::kRmaOpTest>::call),
      OTF2_GlobalEvtReaderCallbacks_SetIoCreateHandleCallback(callbacks, OnRecord<K::kIoCreateHandle>::call),
      OTF2_GlobalEvtReaderCallbacks_SetIoDestroyHandleCallback(callbacks, OnRecord<K::kIoDestroyHandle>::call),
      OTF2_GlobalEvtReaderCallbacks_SetIoOperationBeginCallback(callbacks, OnRecord<K::kIoOperationBegin>::call),
      OTF2_GlobalEvtReaderCallbacks_SetIoOperationIssuedCallback(callbacks, OnRecord<K::kIoOperationIssued>::call),
      OTF2_GlobalEvtReaderCallbacks_SetIoOperationTestCallback(callbacks, OnRecord<K::kIoOperationTest>::call),
      OTF2_GlobalEvtReaderCallbacks_SetIoOperationCompleteCallback(callbacks, OnRecord<K::kIoOperationComplete>::call),
      OTF2_GlobalEvtReaderCallbacks_SetIoSeekCallback(callbacks, OnRecord<K::kIoSeek>::call),
      OTF2_GlobalEvtReaderCallbacks_SetIoDeleteFileCallback(callbacks, OnRecord<K::kIoDeleteFile>::call),
  };
  static_assert(std::size(codes) == kRecordKinds, "every record kind needs a callback");
  for (const OTF2_ErrorCode code : codes) {
    if (code != OTF2_SUCCESS) {
      return code;
    }
  }
  return OTF2_SUCCESS;
}

}  // namespace mpisight::trace::detail
