// Reads a journal written by a live or dead process: checks the header, walks the chunks, and stops at the
// first unwritten record (the end) or invalid one (damage), so a journal cut off by SIGKILL reads cleanly.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

#include "core/journal_format.hpp"

namespace mpisight::journal {

// One committed record; `as<R>()` copies it out once the kind is known.
class RecordView {
 public:
  RecordView(const RecordHeader& header, const std::byte* bytes) noexcept : header_(header), bytes_(bytes) {}
  [[nodiscard]] Kind kind() const noexcept { return header_.kind; }
  [[nodiscard]] std::uint64_t ticks() const noexcept { return header_.ticks; }
  [[nodiscard]] std::uint32_t arg() const noexcept { return header_.arg; }
  template <Record R>
  [[nodiscard]] R as() const noexcept {
    R record;
    std::memcpy(&record, bytes_, sizeof(R));
    return record;
  }

 private:
  RecordHeader header_;
  const std::byte* bytes_;
};

class JournalReader {
 public:
  // Throws std::runtime_error with a one-line reason when the file is not a journal.
  explicit JournalReader(const std::string& path);
  JournalReader(JournalReader&& other) noexcept;
  JournalReader& operator=(JournalReader&& other) noexcept;
  JournalReader(const JournalReader&) = delete;
  JournalReader& operator=(const JournalReader&) = delete;
  ~JournalReader();

  [[nodiscard]] const FileHeader& header() const noexcept { return header_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  // Calls visit(RecordView) for each record in order; returns false if it stopped at a damaged record.
  template <class Visit>
  bool for_each(Visit&& visit) const;

 private:
  // Size in bytes of a valid record of `kind`, or 0 for an unknown kind.
  [[nodiscard]] static std::size_t expected_bytes(Kind kind) noexcept;

  std::string path_;
  FileHeader header_{};
  const std::byte* data_ = nullptr;
  std::size_t size_bytes_ = 0;
};

template <class Visit>
bool JournalReader::for_each(Visit&& visit) const {
  const std::size_t chunk_bytes = header_.chunk_bytes;
  for (std::size_t chunk = header_.header_bytes; chunk < size_bytes_; chunk += chunk_bytes) {
    const std::size_t chunk_end = std::min(chunk + chunk_bytes, size_bytes_);
    std::size_t at = chunk;
    while (at + sizeof(RecordHeader) <= chunk_end) {
      RecordHeader record_header;
      std::memcpy(&record_header, data_ + at, sizeof(record_header));
      if (record_header.kind == Kind::kNone) {
        break;  // the rest of this chunk was never written
      }
      const std::size_t bytes = std::size_t{record_header.words} * 8;
      if (bytes != expected_bytes(record_header.kind) || at + bytes > chunk_end) {
        return false;
      }
      visit(RecordView(record_header, data_ + at));
      if (record_header.kind == Kind::kTracingStopped) {
        return true;
      }
      at += bytes;
    }
  }
  return true;
}

}  // namespace mpisight::journal
