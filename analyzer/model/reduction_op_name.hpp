// The name of a reduction a trace recorded as its MPI_Op handle value (collectives and RMA accumulates).
#pragma once

#include <cstdint>
#include <string>

namespace mpisight::analyzer {

// "MPI_SUM" for MPICH's predefined handles, "user op 0x..." for any other value.
[[nodiscard]] std::string reduction_op_name(std::uint32_t handle);

}  // namespace mpisight::analyzer
