// RAII MPI initialisation with a thread level, which also works when MPI was initialised elsewhere;
// timers, processor name and library version.
#pragma once

#include <mpi.h>
#include <source_location>
#include <string>

#include "mpisight/call_site.hpp"
#include "mpisight/error.hpp"

namespace mpisight {

enum class ThreadLevel {
  kSingle = MPI_THREAD_SINGLE,
  kFunneled = MPI_THREAD_FUNNELED,
  kSerialized = MPI_THREAD_SERIALIZED,
  kMultiple = MPI_THREAD_MULTIPLE,
};

[[nodiscard]] inline bool is_initialized() {
  int flag = 0;
  MPI_Initialized(&flag);
  return flag != 0;
}

[[nodiscard]] inline bool is_finalized() {
  int flag = 0;
  MPI_Finalized(&flag);
  return flag != 0;
}

class Environment {
 public:
  // Initialises MPI unless it already is; then the provided level must reach `requested` or this throws.
  explicit Environment(ThreadLevel requested = ThreadLevel::kSingle,
                       std::source_location where = std::source_location::current())
      : Environment(nullptr, nullptr, requested, where) {}

  Environment(int& argc, char**& argv, ThreadLevel requested = ThreadLevel::kSingle,
              std::source_location where = std::source_location::current())
      : Environment(&argc, &argv, requested, where) {}

  // Finalizes MPI only if this object initialised it.
  ~Environment() {
    if (owns_) {
      const detail::CallSite site(where_);  // the Finalized query too belongs to the user's Environment line
      if (!is_finalized()) {
        MPI_Finalize();
      }
    }
  }

  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  [[nodiscard]] ThreadLevel thread_level() const noexcept { return provided_; }
  // False when MPI was initialised before this object existed (and so will be finalized by someone else).
  [[nodiscard]] bool owns_mpi() const noexcept { return owns_; }

 private:
  Environment(int* argc, char*** argv, ThreadLevel requested, const std::source_location& where) : where_(where) {
    const detail::CallSite site(where);
    int provided = MPI_THREAD_SINGLE;
    if (is_initialized()) {
      detail::check(MPI_Query_thread(&provided), "MPI_Query_thread", where);
    } else {
      detail::check(MPI_Init_thread(argc, argv, static_cast<int>(requested), &provided), "MPI_Init_thread", where);
      owns_ = true;
    }
    provided_ = static_cast<ThreadLevel>(provided);
    // Errors come back as codes and become exceptions; communicators derived from world inherit this.
    detail::check(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler", where);
    detail::check(MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler", where);
    if (provided < static_cast<int>(requested)) {
      throw UsageError("MPI provides thread level " + std::to_string(provided) + ", below the requested " +
                           std::to_string(static_cast<int>(requested)),
                       where);
    }
  }

  std::source_location where_;
  ThreadLevel provided_ = ThreadLevel::kSingle;
  bool owns_ = false;
};

[[nodiscard]] inline double wtime() {
  return MPI_Wtime();
}
[[nodiscard]] inline double wtick() {
  return MPI_Wtick();
}

[[nodiscard]] inline std::string processor_name(std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  char name[MPI_MAX_PROCESSOR_NAME] = {};
  int length = 0;
  detail::check(MPI_Get_processor_name(name, &length), "MPI_Get_processor_name", where);
  return {name, static_cast<std::size_t>(length)};
}

[[nodiscard]] inline std::string library_version(std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  detail::check(MPI_Get_library_version(text, &length), "MPI_Get_library_version", where);
  return {text, static_cast<std::size_t>(length)};
}

struct StandardVersion {
  int major;
  int minor;
};

[[nodiscard]] inline StandardVersion standard_version() {
  StandardVersion version{0, 0};
  MPI_Get_version(&version.major, &version.minor);
  return version;
}

}  // namespace mpisight
