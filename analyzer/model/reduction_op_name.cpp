// MPICH numbers its predefined MPI_Op handles from 0x58000001 (MPI_MAX) in a fixed order; user-defined ops have
// other values.
#include "model/reduction_op_name.hpp"

#include <array>
#include <cstdio>
#include <string_view>

namespace mpisight::analyzer {

std::string reduction_op_name(std::uint32_t handle) {
  static constexpr std::array<std::string_view, 14> kNames = {
      "MPI_MAX", "MPI_MIN",  "MPI_SUM",  "MPI_PROD",   "MPI_LAND",   "MPI_BAND",    "MPI_LOR",
      "MPI_BOR", "MPI_LXOR", "MPI_BXOR", "MPI_MINLOC", "MPI_MAXLOC", "MPI_REPLACE", "MPI_NO_OP"};
  constexpr std::uint32_t kFirst = 0x58000001U;
  if (handle >= kFirst && handle - kFirst < kNames.size()) {
    return std::string(kNames[handle - kFirst]);
  }
  char text[32];
  std::snprintf(text, sizeof text, "user op 0x%x", handle);
  return text;
}

}  // namespace mpisight::analyzer
