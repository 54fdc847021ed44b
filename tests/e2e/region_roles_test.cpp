// Calls without communication meaning (datatypes, info, attributes, error handlers, MPI_T, MPIX, memory, timers)
// are Enter/Leave pairs of MPI-paradigm regions whose roles follow Score-P's choices.
#include <gtest/gtest.h>
#include <map>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

using trace::RegionRole;

TEST(RegionRoles, OtherFamiliesAreMpiRegionsWithScorePRoles) {
  const trace::Trace trace =
      trace_program("other-families", 2, MPISIGHT_OTHER_FAMILIES_PROGRAM, "other_families: OK\n").trace;
  // Every call the program makes, with its role: plain functions, except memory (Score-P: ALLOCATE/DEALLOCATE)
  // and the final reduction.
  const std::map<std::string, RegionRole> expected = {
      {"MPI_Init", RegionRole::kFunction},
      {"MPI_Comm_rank", RegionRole::kFunction},
      {"MPI_Type_contiguous", RegionRole::kFunction},
      {"MPI_Type_commit", RegionRole::kFunction},
      {"MPI_Type_free", RegionRole::kFunction},
      {"MPI_Info_create", RegionRole::kFunction},
      {"MPI_Info_set", RegionRole::kFunction},
      {"MPI_Info_free", RegionRole::kFunction},
      {"MPI_Comm_create_keyval", RegionRole::kFunction},
      {"MPI_Comm_set_attr", RegionRole::kFunction},
      {"MPI_Comm_delete_attr", RegionRole::kFunction},
      {"MPI_Comm_free_keyval", RegionRole::kFunction},
      {"MPI_Comm_set_errhandler", RegionRole::kFunction},
      {"MPI_T_init_thread", RegionRole::kFunction},
      {"MPI_T_cvar_get_num", RegionRole::kFunction},
      {"MPI_T_finalize", RegionRole::kFunction},
      {"MPIX_Query_cuda_support", RegionRole::kFunction},
      {"MPI_Alloc_mem", RegionRole::kAllocate},
      {"MPI_Free_mem", RegionRole::kDeallocate},
      {"MPI_Wtime", RegionRole::kFunction},
      {"MPI_Wtick", RegionRole::kFunction},
      {"MPI_Get_processor_name", RegionRole::kFunction},
      {"MPI_Allreduce", RegionRole::kCollAll2All},
      {"MPI_Finalize", RegionRole::kFunction},
  };
  for (trace::WorldRank rank = 0; rank < 2; ++rank) {
    const trace::LocationId location = trace.definitions.location_of(rank).value();
    std::map<std::string, std::size_t> entered;
    for (const auto& enter : trace.events_of<trace::Enter>(location)) {
      const trace::Region* region = trace.definitions.find_region(enter.region);
      ASSERT_NE(region, nullptr) << "undefined region " << enter.region;
      ++entered[region->name];
      EXPECT_EQ(region->paradigm, trace::Paradigm::kMpi) << region->name;
      const auto it = expected.find(region->name);
      if (it == expected.end()) {
        ADD_FAILURE() << "rank " << rank << " entered " << region->name << ", which the program never calls";
        continue;
      }
      EXPECT_EQ(region->role, it->second) << region->name << " has role " << static_cast<int>(region->role);
    }
    for (const auto& [name, role] : expected) {
      EXPECT_EQ(entered[name], 1U) << "rank " << rank << " " << name;
    }
    EXPECT_EQ(trace.events_of<trace::Leave>(location).size(), trace.events_of<trace::Enter>(location).size());
  }
}

}  // namespace
}  // namespace mpisight::testkit
