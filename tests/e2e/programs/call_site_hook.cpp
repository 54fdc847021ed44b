// Calls MPI through a small C++ wrapper that names its caller's line with the tracer's call-site hook, as the
// mpisight C++ API does; lines marked "site:" are where tests/e2e/attributes_test.cpp expects the calls.
#include <cstdio>
#include <mpi.h>
#include <source_location>

#include "mpisight/trace_hook.h"

namespace {

// Without the tracer the weak hook functions are null and nothing is named.
class NamedCallSite {
 public:
  explicit NamedCallSite(const std::source_location& where) {
    if (mpisight_call_site_begin != nullptr) {
      mpisight_call_site_begin(where.file_name(), where.line(), where.function_name());
    }
  }
  NamedCallSite(const NamedCallSite&) = delete;
  NamedCallSite& operator=(const NamedCallSite&) = delete;
  ~NamedCallSite() {
    if (mpisight_call_site_end != nullptr) {
      mpisight_call_site_end();
    }
  }
};

int sum_over_ranks(int value, std::source_location where = std::source_location::current()) {
  const NamedCallSite site(where);
  int sum = 0;
  MPI_Allreduce(&value, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  return sum;
}

void wait_for_all(std::source_location where = std::source_location::current()) {
  const NamedCallSite site(where);
  MPI_Barrier(MPI_COMM_WORLD);
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const int first = sum_over_ranks(1);      /* site: hook */
  wait_for_all();                           /* site: hook */
  const int second = sum_over_ranks(first); /* site: hook */
  MPI_Barrier(MPI_COMM_WORLD);              /* site: plain */
  if (rank == 0) {
    std::printf("call_site_hook: %d %d\n", first, second);
  }
  MPI_Finalize();
  return 0;
}
