// OTF2's on-disk event format, as far as the direct decoder needs it (facts from OTF2's documentation and
// sources; unchanged since OTF2 1.x, record ids are stable and new ones are appended):
//  - a file is a sequence of chunks (see file_layout.cpp for their header); inside a chunk come tokens:
//    0 END_OF_CHUNK (the rest of the chunk is padding), 2 END_OF_FILE, 5 TIMESTAMP (+ 8-byte tick count, valid for
//    every later record until the next TIMESTAMP), 6 ATTRIBUTE_LIST (for the record that follows), or a record id;
//  - a record is its id, its length (one byte below 255, else 255 and an 8-byte length) and its fields; the
//    records OTF2 1.1 knew with a single compressed field (Enter, Leave, ...) have no length byte;
//  - a compressed integer is a byte n and n little-endian value bytes; n = 0 means 0, n = 255 the type's maximum.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "trace/detail/record.hpp"

namespace mpisight::trace::detail::otf2_format {

inline constexpr std::uint8_t kEndOfChunk = 0;
inline constexpr std::uint8_t kEndOfFile = 2;
inline constexpr std::uint8_t kTimestamp = 5;
inline constexpr std::uint8_t kAttributeList = 6;
inline constexpr std::uint8_t kBufferFlush = 10;  // its stop time is clock-corrected too
inline constexpr std::uint8_t kRecordLengthInWord = 255;
inline constexpr std::size_t kMaxAttributeEntryBytes = 15;  // id 5, type 1, value 9

// How one field is stored: a raw byte, or a compressed integer of at most 4 or 8 value bytes.
enum class Field : std::uint8_t { kByte, kCompressed32, kCompressed64 };

struct RecordLayout {
  std::uint8_t id = 0;  // OTF2's record id
  std::uint8_t field_count = 0;
  std::array<Field, kMaxRecordFields> fields{};
};

namespace layout {
using F = Field;
constexpr F b = F::kByte;
constexpr F c32 = F::kCompressed32;
constexpr F c64 = F::kCompressed64;

template <class... Fs>
constexpr RecordLayout record(std::uint8_t id, Fs... fields) {
  return RecordLayout{id, sizeof...(fields), {fields...}};
}
}  // namespace layout

// By RecordKind; field order as in record.hpp.
inline constexpr std::array<RecordLayout, kRecordKinds> kLayouts = [] {
  using namespace layout;
  return std::array<RecordLayout, kRecordKinds>{{
      record(12, c32),                         // Enter
      record(13, c32),                         // Leave
      record(14, c32, c32, c32, c64),          // MpiSend
      record(15, c32, c32, c32, c64, c64),     // MpiIsend
      record(16, c64),                         // MpiIsendComplete
      record(17, c64),                         // MpiIrecvRequest
      record(18, c32, c32, c32, c64),          // MpiRecv
      record(19, c32, c32, c32, c64, c64),     // MpiIrecv
      record(20, c64),                         // MpiRequestTest
      record(21, c64),                         // MpiRequestCancelled
      record(22),                              // MpiCollectiveBegin
      record(23, b, c32, c32, c64, c64),       // MpiCollectiveEnd
      record(85, c64),                         // NonBlockingCollectiveRequest (OTF2 3.0)
      record(86, b, c32, c32, c64, c64, c64),  // NonBlockingCollectiveComplete (OTF2 3.0)
      record(35, c32),                         // RmaWinCreate
      record(36, c32),                         // RmaWinDestroy
      record(37),                              // RmaCollectiveBegin
      record(38, b, c32, c32, c32, c64, c64),  // RmaCollectiveEnd
      record(39, c32, c32, c32),               // RmaGroupSync
      record(40, c32, c32, c64, b),            // RmaRequestLock
      record(41, c32, c32, c64, b),            // RmaAcquireLock
      record(42, c32, c32, c64, b),            // RmaTryLock
      record(43, c32, c32, c64),               // RmaReleaseLock
      record(44, c32, c32, b),                 // RmaSync
      record(46, c32, c32, c64, c64),          // RmaPut
      record(47, c32, c32, c64, c64),          // RmaGet
      record(48, c32, c32, b, c64, c64, c64),  // RmaAtomic
      record(49, c32, c64),                    // RmaOpCompleteBlocking
      record(50, c32, c64),                    // RmaOpCompleteNonBlocking
      record(51, c32, c64),                    // RmaOpTest
      record(69, c32, b, c32, c32),            // IoCreateHandle
      record(70, c32),                         // IoDestroyHandle
      record(75, c32, b, c32, c64, c64),       // IoOperationBegin
      record(77, c32, c64),                    // IoOperationIssued
      record(76, c32, c64),                    // IoOperationTest
      record(78, c32, c64, c64),               // IoOperationComplete
      record(72, c32, c64, b, c64),            // IoSeek
      record(74, b, c32),                      // IoDeleteFile
  }};
}();

[[nodiscard]] constexpr const RecordLayout& layout_of(RecordKind kind) {
  return kLayouts[static_cast<std::size_t>(kind)];
}

// Records stored without a length: Enter, Leave, MpiIsendComplete, MpiIrecvRequest, MpiRequestTest,
// MpiRequestCancelled, OmpFork, OmpTaskCreate, OmpTaskSwitch, OmpTaskComplete.
[[nodiscard]] constexpr bool is_singleton(std::uint8_t id) {
  switch (id) {
    case 12:
    case 13:
    case 16:
    case 17:
    case 20:
    case 21:
    case 24:
    case 28:
    case 29:
    case 30: return true;
    default: return false;
  }
}

// RecordKind by OTF2 record id; kCount for records the trace model does not convert.
inline constexpr std::array<RecordKind, 256> kKindById = [] {
  std::array<RecordKind, 256> kinds{};
  kinds.fill(RecordKind::kCount);
  for (std::size_t kind = 0; kind < kRecordKinds; ++kind) {
    kinds[kLayouts[kind].id] = static_cast<RecordKind>(kind);
  }
  return kinds;
}();

// The value bytes of a singleton record's one field (4 or 8; 8 for records not converted), 0 for other records:
// one table load, where testing is_singleton and then the field's layout was a branch on the kind.
inline constexpr std::array<std::uint8_t, 256> kSingletonFieldBytes = [] {
  std::array<std::uint8_t, 256> bytes{};
  for (std::size_t id = 0; id < bytes.size(); ++id) {
    if (is_singleton(static_cast<std::uint8_t>(id))) {
      const RecordKind kind = kKindById[id];
      bytes[id] = kind != RecordKind::kCount && layout_of(kind).fields[0] == Field::kCompressed32 ? 4 : 8;
    }
  }
  return bytes;
}();

}  // namespace mpisight::trace::detail::otf2_format
