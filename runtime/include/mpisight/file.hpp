// MPI-IO: File is an RAII handle (closed with its last owner) with open modes, typed views, reads and writes at
// explicit offsets (independent, collective, nonblocking). Offsets and counts are in elements of the view's type.
#pragma once

#include <memory>
#include <mpi.h>
#include <source_location>
#include <string>
#include <utility>

#include "mpisight/buffer.hpp"
#include "mpisight/call_site.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/error.hpp"
#include "mpisight/request.hpp"
#include "mpisight/status.hpp"

namespace mpisight {

enum class FileMode : int {
  kRead = MPI_MODE_RDONLY,
  kWrite = MPI_MODE_WRONLY,
  kReadWrite = MPI_MODE_RDWR,
  kCreate = MPI_MODE_CREATE,
  kExclusive = MPI_MODE_EXCL,
  kDeleteOnClose = MPI_MODE_DELETE_ON_CLOSE,
  kAppend = MPI_MODE_APPEND,
};

[[nodiscard]] constexpr FileMode operator|(FileMode a, FileMode b) {
  return static_cast<FileMode>(static_cast<int>(a) | static_cast<int>(b));
}

class File {
 public:
  // Collective over `comm`.
  File(const Communicator& comm, const std::string& path, FileMode mode,
       std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    MPI_File file = MPI_FILE_NULL;
    detail::check(MPI_File_open(comm.native(), path.c_str(), static_cast<int>(mode), MPI_INFO_NULL, &file),
                  "MPI_File_open", where);
    handle_ = std::make_unique<Handle>(file, where);
  }

  // Removes a file (no-op error if it does not exist is reported as Error).
  static void remove(const std::string& path, std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    detail::check(MPI_File_delete(path.c_str(), MPI_INFO_NULL), "MPI_File_delete", where);
  }

  // Collective: this rank sees the file as elements of T starting `displacement_bytes` in.
  template <Mapped T>
  void set_view(MPI_Offset displacement_bytes = 0, std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    detail::check(
        MPI_File_set_view(native(), displacement_bytes, datatype_of<T>(), datatype_of<T>(), "native", MPI_INFO_NULL),
        "MPI_File_set_view", where);
  }

  template <ContiguousBuffer R>
  Status write_at(MPI_Offset offset, const R& data, std::source_location where = std::source_location::current()) {
    return at_offset(MPI_File_write_at, "MPI_File_write_at", offset, detail::raw_buffer(data), where);
  }
  template <ContiguousBuffer R>
  Status write_at_all(MPI_Offset offset, const R& data, std::source_location where = std::source_location::current()) {
    return at_offset(MPI_File_write_at_all, "MPI_File_write_at_all", offset, detail::raw_buffer(data), where);
  }
  template <MutableBuffer R>
  Status read_at(MPI_Offset offset, R&& out, std::source_location where = std::source_location::current()) {
    return at_offset(MPI_File_read_at, "MPI_File_read_at", offset, detail::raw_buffer(out), where);
  }
  template <MutableBuffer R>
  Status read_at_all(MPI_Offset offset, R&& out, std::source_location where = std::source_location::current()) {
    return at_offset(MPI_File_read_at_all, "MPI_File_read_at_all", offset, detail::raw_buffer(out), where);
  }

  // Nonblocking write of an owned container (moved in).
  template <ContiguousBuffer C>
  requires(!std::is_lvalue_reference_v<C> && !std::ranges::borrowed_range<C>) Request
      iwrite_at(MPI_Offset offset, C&& data, std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    auto state = std::make_unique<detail::RequestState>();
    auto owned = std::make_shared<const C>(std::move(data));
    state->keep = owned;
    state->origin = where;
    state->operation = "iwrite_at";
    const detail::RawBuffer b = detail::raw_buffer(*owned);
    detail::check(MPI_File_iwrite_at(native(), offset, b.data, detail_count(b, where), b.type, &state->request),
                  "MPI_File_iwrite_at", where);
    state->active = true;
    return make_request(std::move(state));
  }
  // Nonblocking read into an owned container; the future hands it back filled.
  template <ContiguousBuffer C>
  requires(!std::is_lvalue_reference_v<C> && !std::ranges::borrowed_range<C>) Future<C> iread_at(
      MPI_Offset offset, C&& buffer, std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    auto state = std::make_unique<detail::ValueState<C>>();
    state->origin = where;
    state->operation = "iread_at";
    state->value.emplace(std::move(buffer));
    const detail::RawBuffer b = detail::raw_buffer(*state->value);
    detail::check(MPI_File_iread_at(native(), offset, b.data, detail_count(b, where), b.type, &state->request),
                  "MPI_File_iread_at", where);
    state->active = true;
    return Future<C>(std::move(state));
  }

  [[nodiscard]] MPI_Offset size_bytes(std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    MPI_Offset size = 0;
    detail::check(MPI_File_get_size(native(), &size), "MPI_File_get_size", where);
    return size;
  }
  void sync(std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    detail::check(MPI_File_sync(native()), "MPI_File_sync", where);
  }

  [[nodiscard]] MPI_File native() const noexcept { return handle_->file; }

 private:
  // Closed when the File goes; the close is attributed to the user's line that opened it.
  struct Handle {
    MPI_File file;
    std::source_location origin;
    Handle(MPI_File f, const std::source_location& where) : file(f), origin(where) {}
    ~Handle() {
      if (file == MPI_FILE_NULL) {
        return;
      }
      const detail::CallSite site(origin);
      if (!is_finalized()) {
        MPI_File_close(&file);
      }
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
  };

  // One explicit-offset transfer: MPI_File_{read,write}_at[_all] share their shape.
  template <class Call>
  Status at_offset(Call call, const char* name, MPI_Offset offset, const detail::RawBuffer& b,
                   const std::source_location& where) {
    const detail::CallSite site(where);
    Status status;
    detail::check(call(native(), offset, b.data, detail_count(b, where), b.type, &status.native()), name, where);
    return status;
  }
  static int detail_count(const detail::RawBuffer& b, const std::source_location& where) {
    if (!b.fits_int()) {
      throw UsageError("file access of more than INT_MAX elements", where);
    }
    return static_cast<int>(b.count);
  }

  std::unique_ptr<Handle> handle_;
};

}  // namespace mpisight
