// Turns the per-rank outcomes of a multi-rank GoogleTest run into one: rank 0 reports every other rank's failures as
// "[rank N] ..." failures of the same test, and every rank marks a test failed if it failed anywhere.
#pragma once

#include <gtest/gtest.h>
#include <mpi.h>
#include <string>
#include <string_view>

namespace mpisight::detail {

// Must be installed on every rank: each end-of-phase event below is a collective operation over `comm`.
class RankFailureListener final : public ::testing::EmptyTestEventListener {
 public:
  // `comm` spans all ranks, carries nothing but this listener's messages, and outlives the test run (not owned).
  explicit RankFailureListener(MPI_Comm comm);

  void OnTestPartResult(const ::testing::TestPartResult& result) override;

  // Failures can happen in environments, test suites' set-up/tear-down and tests; each phase ends with an exchange,
  // so a failure is reported in the phase it belongs to.
  void OnEnvironmentsSetUpEnd(const ::testing::UnitTest& /*unit_test*/) override { exchange(); }
  void OnTestEnd(const ::testing::TestInfo& /*test_info*/) override { exchange(); }
  void OnTestSuiteEnd(const ::testing::TestSuite& /*test_suite*/) override { exchange(); }
  void OnEnvironmentsTearDownEnd(const ::testing::UnitTest& /*unit_test*/) override { exchange(); }

 private:
  void exchange();
  void report_on_rank0(int from_rank, std::string_view encoded);

  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
  std::string pending_;  // this rank's failures since the last exchange, encoded (ranks other than 0)
  int pending_count_ = 0;
  bool pending_fatal_ = false;
  bool replaying_ = false;  // set while the listener itself adds failures, so they are not collected again
};

}  // namespace mpisight::detail
