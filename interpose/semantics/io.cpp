// The out-of-line part of the MPI-IO family: the file registry and the calls that open, close, delete, seek and
// flush files.
#include "semantics/io.hpp"

#include <atomic>
#include <cstring>
#include <otf2/OTF2_Events.h>

#include "core/no_destroy.hpp"
#include "semantics/handle_table.hpp"

namespace mpisight::interpose {
namespace io {
namespace {

using FileTable = HandleTable<FileInfo, 1024>;

FileTable& files() noexcept {
  static detail::NoDestroy<FileTable> table;
  return *table;
}

std::atomic<std::uint64_t> g_next_handle{0};
thread_local std::uint64_t t_next_operation_id __attribute__((tls_model("initial-exec"))) = 1;

std::uint64_t key_of(MPI_File fh) noexcept {
  return reinterpret_cast<std::uintptr_t>(fh);
}

template <std::size_t N>
void copy_name(char (&to)[N], const char* from) noexcept {
  if (from != nullptr) {
    std::strncpy(to, from, N - 1);
  }
}

OTF2_IoSeekOption seek_option(int whence) noexcept {
  if (whence == MPI_SEEK_CUR) {
    return OTF2_IO_SEEK_FROM_CURRENT;
  }
  return whence == MPI_SEEK_END ? OTF2_IO_SEEK_FROM_END : OTF2_IO_SEEK_FROM_START;
}

template <class Position>
int record_seek(CallScope& scope, MPI_File fh, MPI_Offset offset, int whence, int result, Position position) {
  const FileInfo* file = find_file(fh);
  if (file == nullptr || result != MPI_SUCCESS) {
    return result;
  }
  // The shared pointer may have moved again by the time we could ask (other ranks write on): a seek to an
  // absolute position is known without asking.
  MPI_Offset now = offset;
  if (whence != MPI_SEEK_SET) {
    position(fh, &now);
  }
  scope.record_at_leave(
      journal::IoSeek{{.arg = seek_option(whence)}, file->handle, offset, static_cast<std::uint64_t>(now)});
  return result;
}

}  // namespace

FileInfo* find_file(MPI_File fh) noexcept {
  return fh == MPI_FILE_NULL ? nullptr : files().find(key_of(fh));
}

std::uint64_t next_operation_id() noexcept {
  return t_next_operation_id++;
}

std::int64_t position(MPI_File fh) noexcept {
  MPI_Offset offset = 0;
  return PMPI_File_get_position(fh, &offset) == MPI_SUCCESS ? offset : journal::kNoOffset;
}

}  // namespace io

int Semantics<Fn::MPI_File_open>::call(CallScope& scope, decltype(&PMPI_File_open) pmpi, MPI_Comm comm,
                                       const char* filename, int amode, MPI_Info info, MPI_File* fh) {
  const int result = pmpi(comm, filename, amode, info, fh);
  if (result != MPI_SUCCESS) {
    return result;
  }
  io::FileInfo file{io::g_next_handle.fetch_add(1, std::memory_order_relaxed), comm_id(comm), 0};
  if (io::files().insert(io::key_of(*fh), file)) {
    journal::IoCreateHandle record{{.arg = file.comm}, file.handle, static_cast<std::uint32_t>(amode), 0, {}};
    io::copy_name(record.name, filename);
    scope.record_at_leave(record);
  }
  return result;
}

int Semantics<Fn::MPI_File_close>::call(CallScope& scope, decltype(&PMPI_File_close) pmpi, MPI_File* fh) {
  const MPI_File handle = *fh;
  if (const io::FileInfo* file = io::find_file(handle)) {
    scope.record_at_enter(journal::IoDestroyHandle{{}, file->handle});
    io::files().erase(io::key_of(handle));
  }
  return pmpi(fh);
}

int Semantics<Fn::MPI_File_delete>::call(CallScope& scope, decltype(&PMPI_File_delete) pmpi, const char* filename,
                                         MPI_Info info) {
  const int result = pmpi(filename, info);
  if (result == MPI_SUCCESS) {
    journal::IoDeleteFile record{{}, {}};
    io::copy_name(record.name, filename);
    scope.record_at_leave(record);
  }
  return result;
}

int Semantics<Fn::MPI_File_sync>::call(CallScope& scope, decltype(&PMPI_File_sync) pmpi, MPI_File fh) {
  const io::FileInfo* file = io::find_file(fh);
  if (file == nullptr) {
    return pmpi(fh);
  }
  const std::uint64_t id = io::next_operation_id();
  io::begin(scope, *file, io::Mode::kFlush, io::kCollective, 0, journal::kNoOffset, id);
  const int result = pmpi(fh);
  scope.record_at_leave(journal::IoOperationComplete{{}, file->handle, id, 0});
  return result;
}

int Semantics<Fn::MPI_File_seek>::call(CallScope& scope, decltype(&PMPI_File_seek) pmpi, MPI_File fh, MPI_Offset offset,
                                       int whence) {
  return io::record_seek(scope, fh, offset, whence, pmpi(fh, offset, whence), PMPI_File_get_position);
}

int Semantics<Fn::MPI_File_seek_shared>::call(CallScope& scope, decltype(&PMPI_File_seek_shared) pmpi, MPI_File fh,
                                              MPI_Offset offset, int whence) {
  return io::record_seek(scope, fh, offset, whence, pmpi(fh, offset, whence), PMPI_File_get_position_shared);
}

}  // namespace mpisight::interpose
