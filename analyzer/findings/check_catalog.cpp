// The catalogue; ids are "family.bug" and never change meaning once released.
#include "findings/check_catalog.hpp"

#include <array>

namespace mpisight::analyzer {
namespace {

constexpr std::array<CheckInfo, 30> kCatalog = {{
    {"requests.leak", "Nonblocking request never completed or freed before MPI_Finalize", Severity::kError},
    {"collectives.mismatch", "Ranks called different collective operations at the same point on a communicator",
     Severity::kError},
    {"collectives.reduction_mismatch", "Ranks gave different reduction operations to the same collective call",
     Severity::kError},
    {"collectives.root_mismatch", "Ranks gave different roots to the same collective call", Severity::kError},
    {"collectives.size_mismatch", "Ranks gave inconsistent data sizes to the same collective call", Severity::kError},
    {"collectives.missing_rank", "Some ranks of a communicator never entered a collective the others entered",
     Severity::kError},
    {"collectives.type_mismatch", "Ranks gave type signatures that do not match to the same collective call",
     Severity::kError},
    {"collectives.kind_mismatch", "A blocking and a nonblocking collective were meant to match", Severity::kError},
    {"collectives.freed_comm", "Collective called on a communicator the rank had already freed", Severity::kError},
    {"messages.unreceived", "Message sent but never received", Severity::kError},
    {"messages.unmatched_receive", "Receive without a matching send in the trace", Severity::kWarning},
    {"errors.return_code", "MPI call returned an error code", Severity::kError},
    {"messages.type_mismatch", "Message received with a type signature other than the one it was sent with",
     Severity::kError},
    {"messages.deadlock", "Every rank blocked in an MPI call at the end of a run that never finished",
     Severity::kError},
    // Window synchronisation (RMA).
    {"rma.outside_epoch", "RMA operation outside any access epoch to its target", Severity::kError},
    {"rma.fence_mismatch", "Members of a window called MPI_Win_fence different numbers of times", Severity::kError},
    {"rma.pscw_mismatch", "Post/start/complete/wait epochs that do not pair up", Severity::kError},
    {"rma.lock_misuse", "Window lock taken twice, released without being taken, or mixed with lock_all",
     Severity::kError},
    {"rma.epoch_open", "RMA epoch still open at MPI_Win_free or MPI_Finalize", Severity::kError},
    {"rma.conflict", "Conflicting accesses to overlapping window memory in one epoch", Severity::kError},
    {"rma.origin_buffer_reuse", "Origin buffer of a pending RMA operation used by another MPI call", Severity::kError},
    {"requests.handle_overwritten", "MPI_Request variable overwritten while its request was still pending",
     Severity::kError},
    {"requests.persistent_misuse", "Persistent request started while active, or waited for without a start",
     Severity::kError},
    {"requests.free_active_receive", "MPI_Request_free on a receive request that had not completed", Severity::kError},
    {"requests.buffer_reuse", "Buffer of a pending nonblocking operation used by another MPI call before completion",
     Severity::kError},
    {"messages.truncation", "Message received into a buffer too small for it (MPI_ERR_TRUNCATE)", Severity::kError},
    {"messages.wildcard_race",
     "MPI_ANY_SOURCE receive whose match depended on timing: another pending message "
     "could have matched it",
     Severity::kWarning},
    {"messages.unsafe_send_cycle",
     "Cycle of MPI_Send calls that completed only because MPI buffered them: "
     "would deadlock without buffering",
     Severity::kError},
    // Parameters accepted but invalid (issue 4, section 5).
    {"params.aliased_buffers", "Send and receive buffers of one call overlap", Severity::kError},
    {"params.invalid_argument", "Call accepted a rank, root, tag or count that is invalid for it", Severity::kError},
}};

}  // namespace

std::span<const CheckInfo> check_catalog() noexcept {
  return kCatalog;
}

const CheckInfo* find_check(std::string_view id) noexcept {
  for (const CheckInfo& info : kCatalog) {
    if (info.id == id) {
      return &info;
    }
  }
  return nullptr;
}

}  // namespace mpisight::analyzer
