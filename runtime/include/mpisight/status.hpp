// The status of a completed receive: who sent it, with which tag, and how much arrived.
#pragma once

#include <cstddef>
#include <mpi.h>
#include <source_location>

#include "mpisight/call_site.hpp"
#include "mpisight/datatype.hpp"

namespace mpisight {

class Status {
 public:
  Status() = default;
  explicit Status(const MPI_Status& status) : status_(status) {}

  [[nodiscard]] int source() const noexcept { return status_.MPI_SOURCE; }
  [[nodiscard]] int tag() const noexcept { return status_.MPI_TAG; }
  [[nodiscard]] int error() const noexcept { return status_.MPI_ERROR; }

  // Elements of T received (MPI_UNDEFINED as -1 if the byte count is not a multiple of T's size).
  template <Mapped T>
  [[nodiscard]] std::ptrdiff_t count(std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    MPI_Count count = 0;
    MPI_Get_count_c(&status_, datatype_of<T>(), &count);
    return count == MPI_UNDEFINED ? -1 : static_cast<std::ptrdiff_t>(count);
  }
  [[nodiscard]] std::size_t bytes(std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    MPI_Count count = 0;
    MPI_Get_count_c(&status_, MPI_BYTE, &count);
    return static_cast<std::size_t>(count);
  }
  [[nodiscard]] bool cancelled(std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    int flag = 0;
    MPI_Test_cancelled(&status_, &flag);
    return flag != 0;
  }

  [[nodiscard]] const MPI_Status& native() const noexcept { return status_; }
  [[nodiscard]] MPI_Status& native() noexcept { return status_; }

 private:
  MPI_Status status_{};
};

}  // namespace mpisight
