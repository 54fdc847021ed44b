// The MPI-IO records (io_events.hpp) of the shared record conversion, kept apart from the MPI and RMA ones.
#include "trace/detail/record_conversion.hpp"

namespace mpisight::trace::detail {

bool is_io_record(RecordKind kind) noexcept {
  return kind >= RecordKind::kIoCreateHandle && kind <= RecordKind::kIoDeleteFile;
}

Event io_event(const EventContext& ctx, const Record& r, const AttributeValues& attributes) {
  const LocationId location = r.location;
  const std::int64_t time_ns = ctx.to_ns(r.time);
  const auto handle = static_cast<IoHandleId>(r.field[0]);
  switch (r.kind) {
    case RecordKind::kIoCreateHandle:
      return IoCreateHandle{.location = location,
                            .time_ns = time_ns,
                            .handle = handle,
                            .access_mode = static_cast<std::uint32_t>(r.field[1]),
                            .creation_flags = static_cast<std::uint32_t>(r.field[2]),
                            .status_flags = static_cast<std::uint32_t>(r.field[3])};
    case RecordKind::kIoDestroyHandle:
      return IoDestroyHandle{.location = location, .time_ns = time_ns, .handle = handle};
    case RecordKind::kIoOperationBegin:
      return IoOperationBegin{.location = location,
                              .time_ns = time_ns,
                              .handle = handle,
                              .mode = static_cast<IoMode>(r.field[1]),
                              .flags = static_cast<std::uint32_t>(r.field[2]),
                              .bytes_request = r.field[3],
                              .matching_id = r.field[4],
                              .offset = attributes.word(schema::Attribute::kIoOffset)};
    case RecordKind::kIoOperationIssued:
      return IoOperationIssued{.location = location, .time_ns = time_ns, .handle = handle, .matching_id = r.field[1]};
    case RecordKind::kIoOperationTest:
      return IoOperationTest{.location = location, .time_ns = time_ns, .handle = handle, .matching_id = r.field[1]};
    case RecordKind::kIoOperationComplete:
      return IoOperationComplete{.location = location,
                                 .time_ns = time_ns,
                                 .handle = handle,
                                 .bytes_result = r.field[1],
                                 .matching_id = r.field[2]};
    case RecordKind::kIoSeek:
      return IoSeek{.location = location,
                    .time_ns = time_ns,
                    .handle = handle,
                    .offset_request = static_cast<std::int64_t>(r.field[1]),
                    .whence = static_cast<std::uint32_t>(r.field[2]),
                    .offset_result = r.field[3]};
    default:  // RecordKind::kIoDeleteFile: the I/O paradigm, then the file
      return IoDeleteFile{.location = location, .time_ns = time_ns, .file = static_cast<IoFileId>(r.field[1])};
  }
}

}  // namespace mpisight::trace::detail
