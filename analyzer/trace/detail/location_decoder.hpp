// Decodes one location's OTF2 event file directly (format: otf2_records.hpp), record by record in file order,
// through a sliding memory map. Every read is bounds-checked; damage throws DecodeError naming the file.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "trace/detail/clock_correction.hpp"
#include "trace/detail/record.hpp"
#include "trace/detail/record_conversion.hpp"

namespace mpisight::trace::detail {

// what(): "corrupt event file for location 3: <what> at byte <n>".
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class LocationDecoder {
 public:
  // `chunk_bytes`: the archive's event chunk size. `ctx` knows which attributes are schema attributes.
  LocationDecoder(const std::filesystem::path& file, LocationId location, std::uint64_t chunk_bytes,
                  ClockCorrection clock, const EventContext& ctx);
  ~LocationDecoder();
  LocationDecoder(const LocationDecoder&) = delete;
  LocationDecoder& operator=(const LocationDecoder&) = delete;

  // Decodes the next record (with its attributes); false at the end of the file.
  [[nodiscard]] bool next();

  // The current record; kind RecordKind::kCount for records the trace model does not convert (they still count
  // as events, as in OTF2's reader).
  [[nodiscard]] const Record& record() const noexcept { return record_; }
  [[nodiscard]] const AttributeValues& attributes() const noexcept { return attributes_; }

 private:
  void enter_chunk(std::uint64_t index);
  void map_window(std::uint64_t offset);
  void unmap() noexcept;
  [[nodiscard, gnu::always_inline]] inline std::uint64_t read_length();
  void read_fields(const std::uint8_t* end);
  [[gnu::always_inline]] inline void read_attribute_list();
  template <bool kRoomy>
  [[gnu::always_inline]] inline void read_attribute_entries(const std::uint8_t* p, const std::uint8_t* end,
                                                            std::uint64_t count);
  [[noreturn]] void fail(const char* what, const std::uint8_t* at) const;
  // The schema attribute's index, or -1: a plain integer, which the entry loop tests in one instruction.
  [[nodiscard]] int schema_index(std::uint64_t ref) const noexcept {
    if (ref < near_schema_.size()) [[likely]] {
      return near_schema_[ref];
    }
    const auto attribute = ctx_.schema_attribute(static_cast<std::uint32_t>(ref));
    return attribute ? static_cast<int>(*attribute) : -1;
  }

  std::string name_;  // "event file for location 3"
  const EventContext& ctx_;
  // EventContext::schema_attribute of the low attribute ids (writers number their attributes from 0), kept here
  // in the decoder's own cache lines: the table behind the context was a cache miss per entry while analyzing.
  std::array<std::int8_t, 64> near_schema_{};
  ClockCorrection clock_;
  int fd_ = -1;
  std::uint64_t file_bytes_ = 0;
  std::uint64_t chunk_bytes_ = 0;
  std::uint64_t window_bytes_ = 0;  // a multiple of chunk_bytes_

  void* map_ = nullptr;
  std::size_t map_bytes_ = 0;
  const std::uint8_t* window_ = nullptr;  // file byte window_offset_
  std::uint64_t window_offset_ = 0;
  std::uint64_t window_end_ = 0;

  std::uint64_t chunk_index_ = 0;
  std::uint64_t chunk_offset_ = 0;
  const std::uint8_t* chunk_ = nullptr;
  const std::uint8_t* pos_ = nullptr;
  const std::uint8_t* end_ = nullptr;  // of the chunk's bytes in the file
  std::uint64_t timestamp_ = 0;
  std::uint64_t corrected_from_ = 0;  // the last timestamp corrected, and its correction
  std::uint64_t corrected_ = 0;

  Record record_;
  AttributeValues attributes_;
};

}  // namespace mpisight::trace::detail
