// The MPI-IO event records (OTF2's I/O records, as mpisight and Score-P write them for MPI-IO). A handle is an
// IoHandle definition (TraceDefinitions::io_handles), which names its file. Included by events.hpp.
#pragma once

#include <cstdint>
#include <optional>

#include "trace/definitions.hpp"

namespace mpisight::trace {

// OTF2_IoOperationMode values.
enum class IoMode : std::uint8_t { kRead = 0, kWrite = 1, kFlush = 2 };
// OTF2_IoOperationFlag bits.
inline constexpr std::uint32_t kIoNonBlocking = 1u << 0;
inline constexpr std::uint32_t kIoCollective = 1u << 1;

// MPI_File_open made the handle (OTF2 access mode, creation and status flags as their values).
struct IoCreateHandle {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  IoHandleId handle = 0;
  std::uint32_t access_mode = 0;
  std::uint32_t creation_flags = 0;
  std::uint32_t status_flags = 0;
  friend bool operator==(const IoCreateHandle&, const IoCreateHandle&) = default;
};

struct IoDestroyHandle {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  IoHandleId handle = 0;
  friend bool operator==(const IoDestroyHandle&, const IoDestroyHandle&) = default;
};

// A read, write or flush started; its IoOperationComplete (and, if nonblocking, IoOperationIssued) carries the same
// handle and matching id.
struct IoOperationBegin {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  IoHandleId handle = 0;
  IoMode mode = IoMode::kRead;
  std::uint32_t flags = 0;  // kIoNonBlocking, kIoCollective
  std::uint64_t bytes_request = 0;
  std::uint64_t matching_id = 0;
  std::optional<std::uint64_t> offset{};  // in etypes from the view's start (schema kIoOffset); absent: shared pointer
  friend bool operator==(const IoOperationBegin&, const IoOperationBegin&) = default;
};

struct IoOperationIssued {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  IoHandleId handle = 0;
  std::uint64_t matching_id = 0;
  friend bool operator==(const IoOperationIssued&, const IoOperationIssued&) = default;
};

struct IoOperationTest {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  IoHandleId handle = 0;
  std::uint64_t matching_id = 0;
  friend bool operator==(const IoOperationTest&, const IoOperationTest&) = default;
};

struct IoOperationComplete {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  IoHandleId handle = 0;
  std::uint64_t bytes_result = 0;
  std::uint64_t matching_id = 0;
  friend bool operator==(const IoOperationComplete&, const IoOperationComplete&) = default;
};

// MPI_File_seek and MPI_File_seek_shared; `whence` is the OTF2_IoSeekOption value.
struct IoSeek {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  IoHandleId handle = 0;
  std::int64_t offset_request = 0;
  std::uint32_t whence = 0;
  std::uint64_t offset_result = 0;
  friend bool operator==(const IoSeek&, const IoSeek&) = default;
};

// MPI_File_delete, or a handle opened with MPI_MODE_DELETE_ON_CLOSE closed.
struct IoDeleteFile {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  IoFileId file = 0;
  friend bool operator==(const IoDeleteFile&, const IoDeleteFile&) = default;
};

}  // namespace mpisight::trace
