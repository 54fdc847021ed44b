// Lookups over TraceDefinitions, and the proof that the OTF2-free enums carry OTF2's values.
#include "trace/definitions.hpp"

#include <algorithm>
#include <otf2/otf2.h>

#include "trace/events.hpp"

namespace mpisight::trace {

static_assert(static_cast<int>(RegionRole::kPoint2Point) == OTF2_REGION_ROLE_POINT2POINT);
static_assert(static_cast<int>(RegionRole::kCollOne2All) == OTF2_REGION_ROLE_COLL_ONE2ALL);
static_assert(static_cast<int>(RegionRole::kBarrier) == OTF2_REGION_ROLE_BARRIER);
static_assert(static_cast<int>(RegionRole::kFileIoMetadata) == OTF2_REGION_ROLE_FILE_IO_METADATA);
static_assert(static_cast<int>(Paradigm::kMpi) == OTF2_PARADIGM_MPI);
static_assert(static_cast<int>(Paradigm::kKokkos) == OTF2_PARADIGM_KOKKOS);
static_assert(static_cast<int>(LocationType::kCpuThread) == OTF2_LOCATION_TYPE_CPU_THREAD);
static_assert(static_cast<int>(LocationType::kMetric) == OTF2_LOCATION_TYPE_METRIC);
static_assert(static_cast<int>(LocationGroupType::kProcess) == OTF2_LOCATION_GROUP_TYPE_PROCESS);
static_assert(static_cast<int>(LocationGroupType::kAccelerator) == OTF2_LOCATION_GROUP_TYPE_ACCELERATOR);
static_assert(static_cast<int>(GroupType::kCommLocations) == OTF2_GROUP_TYPE_COMM_LOCATIONS);
static_assert(static_cast<int>(GroupType::kCommGroup) == OTF2_GROUP_TYPE_COMM_GROUP);
static_assert(static_cast<int>(GroupType::kCommSelf) == OTF2_GROUP_TYPE_COMM_SELF);
static_assert(static_cast<int>(CollectiveOp::kAllreduce) == OTF2_COLLECTIVE_OP_ALLREDUCE);
static_assert(static_cast<int>(CollectiveOp::kDestroyHandleAndDeallocate) ==
              OTF2_COLLECTIVE_OP_DESTROY_HANDLE_AND_DEALLOCATE);
static_assert(kRootNone == OTF2_COLLECTIVE_ROOT_NONE);
static_assert(kRootSelf == OTF2_COLLECTIVE_ROOT_SELF);
static_assert(kRootThisGroup == OTF2_COLLECTIVE_ROOT_THIS_GROUP);

std::optional<WorldRank> TraceDefinitions::world_rank(CommId comm, std::uint32_t rank_in_comm,
                                                      LocationId caller) const {
  auto it = comms.find(comm);
  if (it == comms.end()) {
    return std::nullopt;
  }
  const Communicator& found = it->second;
  if (found.is_self) {
    return rank_in_comm == 0 ? world_rank_of(caller) : std::nullopt;
  }
  const std::vector<WorldRank>* group = &found.world_ranks;
  if (found.is_inter()) {
    // Peers of an intercommunicator are ranks of the other group than the caller's.
    const std::optional<WorldRank> me = world_rank_of(caller);
    if (!me) {
      return std::nullopt;
    }
    const bool in_a = std::find(found.world_ranks.begin(), found.world_ranks.end(), *me) != found.world_ranks.end();
    group = in_a ? &found.remote_world_ranks : &found.world_ranks;
  }
  const std::vector<WorldRank>& ranks = *group;
  return rank_in_comm < ranks.size() ? std::optional<WorldRank>(ranks[rank_in_comm]) : std::nullopt;
}

std::optional<WorldRank> TraceDefinitions::world_rank_of(LocationId location) const {
  auto it = locations.find(location);
  return it != locations.end() ? it->second.world_rank : std::nullopt;
}

std::optional<LocationId> TraceDefinitions::location_of(WorldRank rank) const {
  return rank < rank_locations.size() ? std::optional<LocationId>(rank_locations[rank]) : std::nullopt;
}

const Region* TraceDefinitions::find_region(RegionId region) const {
  auto it = regions.find(region);
  return it != regions.end() ? &it->second : nullptr;
}

std::optional<CallSite> TraceDefinitions::call_site(CallingContextId context) const {
  auto it = calling_contexts.find(context);
  if (it == calling_contexts.end()) {
    return std::nullopt;
  }
  CallSite site;
  site.function = region_name(it->second.region);
  if (it->second.source_location) {
    if (auto location = source_locations.find(*it->second.source_location); location != source_locations.end()) {
      site.file = location->second.file;
      site.line = location->second.line;
    }
  }
  return site;
}

std::string TraceDefinitions::region_name(RegionId region) const {
  const Region* found = find_region(region);
  return found != nullptr ? found->name : "<region " + std::to_string(region) + ">";
}

}  // namespace mpisight::trace
