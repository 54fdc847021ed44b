// The recorder's per-function switches, which every wrapped call reads: MPISIGHT_FILTER applied at load,
// MPI_Pcontrol's pause sparing only what the tracer always records, and everything off once tracing stops.
// ctest runs this with MPISIGHT_TRACE_DIR set and MPISIGHT_FILTER=-MPI_Wtime,-family:collective.
#include <algorithm>
#include <gtest/gtest.h>

#include "core/filter.hpp"
#include "core/function_info.hpp"
#include "core/recorder.hpp"

namespace mpisight::recorder {
namespace {

std::size_t index_of(std::string_view name) {
  const std::optional<std::size_t> found = function_index(name);
  EXPECT_TRUE(found.has_value()) << name;
  return found.value_or(0);
}

bool switched_on(std::string_view name) {
  return records(index_of(name));
}

std::size_t switched_on_count() {
  std::size_t count = 0;
  for (std::size_t fn = 0; fn < function_table().size(); ++fn) {
    count += records(fn) ? 1 : 0;
  }
  return count;
}

// One test, in order: the switches are process-wide state, and stopping cannot be undone.
TEST(Switches, FollowTheFilterThePauseAndTheEndOfTracing) {
  ASSERT_TRUE(recording()) << "MPISIGHT_TRACE_DIR must be set by ctest";
  ASSERT_LE(function_table().size(), kMaxFunctions);
  EXPECT_FALSE(switched_on("MPI_Wtime"));
  EXPECT_FALSE(switched_on("MPI_Allreduce"));
  EXPECT_TRUE(switched_on("MPI_Comm_rank"));
  EXPECT_TRUE(switched_on("MPI_Send"));
  const auto& filtered_in = settings().recorded_functions;
  EXPECT_EQ(switched_on_count(), static_cast<std::size_t>(std::count(filtered_in.begin(), filtered_in.end(), true)));

  set_paused(true);
  EXPECT_FALSE(switched_on("MPI_Comm_rank"));
  EXPECT_FALSE(switched_on("MPI_Send"));
  for (const char* needed : {"MPI_Init", "MPI_Init_thread", "MPI_Finalize", "MPI_Pcontrol"}) {
    EXPECT_TRUE(switched_on(needed)) << needed;
  }
  EXPECT_EQ(switched_on_count(), 4U);
  EXPECT_TRUE(recording()) << "a pause keeps the journals open";

  set_paused(false);
  EXPECT_TRUE(switched_on("MPI_Comm_rank"));
  EXPECT_FALSE(switched_on("MPI_Wtime")) << "resuming restores the filter, not everything";

  stop_recording(journal::StopReason::kFinalized);
  EXPECT_EQ(switched_on_count(), 0U);
  set_paused(false);
  EXPECT_EQ(switched_on_count(), 0U) << "MPI_Pcontrol after finalize must not restart recording";
}

}  // namespace
}  // namespace mpisight::recorder
