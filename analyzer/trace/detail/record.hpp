// One decoded OTF2 event record as both readers hand it to the conversion (record_conversion.hpp): its kind, its
// fields in OTF2's order as 64-bit words, and the schema attributes of its attribute list.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "schema/attributes.hpp"
#include "trace/definitions.hpp"

namespace mpisight::trace::detail {

// The OTF2 event records the trace model converts into Events. Fields (Record::field) follow the argument order
// of OTF2's callback for the record, which is also their order in the file.
enum class RecordKind : std::uint8_t {
  kEnter,                          // region
  kLeave,                          // region
  kMpiSend,                        // receiver, comm, tag, length
  kMpiIsend,                       // receiver, comm, tag, length, request
  kMpiIsendComplete,               // request
  kMpiIrecvRequest,                // request
  kMpiRecv,                        // sender, comm, tag, length
  kMpiIrecv,                       // sender, comm, tag, length, request
  kMpiRequestTest,                 // request
  kMpiRequestCancelled,            // request
  kMpiCollectiveBegin,             //
  kMpiCollectiveEnd,               // op, comm, root, sent, received
  kNonBlockingCollectiveRequest,   // request
  kNonBlockingCollectiveComplete,  // op, comm, root, sent, received, request
  kRmaWinCreate,                   // win
  kRmaWinDestroy,                  // win
  kRmaCollectiveBegin,             //
  kRmaCollectiveEnd,               // op, sync level, win, root, sent, received
  kRmaGroupSync,                   // sync level, win, group
  kRmaRequestLock,                 // win, remote, lock id, lock type
  kRmaAcquireLock,                 // win, remote, lock id, lock type
  kRmaTryLock,                     // win, remote, lock id, lock type
  kRmaReleaseLock,                 // win, remote, lock id
  kRmaSync,                        // win, remote, sync type
  kRmaPut,                         // win, remote, bytes, matching id
  kRmaGet,                         // win, remote, bytes, matching id
  kRmaAtomic,                      // win, remote, atomic type, sent, received, matching id
  kRmaOpCompleteBlocking,          // win, matching id
  kRmaOpCompleteNonBlocking,       // win, matching id
  kRmaOpTest,                      // win, matching id
  kIoCreateHandle,                 // handle, access mode, creation flags, status flags
  kIoDestroyHandle,                // handle
  kIoOperationBegin,               // handle, mode, flags, bytes requested, matching id
  kIoOperationIssued,              // handle, matching id
  kIoOperationTest,                // handle, matching id
  kIoOperationComplete,            // handle, bytes result, matching id
  kIoSeek,                         // handle, offset requested (int64), whence, offset result
  kIoDeleteFile,                   // I/O paradigm, file
  kCount,
};

inline constexpr std::size_t kRecordKinds = static_cast<std::size_t>(RecordKind::kCount);
inline constexpr std::size_t kMaxRecordFields = 6;

struct Record {
  RecordKind kind = RecordKind::kEnter;
  LocationId location = 0;
  std::uint64_t time = 0;  // ticks, clock offsets applied
  std::array<std::uint64_t, kMaxRecordFields> field{};
};

// The schema attributes (runtime/schema/attributes.hpp) of one record, each as a 64-bit word (signed values
// sign-extended). Clearing costs one store, so a reader can reuse one instance for every record.
class AttributeValues {
 public:
  static_assert(schema::kAttributes.size() <= 64, "one presence bit per schema attribute");

  void clear() noexcept { present_ = 0; }
  void set(schema::Attribute attribute, std::uint64_t word) noexcept {
    const auto index = static_cast<std::size_t>(attribute);
    values_[index] = word;
    present_ |= std::uint64_t{1} << index;
  }

  // For a decoder storing a whole list: it keeps the presence bits in a register while it puts the values in,
  // rather than storing and reloading them per entry, and hands them back once.
  [[nodiscard]] std::uint64_t presence() const noexcept { return present_; }
  void set_presence(std::uint64_t bits) noexcept { present_ = bits; }
  void put_value(schema::Attribute attribute, std::uint64_t word) noexcept {
    values_[static_cast<std::size_t>(attribute)] = word;
  }

  [[nodiscard]] std::optional<std::uint64_t> word(schema::Attribute attribute) const noexcept {
    const auto index = static_cast<std::size_t>(attribute);
    if ((present_ >> index & 1u) == 0) {
      return std::nullopt;
    }
    return values_[index];
  }

 private:
  std::uint64_t present_ = 0;
  std::array<std::uint64_t, schema::kAttributes.size()> values_{};
};

// OTF2_Type values of attribute entries whose values the schema uses; every other type is ignored.
enum class AttributeWordType : std::uint8_t { kNone, kSigned32, kUnsigned32, kWord64 };

inline constexpr std::array<AttributeWordType, 256> kAttributeWordTypes = [] {
  std::array<AttributeWordType, 256> types{};
  types[7] = AttributeWordType::kSigned32;     // OTF2_TYPE_INT32
  types[3] = AttributeWordType::kUnsigned32;   // OTF2_TYPE_UINT32
  types[11] = AttributeWordType::kUnsigned32;  // OTF2_TYPE_STRING
  types[21] = AttributeWordType::kUnsigned32;  // OTF2_TYPE_CALLING_CONTEXT
  types[4] = AttributeWordType::kWord64;       // OTF2_TYPE_UINT64
  types[8] = AttributeWordType::kWord64;       // OTF2_TYPE_INT64
  return types;
}();

[[nodiscard]] constexpr AttributeWordType attribute_word_type(std::uint8_t otf2_type) noexcept {
  return kAttributeWordTypes[otf2_type];
}

// Stores one attribute entry of `otf2_type` whose raw value is `raw` (the 32 low bits for 32-bit types), its
// presence in `presence` (see AttributeValues::presence). Computes rather than branches on the type: records mix
// types in no fixed order. The word is ((raw & mask) ^ sign) - sign: sign 2^31 sign-extends a 32-bit value.
inline void store_attribute(AttributeValues& values, std::uint64_t& presence, schema::Attribute attribute,
                            std::uint8_t otf2_type, std::uint64_t raw) noexcept {
  static constexpr std::array<std::uint64_t, 4> kMask = {0, 0xFFFF'FFFFu, 0xFFFF'FFFFu, ~std::uint64_t{0}};
  static constexpr std::array<std::uint64_t, 4> kSign = {0, 0x8000'0000u, 0, 0};
  const auto type = static_cast<std::size_t>(attribute_word_type(otf2_type));
  const std::uint64_t bit = std::uint64_t{1} << static_cast<unsigned>(attribute);
  if (type == static_cast<std::size_t>(AttributeWordType::kNone)) [[unlikely]] {
    presence &= ~bit;  // a later entry of the attribute with a type the schema does not use drops the value
    return;
  }
  values.put_value(attribute, ((raw & kMask[type]) ^ kSign[type]) - kSign[type]);
  presence |= bit;
}

inline void store_attribute(AttributeValues& values, schema::Attribute attribute, std::uint8_t otf2_type,
                            std::uint64_t raw) noexcept {
  std::uint64_t presence = values.presence();
  store_attribute(values, presence, attribute, otf2_type, raw);
  values.set_presence(presence);
}

}  // namespace mpisight::trace::detail
