// MPI failures as exceptions: the MPI error class and text, the MPI function, and the user's source line.
#pragma once

#include <mpi.h>
#include <source_location>
#include <stdexcept>
#include <string>

namespace mpisight {

class Error : public std::runtime_error {
 public:
  Error(int error_code, const char* mpi_function, const std::source_location& where)
      : std::runtime_error(describe(error_code, mpi_function, where)),
        error_code_(error_code),
        error_class_(class_of(error_code)),
        mpi_function_(mpi_function),
        where_(where) {}

  [[nodiscard]] int error_code() const noexcept { return error_code_; }
  // The portable MPI error class (MPI_ERR_RANK, MPI_ERR_TAG, ...).
  [[nodiscard]] int error_class() const noexcept { return error_class_; }
  [[nodiscard]] const char* mpi_function() const noexcept { return mpi_function_; }
  [[nodiscard]] const std::source_location& where() const noexcept { return where_; }

 private:
  static int class_of(int error_code) {
    int error_class = error_code;
    MPI_Error_class(error_code, &error_class);
    return error_class;
  }
  static std::string describe(int error_code, const char* mpi_function, const std::source_location& where) {
    char text[MPI_MAX_ERROR_STRING] = {};
    int length = 0;
    if (MPI_Error_string(error_code, text, &length) != MPI_SUCCESS) {
      length = 0;
    }
    return std::string(mpi_function) + " failed at " + where.file_name() + ":" + std::to_string(where.line()) + ": " +
           std::string(text, static_cast<std::size_t>(length)) + " (error class " +
           std::to_string(class_of(error_code)) + ")";
  }

  int error_code_;
  int error_class_;
  const char* mpi_function_;
  std::source_location where_;
};

// Misuse the API detects before MPI would (wrong sizes, a result read twice, ...): thrown at the user's line.
class UsageError : public std::logic_error {
 public:
  UsageError(const std::string& what, const std::source_location& where)
      : std::logic_error(std::string(where.file_name()) + ":" + std::to_string(where.line()) + ": " + what),
        where_(where) {}
  [[nodiscard]] const std::source_location& where() const noexcept { return where_; }

 private:
  std::source_location where_;
};

namespace detail {

// Out of line and cold: building the exception stays off the callers' fast path.
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_error(int rc, const char* mpi_function,
                                                               const std::source_location& where) {
  throw Error(rc, mpi_function, where);
}

inline void check(int rc, const char* mpi_function, const std::source_location& where) {
  if (rc != MPI_SUCCESS) [[unlikely]] {
    throw_error(rc, mpi_function, where);
  }
}

}  // namespace detail
}  // namespace mpisight
