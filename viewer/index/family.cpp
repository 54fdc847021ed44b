// Region -> family: role first (what mpisight's tracer and Score-P write), then the MPI name.
#include "index/family.hpp"

#include <array>

namespace mpisight::viewer {
namespace {

using trace::RegionRole;

bool starts_with_any(std::string_view name, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view prefix : prefixes) {
    if (name.starts_with(prefix)) {
      return true;
    }
  }
  return false;
}

Family family_by_name(std::string_view name) {
  if (starts_with_any(name, {"MPI_Send", "MPI_Recv", "MPI_Isend", "MPI_Irecv", "MPI_Ssend", "MPI_Bsend", "MPI_Rsend",
                             "MPI_Issend", "MPI_Ibsend", "MPI_Irsend", "MPI_Sendrecv", "MPI_Probe", "MPI_Iprobe",
                             "MPI_Mprobe", "MPI_Improbe", "MPI_Mrecv", "MPI_Imrecv"})) {
    return Family::kP2p;
  }
  if (starts_with_any(name, {"MPI_Win_", "MPI_Put", "MPI_Get", "MPI_Rput", "MPI_Rget", "MPI_Accumulate",
                             "MPI_Raccumulate", "MPI_Fetch_and_op", "MPI_Compare_and_swap"})) {
    return Family::kRma;
  }
  if (name.starts_with("MPI_File_")) {
    return Family::kIo;
  }
  if (starts_with_any(
          name, {"MPI_Barrier", "MPI_Ibarrier", "MPI_Bcast",     "MPI_Ibcast",     "MPI_Gather",   "MPI_Igather",
                 "MPI_Scatter", "MPI_Iscatter", "MPI_Allgather", "MPI_Iallgather", "MPI_Alltoall", "MPI_Ialltoall",
                 "MPI_Reduce",  "MPI_Ireduce",  "MPI_Allreduce", "MPI_Iallreduce", "MPI_Scan",     "MPI_Iscan",
                 "MPI_Exscan",  "MPI_Iexscan",  "MPI_Neighbor_", "MPI_Ineighbor_"})) {
    return Family::kCollective;
  }
  return Family::kOther;
}

}  // namespace

Family family_of(const trace::Region& region) {
  switch (region.role) {
    case RegionRole::kPoint2Point: return Family::kP2p;
    case RegionRole::kBarrier:
    case RegionRole::kImplicitBarrier:
    case RegionRole::kCollOne2All:
    case RegionRole::kCollAll2One:
    case RegionRole::kCollAll2All:
    case RegionRole::kCollOther: return Family::kCollective;
    case RegionRole::kRma: return Family::kRma;
    case RegionRole::kFileIo:
    case RegionRole::kFileIoMetadata: return Family::kIo;
    default: break;
  }
  if (region.paradigm == trace::Paradigm::kMpi || region.name.starts_with("MPI_")) {
    return family_by_name(region.name);
  }
  return Family::kUser;
}

std::string_view family_name(Family family) noexcept {
  static constexpr std::array<std::string_view, kFamilyCount> kNames = {"user", "p2p", "collective",
                                                                        "rma",  "io",  "other"};
  return kNames[static_cast<std::size_t>(family)];
}

}  // namespace mpisight::viewer
