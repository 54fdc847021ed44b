// The direct decoder's inner loop. Mirrors what OTF2's event reader does with each token (see otf2_records.hpp),
// including the clock correction of records it does not convert, so both readers agree record for record.
#include "trace/detail/location_decoder.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstring>
#include <utility>

#include "trace/detail/otf2_records.hpp"

namespace mpisight::trace::detail {
namespace {

namespace format = otf2_format;

static_assert(std::endian::native == std::endian::little, "the direct decoder reads little-endian files natively");

constexpr std::size_t kChunkHeaderBytes = 18;
constexpr std::uint8_t kChunkHeader = 0x03;
constexpr std::uint8_t kLittleEndian = 0x42;
constexpr std::uint64_t kWindowBytes = std::uint64_t{32} << 20;

constexpr std::array<std::uint64_t, 9> kLowBytes = {
    0, 0xFF, 0xFFFF, 0xFF'FFFF, 0xFFFF'FFFF, 0xFF'FFFF'FFFF, 0xFFFF'FFFF'FFFF, 0xFF'FFFF'FFFF'FFFF, ~std::uint64_t{0}};

// A compressed integer of at most `max_bytes` value bytes ending by `end`; false if malformed or cut short. Bytes
// up to `readable` may be loaded (the chunk's end): then one unaligned load and a mask, without branching on the
// size. `kRoomy`: the caller knows that 9 bytes from `p` are readable.
template <bool kRoomy = false>
inline bool read_compressed_up_to(const std::uint8_t*& p, const std::uint8_t* end, const std::uint8_t* readable,
                                  unsigned max_bytes, std::uint64_t& value) {
  if (kRoomy || readable - p >= 9) [[likely]] {
    const unsigned size = p[0];
    std::uint64_t word = 0;
    std::memcpy(&word, p + 1, 8);
    const bool maximum = size == 0xFF;
    const unsigned bytes = maximum ? 0 : size;
    if (bytes > max_bytes) {
      return false;
    }
    value = (word & kLowBytes[bytes]) | (maximum ? kLowBytes[max_bytes] : 0);
    p += 1 + bytes;
    return p <= end;
  }
  if (p >= end) {
    return false;
  }
  const unsigned size = *p++;
  if (size == 0 || size == 0xFF) {
    value = size == 0 ? 0 : kLowBytes[max_bytes];
    return true;
  }
  if (size > max_bytes || static_cast<std::size_t>(end - p) < size) {
    return false;
  }
  std::uint64_t word = 0;
  std::memcpy(&word, p, size);
  value = word;
  p += size;
  return true;
}

template <unsigned kMaxBytes>
inline bool read_compressed(const std::uint8_t*& p, const std::uint8_t* end, const std::uint8_t* readable,
                            std::uint64_t& value) {
  return read_compressed_up_to(p, end, readable, kMaxBytes, value);
}

// How an attribute value of each OTF2_Type is stored: raw bytes (1, 2, 4, 8), or compressed (32 or 64 bits).
enum class ValueEncoding : std::uint8_t { kCompressed32, kCompressed64, kRaw1, kRaw2, kRaw4, kRaw8 };

constexpr std::array<ValueEncoding, 256> kValueEncodings = [] {
  std::array<ValueEncoding, 256> encodings{};
  // NONE and unknown (future) types are definition references, which OTF2 reads as compressed 64-bit values.
  encodings.fill(ValueEncoding::kCompressed64);
  for (const std::uint8_t type : {3, 7, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}) {
    encodings[type] = ValueEncoding::kCompressed32;  // UINT32, INT32 and the 32-bit references
  }
  encodings[1] = encodings[5] = ValueEncoding::kRaw1;  // UINT8, INT8
  encodings[2] = encodings[6] = ValueEncoding::kRaw2;  // UINT16, INT16
  encodings[9] = ValueEncoding::kRaw4;                 // FLOAT
  encodings[10] = ValueEncoding::kRaw8;                // DOUBLE
  return encodings;
}();

// `kRoomy`: 9 bytes from any field's start up to the record's end are readable (see read_compressed_up_to).
template <format::Field kField, bool kRoomy>
inline bool read_field(const std::uint8_t*& p, const std::uint8_t* end, const std::uint8_t* readable,
                       std::uint64_t& value) {
  if constexpr (kField == format::Field::kByte) {
    if (p >= end) {
      return false;
    }
    value = *p++;
    return true;
  } else {
    return read_compressed_up_to<kRoomy>(p, end, readable, kField == format::Field::kCompressed32 ? 4 : 8, value);
  }
}

// The fields of one record kind, unrolled for its layout.
using FieldReader = bool (*)(const std::uint8_t*&, const std::uint8_t*, const std::uint8_t*, Record&);

template <std::size_t kKind, bool kRoomy, std::size_t... kIndex>
bool read_fields_of(const std::uint8_t*& p, [[maybe_unused]] const std::uint8_t* end,
                    [[maybe_unused]] const std::uint8_t* readable, [[maybe_unused]] Record& record,
                    std::index_sequence<kIndex...> /*fields*/) {
  return (read_field<format::kLayouts[kKind].fields[kIndex], kRoomy>(p, end, readable, record.field[kIndex]) && ...);
}

template <std::size_t kKind, bool kRoomy>
bool read_fields_of(const std::uint8_t*& p, const std::uint8_t* end, const std::uint8_t* readable, Record& record) {
  return read_fields_of<kKind, kRoomy>(p, end, readable, record,
                                       std::make_index_sequence<format::kLayouts[kKind].field_count>());
}

template <bool kRoomy, std::size_t... kKind>
constexpr std::array<FieldReader, kRecordKinds> field_readers(std::index_sequence<kKind...> /*kinds*/) {
  return {&read_fields_of<kKind, kRoomy>...};
}

// By whether 9 bytes past the record's end are still in its chunk: then no field load checks the chunk's end.
constexpr std::array<std::array<FieldReader, kRecordKinds>, 2> kFieldReaders = {
    field_readers<false>(std::make_index_sequence<kRecordKinds>()),
    field_readers<true>(std::make_index_sequence<kRecordKinds>())};

std::uint64_t page_bytes() {
  static const auto bytes = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  return bytes;
}

}  // namespace

LocationDecoder::LocationDecoder(const std::filesystem::path& file, LocationId location, std::uint64_t chunk_bytes,
                                 ClockCorrection clock, const EventContext& ctx)
    : name_("event file for location " + std::to_string(location)),
      ctx_(ctx),
      clock_(std::move(clock)),
      chunk_bytes_(chunk_bytes) {
  record_.location = location;
  for (std::size_t ref = 0; ref < near_schema_.size(); ++ref) {
    const auto attribute = ctx.schema_attribute(static_cast<std::uint32_t>(ref));
    near_schema_[ref] = attribute ? static_cast<std::int8_t>(*attribute) : std::int8_t{-1};
  }
  corrected_ = clock_.apply(corrected_from_);  // tick 0 cannot move the interval cursor: no interval ends before it
  fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    throw DecodeError("cannot open the " + name_ + ": " + std::strerror(errno));
  }
  std::error_code error;
  file_bytes_ = std::filesystem::file_size(file, error);
  if (error || chunk_bytes_ < kChunkHeaderBytes) {
    ::close(fd_);
    throw DecodeError("cannot read the " + name_ + ": " + (error ? error.message() : "bad chunk size"));
  }
  window_bytes_ = std::max<std::uint64_t>(1, kWindowBytes / chunk_bytes_) * chunk_bytes_;
  try {
    enter_chunk(0);
  } catch (...) {
    unmap();
    ::close(fd_);
    throw;
  }
}

LocationDecoder::~LocationDecoder() {
  unmap();
  ::close(fd_);
}

void LocationDecoder::unmap() noexcept {
  if (map_ != nullptr) {
    ::munmap(map_, map_bytes_);
    map_ = nullptr;
  }
}

void LocationDecoder::map_window(std::uint64_t offset) {
  unmap();
  const std::uint64_t aligned = offset - offset % page_bytes();
  window_end_ = std::min(file_bytes_, offset + window_bytes_);
  map_bytes_ = static_cast<std::size_t>(window_end_ - aligned);
  void* map = ::mmap(nullptr, map_bytes_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd_, static_cast<off_t>(aligned));
  if (map == MAP_FAILED) {
    throw DecodeError("cannot map the " + name_ + ": " + std::strerror(errno));
  }
  map_ = map;
  window_ = static_cast<const std::uint8_t*>(map) + (offset - aligned);
  window_offset_ = offset;
}

void LocationDecoder::enter_chunk(std::uint64_t index) {
  const std::uint64_t offset = index * chunk_bytes_;
  if (offset >= file_bytes_) {
    fail("the file ends without OTF2's end-of-file record", end_);
  }
  if (map_ == nullptr || offset < window_offset_ || offset >= window_end_) {
    map_window(offset);
  }
  chunk_index_ = index;
  chunk_offset_ = offset;
  chunk_ = window_ + (offset - window_offset_);
  end_ = chunk_ + std::min(chunk_bytes_, file_bytes_ - offset);
  pos_ = chunk_;
  if (end_ - chunk_ <= static_cast<std::ptrdiff_t>(kChunkHeaderBytes) || chunk_[0] != kChunkHeader ||
      chunk_[1] != kLittleEndian) {
    fail("no little-endian OTF2 chunk header", chunk_);
  }
  pos_ = chunk_ + kChunkHeaderBytes;
}

void LocationDecoder::fail(const char* what, const std::uint8_t* at) const {
  const std::uint64_t byte = at != nullptr && chunk_ != nullptr ? chunk_offset_ + (at - chunk_) : chunk_offset_;
  throw DecodeError("corrupt " + name_ + ": " + what + " at byte " + std::to_string(byte));
}

std::uint64_t LocationDecoder::read_length() {
  if (pos_ >= end_) {
    fail("a record length runs past its chunk", pos_);
  }
  std::uint64_t length = *pos_++;
  if (length == format::kRecordLengthInWord) {
    if (end_ - pos_ < 8) {
      fail("a record length runs past its chunk", pos_);
    }
    std::memcpy(&length, pos_, 8);
    pos_ += 8;
  }
  if (length > static_cast<std::uint64_t>(end_ - pos_)) {
    fail("a record runs past its chunk", pos_);
  }
  return length;
}

void LocationDecoder::read_fields(const std::uint8_t* end) {
  const bool roomy = end_ - end >= 9;
  if (!kFieldReaders[roomy ? 1 : 0][static_cast<std::size_t>(record_.kind)](pos_, end, end_, record_)) {
    fail("a record field is malformed or cut short", pos_);
  }
}

template <bool kRoomy>
void LocationDecoder::read_attribute_entries(const std::uint8_t* p, const std::uint8_t* end, std::uint64_t count) {
  std::uint64_t presence = attributes_.presence();
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint64_t ref = 0;
    std::uint64_t raw = 0;
    // Attribute ids are small: taking the one-byte case as a branch rather than adding the loaded size lets the
    // next reads start before that size byte arrives.
    if (kRoomy && p[0] == 1) [[likely]] {
      ref = p[1];
      p += 2;
    } else if (!read_compressed_up_to<kRoomy>(p, end, end_, 4, ref)) {
      fail("an attribute list entry is cut short", p);
    }
    if (p >= end) {
      fail("an attribute list entry is cut short", p);
    }
    const std::uint8_t type = *p++;
    const ValueEncoding encoding = kValueEncodings[type];
    bool ok = true;
    if (encoding <= ValueEncoding::kCompressed64) [[likely]] {
      ok = read_compressed_up_to<kRoomy>(p, end, end_, encoding == ValueEncoding::kCompressed32 ? 4 : 8, raw);
    } else {  // raw bytes: 1, 2, 4 or 8
      const std::size_t bytes = std::size_t{1} << (static_cast<unsigned>(encoding) - 2);
      ok = static_cast<std::size_t>(end - p) >= bytes;
      p += ok ? bytes : 0;
    }
    if (!ok) {
      fail("an attribute value is malformed or cut short", p);
    }
    if (const int index = schema_index(ref); index >= 0) {
      store_attribute(attributes_, presence, static_cast<schema::Attribute>(index), type, raw);
    }
  }
  attributes_.set_presence(presence);
}

void LocationDecoder::read_attribute_list() {
  const std::uint64_t length = read_length();
  const std::uint8_t* const end = pos_ + length;
  const std::uint8_t* p = pos_;
  std::uint64_t count = 0;
  if (!read_compressed<4>(p, end, end_, count) || length > count * format::kMaxAttributeEntryBytes + 5) {
    fail("an attribute list does not match its length", p);
  }
  // An entry loads at most 9 bytes from where it reads and reads only while before `end`: with 9 bytes of chunk
  // past `end` (a record follows the list), no load needs its own check against the chunk's end.
  if (end_ - end >= 9) [[likely]] {
    read_attribute_entries<true>(p, end, count);
  } else {
    read_attribute_entries<false>(p, end, count);
  }
  pos_ = end;  // like OTF2: the announced end, whatever the entries took
}

bool LocationDecoder::next() {
  attributes_.clear();
  for (;;) {
    if (pos_ >= end_) {
      fail("a record runs past its chunk", pos_);
    }
    if (*pos_ == format::kTimestamp) {
      if (end_ - pos_ <= 9) {
        fail("a timestamp is cut short", pos_);
      }
      std::memcpy(&timestamp_, pos_ + 1, 8);
      pos_ += 9;
    }
    const std::uint8_t id = *pos_++;
    switch (id) {
      case format::kEndOfChunk: enter_chunk(chunk_index_ + 1); continue;
      case format::kEndOfFile: return false;
      case format::kAttributeList: read_attribute_list(); continue;
      default: break;
    }
    if (timestamp_ != corrected_from_) {  // records of one timestamp share its correction
      corrected_from_ = timestamp_;
      corrected_ = clock_.apply(timestamp_);
    }
    record_.time = corrected_;
    record_.kind = format::kKindById[id];
    const bool converted = record_.kind != RecordKind::kCount;
    if (const unsigned field_bytes = format::kSingletonFieldBytes[id]; field_bytes != 0) {
      if (!read_compressed_up_to(pos_, end_, end_, field_bytes, record_.field[0])) {
        fail("a record field is malformed or cut short", pos_);
      }
      return true;
    }
    const std::uint64_t length = read_length();
    const std::uint8_t* record_end = pos_ + length;
    if (converted) {
      read_fields(record_end);
    } else if (id == format::kBufferFlush && length >= 8) {
      std::uint64_t stop_time = 0;
      std::memcpy(&stop_time, pos_, 8);
      (void)clock_.apply(stop_time);  // OTF2 corrects the stop time too, which moves its interval cursor
    }
    pos_ = record_end;  // newer OTF2 versions may append fields
    return true;
  }
}

}  // namespace mpisight::trace::detail
