// The catalogue; ids are "family.bug" and never change meaning once released.
#include "findings/check_catalog.hpp"

#include <array>

namespace mpisight::analyzer {
namespace {

constexpr std::array<CheckInfo, 14> kCatalog = {{
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
    {"messages.unmatched_receive", "Receive completed without a matching send in the trace", Severity::kWarning},
    {"errors.return_code", "MPI call returned an error code", Severity::kError},
    {"messages.type_mismatch", "Message received with a type signature other than the one it was sent with",
     Severity::kError},
    {"messages.deadlock", "Every rank blocked in an MPI call at the end of a run that never finished",
     Severity::kError},
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
