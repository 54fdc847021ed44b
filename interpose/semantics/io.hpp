// MPI-IO family, recorded as OTF2 I/O records the way Score-P records MPI-IO: opening and closing create and
// destroy an I/O handle (per process, named by the file); every read and write is an I/O operation with its
// bytes (requested at begin, done at complete); nonblocking ones are issued and complete at Wait/Test
// (semantics/requests.cpp); split collectives begin at _begin and complete at _end; seeks record the new
// position; MPI_File_sync is a flush operation. Explicit offsets and the individual pointer's position travel
// as the kIoOffset attribute. ROMIO's own MPI calls stay out of the trace (wrap.hpp's depth check).
#pragma once

#include <cstdint>
#include <mpi.h>

#include "call_scope.hpp"
#include "semantics/mpi_values.hpp"
#include "semantics/request_table.hpp"

namespace mpisight::interpose {

namespace io {

// OTF2_IoOperationMode and OTF2_IoOperationFlag values.
enum class Mode : std::uint32_t { kRead = 0, kWrite = 1, kFlush = 2 };
inline constexpr std::uint32_t kNonBlocking = 1;
inline constexpr std::uint32_t kCollective = 2;

// Where an operation starts: an explicit offset, the individual file pointer, or the shared one.
enum class Pointer : std::uint8_t { kExplicit, kIndividual, kShared };

struct FileInfo {
  std::uint64_t handle = 0;
  std::uint32_t comm = journal::kCommUnknown;
  std::uint64_t split_id = 0;  // the split collective in progress
};

[[nodiscard]] FileInfo* find_file(MPI_File fh) noexcept;
[[nodiscard]] std::uint64_t next_operation_id() noexcept;
// The individual file pointer's position, in etypes (no I/O: ROMIO computes it from the view).
[[nodiscard]] std::int64_t position(MPI_File fh) noexcept;

template <Pointer P>
std::int64_t offset_of(MPI_File fh, MPI_Offset offset) noexcept {
  if constexpr (P == Pointer::kExplicit) {
    return offset;
  } else if constexpr (P == Pointer::kIndividual) {
    return position(fh);
  } else {
    return journal::kNoOffset;
  }
}

inline void begin(CallScope& scope, const FileInfo& file, Mode mode, std::uint32_t flags, std::uint64_t bytes,
                  std::int64_t offset, std::uint64_t id) {
  scope.record_at_enter(
      journal::IoOperationBegin{{.arg = static_cast<std::uint32_t>(mode)}, file.handle, id, bytes, offset, flags, 0});
}

// A blocking read or write: begin, the call, complete with the bytes the status reports.
template <Pointer P, class Call>
int blocking(CallScope& scope, MPI_File fh, MPI_Offset offset, Mode mode, std::uint32_t flags, std::uint64_t bytes,
             MPI_Status* status, Call&& call) {
  const FileInfo* file = find_file(fh);
  if (file == nullptr) {
    return call(status);
  }
  const std::uint64_t id = next_operation_id();
  begin(scope, *file, mode, flags, bytes, offset_of<P>(fh, offset), id);
  MPI_Status own{};
  MPI_Status* used = status == MPI_STATUS_IGNORE ? &own : status;
  const int result = call(used);
  scope.record_at_leave(
      journal::IoOperationComplete{{}, file->handle, id, result == MPI_SUCCESS ? received_bytes(*used) : 0});
  return result;
}

// A nonblocking read or write: begin, the call, issued; Wait/Test completes it.
template <Pointer P, class Call>
int nonblocking(CallScope& scope, MPI_File fh, MPI_Offset offset, Mode mode, std::uint32_t flags, std::uint64_t bytes,
                MPI_Request* request, Call&& call) {
  const FileInfo* file = find_file(fh);
  const std::int64_t at = file != nullptr ? offset_of<P>(fh, offset) : journal::kNoOffset;
  const int result = call();
  if (file == nullptr || result != MPI_SUCCESS) {
    return result;
  }
  const std::uint64_t id = requests().track(*request, RequestKind::kIoOp, file->comm, file->handle);
  begin(scope, *file, mode, flags | kNonBlocking, bytes, at, id);
  scope.record_at_leave(journal::IoOperationIssued{{}, file->handle, id});
  return result;
}

// The _begin of a split collective: begin and issued; the _end completes it.
template <Pointer P, class Call>
int split_begin(CallScope& scope, MPI_File fh, MPI_Offset offset, Mode mode, std::uint64_t bytes, Call&& call) {
  FileInfo* file = find_file(fh);
  const std::int64_t at = file != nullptr ? offset_of<P>(fh, offset) : journal::kNoOffset;
  const int result = call();
  if (file == nullptr || result != MPI_SUCCESS) {
    return result;
  }
  file->split_id = next_operation_id();
  begin(scope, *file, mode, kCollective | kNonBlocking, bytes, at, file->split_id);
  scope.record_at_leave(journal::IoOperationIssued{{}, file->handle, file->split_id});
  return result;
}

}  // namespace io

template <>
struct Semantics<Fn::MPI_File_open> {
  static int call(CallScope& scope, decltype(&PMPI_File_open) pmpi, MPI_Comm comm, const char* filename, int amode,
                  MPI_Info info, MPI_File* fh);
};
template <>
struct Semantics<Fn::MPI_File_close> {
  static int call(CallScope& scope, decltype(&PMPI_File_close) pmpi, MPI_File* fh);
};
template <>
struct Semantics<Fn::MPI_File_delete> {
  static int call(CallScope& scope, decltype(&PMPI_File_delete) pmpi, const char* filename, MPI_Info info);
};
template <>
struct Semantics<Fn::MPI_File_sync> {
  static int call(CallScope& scope, decltype(&PMPI_File_sync) pmpi, MPI_File fh);
};
template <>
struct Semantics<Fn::MPI_File_seek> {
  static int call(CallScope& scope, decltype(&PMPI_File_seek) pmpi, MPI_File fh, MPI_Offset offset, int whence);
};
template <>
struct Semantics<Fn::MPI_File_seek_shared> {
  static int call(CallScope& scope, decltype(&PMPI_File_seek_shared) pmpi, MPI_File fh, MPI_Offset offset, int whence);
};

// read_at(_all) and write_at(_all), and their _c forms.
template <io::Mode M, std::uint32_t Flags>
struct IoAtShape {
  template <class Pmpi, class Buffer, class Count>
  static int call(CallScope& scope, Pmpi pmpi, MPI_File fh, MPI_Offset offset, Buffer buf, Count count,
                  MPI_Datatype datatype, MPI_Status* status) {
    return io::blocking<io::Pointer::kExplicit>(
        scope, fh, offset, M, Flags, bytes_of(count, datatype), status,
        [&](MPI_Status* used) { return pmpi(fh, offset, buf, count, datatype, used); });
  }
};

// read, read_all, read_shared, read_ordered and the write forms, and their _c forms.
template <io::Mode M, std::uint32_t Flags, io::Pointer P>
struct IoShape {
  template <class Pmpi, class Buffer, class Count>
  static int call(CallScope& scope, Pmpi pmpi, MPI_File fh, Buffer buf, Count count, MPI_Datatype datatype,
                  MPI_Status* status) {
    return io::blocking<P>(scope, fh, 0, M, Flags, bytes_of(count, datatype), status,
                           [&](MPI_Status* used) { return pmpi(fh, buf, count, datatype, used); });
  }
};

// iread_at(_all), iwrite_at(_all) and their _c forms.
template <io::Mode M, std::uint32_t Flags>
struct IoIAtShape {
  template <class Pmpi, class Buffer, class Count>
  static int call(CallScope& scope, Pmpi pmpi, MPI_File fh, MPI_Offset offset, Buffer buf, Count count,
                  MPI_Datatype datatype, MPI_Request* request) {
    return io::nonblocking<io::Pointer::kExplicit>(scope, fh, offset, M, Flags, bytes_of(count, datatype), request,
                                                   [&] { return pmpi(fh, offset, buf, count, datatype, request); });
  }
};

// iread, iread_all, iread_shared and the write forms, and their _c forms.
template <io::Mode M, std::uint32_t Flags, io::Pointer P>
struct IoIShape {
  template <class Pmpi, class Buffer, class Count>
  static int call(CallScope& scope, Pmpi pmpi, MPI_File fh, Buffer buf, Count count, MPI_Datatype datatype,
                  MPI_Request* request) {
    return io::nonblocking<P>(scope, fh, 0, M, Flags, bytes_of(count, datatype), request,
                              [&] { return pmpi(fh, buf, count, datatype, request); });
  }
};

// read_at_all_begin, write_at_all_begin and their _c forms.
template <io::Mode M>
struct IoAtBeginShape {
  template <class Pmpi, class Buffer, class Count>
  static int call(CallScope& scope, Pmpi pmpi, MPI_File fh, MPI_Offset offset, Buffer buf, Count count,
                  MPI_Datatype datatype) {
    return io::split_begin<io::Pointer::kExplicit>(scope, fh, offset, M, bytes_of(count, datatype),
                                                   [&] { return pmpi(fh, offset, buf, count, datatype); });
  }
};

// read_all_begin, read_ordered_begin, the write forms and their _c forms.
template <io::Mode M, io::Pointer P>
struct IoBeginShape {
  template <class Pmpi, class Buffer, class Count>
  static int call(CallScope& scope, Pmpi pmpi, MPI_File fh, Buffer buf, Count count, MPI_Datatype datatype) {
    return io::split_begin<P>(scope, fh, 0, M, bytes_of(count, datatype),
                              [&] { return pmpi(fh, buf, count, datatype); });
  }
};

// Every _end of a split collective.
struct IoEndShape {
  template <class Pmpi, class Buffer>
  static int call(CallScope& scope, Pmpi pmpi, MPI_File fh, Buffer buf, MPI_Status* status) {
    io::FileInfo* file = io::find_file(fh);
    MPI_Status own{};
    MPI_Status* used = status == MPI_STATUS_IGNORE ? &own : status;
    const int result = pmpi(fh, buf, used);
    if (file != nullptr && file->split_id != 0) {
      scope.record_at_leave(journal::IoOperationComplete{
          {}, file->handle, file->split_id, result == MPI_SUCCESS ? received_bytes(*used) : 0});
      file->split_id = 0;
    }
    return result;
  }
};

namespace io {
using enum Mode;
using enum Pointer;
}  // namespace io

// clang-format off
template <> struct Semantics<Fn::MPI_File_read_at> : IoAtShape<io::kRead, 0> {};
template <> struct Semantics<Fn::MPI_File_read_at_c> : IoAtShape<io::kRead, 0> {};
template <> struct Semantics<Fn::MPI_File_read_at_all> : IoAtShape<io::kRead, io::kCollective> {};
template <> struct Semantics<Fn::MPI_File_read_at_all_c> : IoAtShape<io::kRead, io::kCollective> {};
template <> struct Semantics<Fn::MPI_File_write_at> : IoAtShape<io::kWrite, 0> {};
template <> struct Semantics<Fn::MPI_File_write_at_c> : IoAtShape<io::kWrite, 0> {};
template <> struct Semantics<Fn::MPI_File_write_at_all> : IoAtShape<io::kWrite, io::kCollective> {};
template <> struct Semantics<Fn::MPI_File_write_at_all_c> : IoAtShape<io::kWrite, io::kCollective> {};
template <> struct Semantics<Fn::MPI_File_read> : IoShape<io::kRead, 0, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_read_c> : IoShape<io::kRead, 0, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_read_all> : IoShape<io::kRead, io::kCollective, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_read_all_c> : IoShape<io::kRead, io::kCollective, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_read_shared> : IoShape<io::kRead, 0, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_read_shared_c> : IoShape<io::kRead, 0, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_read_ordered> : IoShape<io::kRead, io::kCollective, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_read_ordered_c> : IoShape<io::kRead, io::kCollective, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_write> : IoShape<io::kWrite, 0, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_write_c> : IoShape<io::kWrite, 0, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_write_all> : IoShape<io::kWrite, io::kCollective, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_write_all_c> : IoShape<io::kWrite, io::kCollective, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_write_shared> : IoShape<io::kWrite, 0, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_write_shared_c> : IoShape<io::kWrite, 0, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_write_ordered> : IoShape<io::kWrite, io::kCollective, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_write_ordered_c> : IoShape<io::kWrite, io::kCollective, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_iread_at> : IoIAtShape<io::kRead, 0> {};
template <> struct Semantics<Fn::MPI_File_iread_at_c> : IoIAtShape<io::kRead, 0> {};
template <> struct Semantics<Fn::MPI_File_iread_at_all> : IoIAtShape<io::kRead, io::kCollective> {};
template <> struct Semantics<Fn::MPI_File_iread_at_all_c> : IoIAtShape<io::kRead, io::kCollective> {};
template <> struct Semantics<Fn::MPI_File_iwrite_at> : IoIAtShape<io::kWrite, 0> {};
template <> struct Semantics<Fn::MPI_File_iwrite_at_c> : IoIAtShape<io::kWrite, 0> {};
template <> struct Semantics<Fn::MPI_File_iwrite_at_all> : IoIAtShape<io::kWrite, io::kCollective> {};
template <> struct Semantics<Fn::MPI_File_iwrite_at_all_c> : IoIAtShape<io::kWrite, io::kCollective> {};
template <> struct Semantics<Fn::MPI_File_iread> : IoIShape<io::kRead, 0, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_iread_c> : IoIShape<io::kRead, 0, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_iread_all> : IoIShape<io::kRead, io::kCollective, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_iread_all_c> : IoIShape<io::kRead, io::kCollective, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_iread_shared> : IoIShape<io::kRead, 0, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_iread_shared_c> : IoIShape<io::kRead, 0, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_iwrite> : IoIShape<io::kWrite, 0, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_iwrite_c> : IoIShape<io::kWrite, 0, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_iwrite_all> : IoIShape<io::kWrite, io::kCollective, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_iwrite_all_c> : IoIShape<io::kWrite, io::kCollective, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_iwrite_shared> : IoIShape<io::kWrite, 0, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_iwrite_shared_c> : IoIShape<io::kWrite, 0, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_read_at_all_begin> : IoAtBeginShape<io::kRead> {};
template <> struct Semantics<Fn::MPI_File_read_at_all_begin_c> : IoAtBeginShape<io::kRead> {};
template <> struct Semantics<Fn::MPI_File_write_at_all_begin> : IoAtBeginShape<io::kWrite> {};
template <> struct Semantics<Fn::MPI_File_write_at_all_begin_c> : IoAtBeginShape<io::kWrite> {};
template <> struct Semantics<Fn::MPI_File_read_all_begin> : IoBeginShape<io::kRead, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_read_all_begin_c> : IoBeginShape<io::kRead, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_write_all_begin> : IoBeginShape<io::kWrite, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_write_all_begin_c> : IoBeginShape<io::kWrite, io::kIndividual> {};
template <> struct Semantics<Fn::MPI_File_read_ordered_begin> : IoBeginShape<io::kRead, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_read_ordered_begin_c> : IoBeginShape<io::kRead, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_write_ordered_begin> : IoBeginShape<io::kWrite, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_write_ordered_begin_c> : IoBeginShape<io::kWrite, io::kShared> {};
template <> struct Semantics<Fn::MPI_File_read_at_all_end> : IoEndShape {};
template <> struct Semantics<Fn::MPI_File_write_at_all_end> : IoEndShape {};
template <> struct Semantics<Fn::MPI_File_read_all_end> : IoEndShape {};
template <> struct Semantics<Fn::MPI_File_write_all_end> : IoEndShape {};
template <> struct Semantics<Fn::MPI_File_read_ordered_end> : IoEndShape {};
template <> struct Semantics<Fn::MPI_File_write_ordered_end> : IoEndShape {};
// clang-format on

}  // namespace mpisight::interpose
