// The Environment initialises and finalizes MPI itself when nobody else did (own main, no test harness), and
// reports library facts; run at 2 ranks with an exchange to show MPI really works in between.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mpisight/p2p.hpp"

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

}  // namespace

int main(int argc, char** argv) {
  expect(!mpisight::is_initialized(), "MPI not initialised before the Environment");
  {
    const mpisight::Environment env(argc, argv, mpisight::ThreadLevel::kFunneled);
    expect(mpisight::is_initialized(), "initialised by the Environment");
    expect(env.owns_mpi(), "the Environment owns MPI");
    expect(env.thread_level() >= mpisight::ThreadLevel::kFunneled, "thread level provided");
    {
      const mpisight::Environment nested;  // MPI already up: this one neither initialises nor finalizes
      expect(!nested.owns_mpi(), "a second Environment does not own MPI");
    }
    expect(!mpisight::is_finalized(), "still usable after the nested Environment");
    const auto comm = mpisight::world();
    const int peer = comm.rank() ^ 1;
    if (peer < comm.size()) {
      mpisight::send(comm, comm.rank() + 100, peer, 0);
      expect(mpisight::recv<int>(comm, peer, 0) == peer + 100, "exchange between the pair");
    }
    expect(!mpisight::processor_name().empty(), "processor name");
    expect(mpisight::library_version().find("MPICH") != std::string::npos, "library version names MPICH");
    expect(mpisight::standard_version().major >= 4, "MPI 4");
    const double t0 = mpisight::wtime();
    expect(mpisight::wtime() >= t0 && mpisight::wtick() > 0.0, "timers");
    // Errors on world come back as exceptions.
    bool threw = false;
    try {
      mpisight::send(comm, 1, comm.size(), 0);
    } catch (const mpisight::Error& e) {
      threw = e.error_class() == MPI_ERR_RANK;
    }
    expect(threw, "an invalid rank throws mpisight::Error with MPI_ERR_RANK");
  }
  expect(mpisight::is_finalized(), "finalized by the Environment");
  if (failures == 0) {
    std::printf("environment_test: all checks passed\n");
  }
  return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
