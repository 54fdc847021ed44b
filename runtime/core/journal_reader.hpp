// Reads a journal written by a live or dead process: checks the header, walks the chunks, and stops at the
// first unwritten record (the end) or invalid one (damage), so a journal cut off by SIGKILL reads cleanly.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

#include "core/compact_records.hpp"
#include "core/journal_format.hpp"

namespace mpisight::journal {

// One committed record; `as<R>()` copies it out once the kind is known. A record the reader unpacked from a
// compact form (core/compact_records.hpp) lives in the view itself, so views stay valid when kept.
class RecordView {
 public:
  RecordView(const RecordHeader& header, const std::byte* bytes) noexcept : header_(header), bytes_(bytes) {}
  template <Record R>
  [[nodiscard]] static RecordView unpacked(const R& record) noexcept {
    static_assert(sizeof(R) <= kMaxUnpackedBytes);
    RecordView view(record.header, nullptr);
    std::memcpy(view.unpacked_, &record, sizeof(R));
    return view;
  }
  RecordView(const RecordView& other) noexcept : header_(other.header_), bytes_(other.bytes_) {
    if (bytes_ == nullptr) {
      std::memcpy(unpacked_, other.unpacked_, size_bytes());
    }
  }
  RecordView& operator=(const RecordView& other) noexcept {
    if (this != &other) {
      header_ = other.header_;
      bytes_ = other.bytes_;
      if (bytes_ == nullptr) {
        std::memcpy(unpacked_, other.unpacked_, size_bytes());
      }
    }
    return *this;
  }
  ~RecordView() = default;

  [[nodiscard]] Kind kind() const noexcept { return header_.kind; }
  [[nodiscard]] std::uint64_t ticks() const noexcept { return header_.ticks; }
  [[nodiscard]] std::uint32_t arg() const noexcept { return header_.arg; }
  template <Record R>
  [[nodiscard]] R as() const noexcept {
    R record;
    if constexpr (sizeof(R) == sizeof(RecordHeader)) {
      record.header = header_;  // header-only records may have been expanded from a short form
    } else {
      std::memcpy(&record, bytes(), sizeof(R));
    }
    return record;
  }
  // The record's bytes in the journal, header included: for variable-length records.
  [[nodiscard]] const std::byte* bytes() const noexcept { return bytes_ != nullptr ? bytes_ : unpacked_; }
  [[nodiscard]] std::size_t size_bytes() const noexcept { return std::size_t{header_.words} * 8; }

 private:
  static constexpr std::size_t kMaxUnpackedBytes = sizeof(MpiRecv);  // the largest record a compact one holds
  RecordHeader header_;
  const std::byte* bytes_;
  alignas(8) std::byte unpacked_[kMaxUnpackedBytes];  // used when bytes_ is null
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
  // Size in bytes of a valid record of `kind` (the least for variable-size kinds), or 0 for an unknown kind.
  [[nodiscard]] static std::size_t expected_bytes(Kind kind) noexcept;

  std::string path_;
  FileHeader header_{};
  const std::byte* data_ = nullptr;
  std::size_t size_bytes_ = 0;
};

// Walks one chunk: its ChunkStart must name `index`; stops at unwritten space or a stop record.
enum class ChunkEnd { kOpen, kStopped, kDamaged, kNotThisChunk };

// What expanding LeaveShort and the compact records needs from the records before them, carried across chunks.
struct WalkState {
  std::uint64_t last_ticks = 0;
  std::uint32_t last_entered = 0;
  bool entered = false;
  bool waits_pending = false;  // a ReceiveWaits was read and its Enter not yet
  bool in_receive = false;     // the call entered last is a receive with `waits`: a ReceiveLeave may close it
  ReceiveWaits waits{};
  LastCompact last_compact{};  // of the chunk being read: what repeats stand for
};

// The compact record a full one or a repeat stands for, or null when a repeat has none to repeat (damage).
template <class R>
[[nodiscard]] const R* take_compact(const std::byte* at, Kind kind, LastCompact& last) noexcept {
  if (kind == R::kKind) {
    R record;
    std::memcpy(&record, at, sizeof(R));
    last.remember(record);
  }
  return last.has<R>() ? &last.get<R>() : nullptr;
}

// Visits what a compact record or a repeat stands for; false if it cannot stand where it is (damage).
template <class Visit>
bool visit_unpacked(const std::byte* at, const RecordHeader& head, Visit& visit, WalkState& walk) {
  switch (head.kind) {
    case Kind::kEnterSend:
    case Kind::kEnterSendRepeat: {
      const EnterSend* last = take_compact<EnterSend>(at, head.kind, walk.last_compact);
      if (last == nullptr) {
        return false;
      }
      EnterSend packed = *last;
      packed.header.ticks = head.ticks;
      const Enter enter = unpacked_enter(packed);
      visit(RecordView::unpacked(enter));
      visit(RecordView::unpacked(unpacked_send(packed)));
      walk.last_entered = enter.header.arg;
      walk.in_receive = false;
      break;
    }
    case Kind::kEnterReceive:
    case Kind::kEnterReceiveRepeat: {
      const EnterReceive* packed = take_compact<EnterReceive>(at, head.kind, walk.last_compact);
      if (packed == nullptr) {
        return false;
      }
      walk.waits = unpacked_waits(*packed, head.ticks);
      visit(RecordView::unpacked(walk.waits));
      visit(RecordView::unpacked(unpacked_enter(*packed, head.ticks)));
      walk.last_entered = packed->function;
      walk.in_receive = true;
      break;
    }
    case Kind::kReceiveLeave:
    case Kind::kReceiveLeaveRepeat: {
      const ReceiveLeave* packed =
          walk.entered && walk.in_receive ? take_compact<ReceiveLeave>(at, head.kind, walk.last_compact) : nullptr;
      if (packed == nullptr) {
        return false;
      }
      visit(RecordView::unpacked(unpacked_receive(*packed, head.ticks, walk.waits)));
      visit(RecordView::unpacked(unpacked_leave(walk.last_entered, head.ticks)));
      walk.in_receive = false;
      return true;
    }
    default: return false;
  }
  walk.entered = true;
  walk.waits_pending = false;
  return true;
}

template <class Visit>
ChunkEnd walk_chunk(const std::byte* chunk, std::size_t bytes, std::size_t index, Visit& visit,
                    std::size_t (*expected_bytes)(Kind), WalkState& walk) {
  RecordHeader start;
  std::memcpy(&start, chunk, sizeof(start));
  if (start.kind != Kind::kChunkStart || start.arg != static_cast<std::uint32_t>(index)) {
    return ChunkEnd::kNotThisChunk;
  }
  walk.last_compact.clear();  // repeats never cross chunks
  std::size_t at = sizeof(ChunkStart);
  while (at + 8 <= bytes) {
    RecordHeader record_header;
    std::memcpy(static_cast<void*>(&record_header), chunk + at, 8);  // the commit word only
    if (record_header.kind == Kind::kNone) {
      return ChunkEnd::kOpen;  // the rest of this chunk was never written
    }
    const std::size_t size = std::size_t{record_header.words} * 8;
    const std::size_t expected = expected_bytes(record_header.kind);
    const bool size_ok = is_variable_size(record_header.kind) ? size >= expected && expected != 0 : size == expected;
    if (!size_ok || record_header.kind == Kind::kChunkStart || at + size > bytes) {
      return ChunkEnd::kDamaged;
    }
    if (is_compact(record_header.kind)) {
      if (record_header.kind != Kind::kEnterSend) {  // stamped as a delta, as LeaveShort
        record_header.ticks = walk.last_ticks + record_header.arg;
      } else {
        std::memcpy(&record_header.ticks, chunk + at + 8, sizeof(record_header.ticks));
      }
      if (!visit_unpacked(chunk + at, record_header, visit, walk)) {
        return ChunkEnd::kDamaged;
      }
      walk.last_ticks = record_header.ticks;
      at += size;
      continue;
    }
    if (record_header.kind == Kind::kLeaveShort) {
      if (!walk.entered) {
        return ChunkEnd::kDamaged;
      }
      record_header = {Kind::kLeave, 2, walk.last_entered, walk.last_ticks + record_header.arg};
    } else {
      std::memcpy(&record_header.ticks, chunk + at + 8, sizeof(record_header.ticks));
    }
    if (record_header.kind == Kind::kReceiveWaits) {
      std::memcpy(&walk.waits, chunk + at, sizeof(walk.waits));
      walk.waits_pending = true;
    } else if (record_header.kind == Kind::kEnter) {
      walk.last_entered = record_header.arg;
      walk.entered = true;
      walk.in_receive = walk.waits_pending;
      walk.waits_pending = false;
    }
    if (record_header.kind != Kind::kTracingStopped) {
      walk.last_ticks = record_header.ticks;
    }
    visit(RecordView(record_header, chunk + at));
    if (record_header.kind == Kind::kTracingStopped) {
      return ChunkEnd::kStopped;
    }
    at += size;
  }
  return ChunkEnd::kOpen;
}

template <class Visit>
bool JournalReader::for_each(Visit&& visit) const {
  const std::size_t chunk_bytes = header_.chunk_bytes;
  const std::size_t window_chunk = header_.window_chunk;
  WalkState walk;
  for (std::size_t index = 0; index < window_chunk; ++index) {
    const std::size_t offset = header_.header_bytes + (index + 1) * chunk_bytes;
    if (offset + chunk_bytes > size_bytes_) {
      return false;  // the file lost a chunk it says it has
    }
    const ChunkEnd end = walk_chunk(data_ + offset, chunk_bytes, index, visit, &expected_bytes, walk);
    if (end == ChunkEnd::kStopped) {
      return true;
    }
    if (end != ChunkEnd::kOpen) {
      return false;
    }
  }
  // The window counts only if it already holds the chunk the header names; during a switch it may not yet.
  if (header_.header_bytes + chunk_bytes > size_bytes_) {
    return false;
  }
  const ChunkEnd end =
      walk_chunk(data_ + header_.header_bytes, chunk_bytes, window_chunk, visit, &expected_bytes, walk);
  return end != ChunkEnd::kDamaged;
}

}  // namespace mpisight::journal
