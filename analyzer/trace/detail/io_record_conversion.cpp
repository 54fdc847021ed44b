// The MPI-IO records (io_events.hpp) of the shared record conversion, kept apart from the MPI and RMA ones.
#include "trace/detail/record_conversion.hpp"

namespace mpisight::trace::detail {
namespace {

// take() for the records whose first field is the I/O handle.
template <class T>
T& take_io(EventSlots& slots, const EventContext& ctx, const Record& r) {
  T& event = take<T>(slots, ctx, r);
  event.handle = static_cast<IoHandleId>(r.field[0]);
  return event;
}

}  // namespace

bool is_io_record(RecordKind kind) noexcept {
  return kind >= RecordKind::kIoCreateHandle && kind <= RecordKind::kIoDeleteFile;
}

void io_event(const EventContext& ctx, const Record& r, const AttributeValues& attributes, EventSlots& slots) {
  switch (r.kind) {
    case RecordKind::kIoCreateHandle: {
      auto& e = take_io<IoCreateHandle>(slots, ctx, r);
      e.access_mode = static_cast<std::uint32_t>(r.field[1]);
      e.creation_flags = static_cast<std::uint32_t>(r.field[2]);
      e.status_flags = static_cast<std::uint32_t>(r.field[3]);
      return;
    }
    case RecordKind::kIoDestroyHandle: (void)take_io<IoDestroyHandle>(slots, ctx, r); return;
    case RecordKind::kIoOperationBegin: {
      auto& e = take_io<IoOperationBegin>(slots, ctx, r);
      e.mode = static_cast<IoMode>(r.field[1]);
      e.flags = static_cast<std::uint32_t>(r.field[2]);
      e.bytes_request = r.field[3];
      e.matching_id = r.field[4];
      e.offset = attributes.word(schema::Attribute::kIoOffset);
      return;
    }
    case RecordKind::kIoOperationIssued: take_io<IoOperationIssued>(slots, ctx, r).matching_id = r.field[1]; return;
    case RecordKind::kIoOperationTest: take_io<IoOperationTest>(slots, ctx, r).matching_id = r.field[1]; return;
    case RecordKind::kIoOperationComplete: {
      auto& e = take_io<IoOperationComplete>(slots, ctx, r);
      e.bytes_result = r.field[1];
      e.matching_id = r.field[2];
      return;
    }
    case RecordKind::kIoSeek: {
      auto& e = take_io<IoSeek>(slots, ctx, r);
      e.offset_request = static_cast<std::int64_t>(r.field[1]);
      e.whence = static_cast<std::uint32_t>(r.field[2]);
      e.offset_result = r.field[3];
      return;
    }
    default: {  // RecordKind::kIoDeleteFile: the I/O paradigm, then the file
      auto& e = take<IoDeleteFile>(slots, ctx, r);
      e.file = static_cast<IoFileId>(r.field[1]);
      return;
    }
  }
}

}  // namespace mpisight::trace::detail
