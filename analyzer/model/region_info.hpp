// What the checks need to know about an MPI function from its region alone: which collective it is, whether it
// blocks, and the few functions with a meaning of their own (MPI_Finalize, MPI_Request_free).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/rma_call.hpp"
#include "schema/collective_op.hpp"
#include "trace/definitions.hpp"

namespace mpisight::analyzer {

enum class CallKind : std::uint8_t {
  kOther,        // not an MPI function, or one without a special meaning here
  kMpi,          // an MPI function
  kFinalize,     // MPI_Finalize
  kRequestFree,  // MPI_Request_free
  kReceive,      // blocking receive-like calls: MPI_Recv, MPI_Probe, MPI_Wait*, MPI_Sendrecv...
};

struct RegionInfo {
  std::string name;  // "MPI_Bcast"
  bool is_mpi = false;
  CallKind kind = CallKind::kOther;
  // The blocking collective this function performs, if it is one (MPI_Bcast and MPI_Bcast_c: kBcast).
  std::optional<schema::CollectiveOp> collective;
  // Functions some checks single out, resolved once per region so that no check compares names per event.
  bool is_sendrecv = false;       // MPI_Sendrecv(_c): two buffers (MPI_Sendrecv_replace has one)
  bool is_standard_send = false;  // MPI_Send(_c)
  bool is_start = false;          // MPI_Start, MPI_Startall
  bool is_completion = false;     // every Wait and Test (not MPI_Test_cancelled)
  RmaCall rma_call = RmaCall::kOther;
};

[[nodiscard]] RegionInfo classify_region(const trace::Region& region);

// "MPI_Bcast" for kBcast: how an operation reads in messages.
[[nodiscard]] std::string_view collective_name(schema::CollectiveOp op) noexcept;

}  // namespace mpisight::analyzer
