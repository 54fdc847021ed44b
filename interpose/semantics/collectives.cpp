// Collective records. Bcast: the root sends count*size to each of p ranks (itself included), every rank
// receives count*size. Allreduce counts like all-to-all: p*count*size each way, p-1 with MPI_IN_PLACE.
#include "semantics/collectives.hpp"

#include "semantics/mpi_values.hpp"

namespace mpisight::interpose {
namespace {

using journal::CollectiveOp;

// Runs the PMPI call between Begin and End; nothing is recorded on a communicator we cannot name yet.
template <class Call>
int collective(CallScope& scope, MPI_Comm comm, CollectiveOp op, std::int32_t root, std::uint64_t sent,
               std::uint64_t received, Call&& call) {
  const std::uint32_t id = comm_id(comm);
  if (id == journal::kCommUnknown) {
    return call();
  }
  scope.record_at_enter(journal::MpiCollectiveBegin{});
  const int result = call();
  scope.record_at_leave(journal::MpiCollectiveEnd{{.arg = id}, op, {}, root, sent, received});
  return result;
}

}  // namespace

int Semantics<Fn::MPI_Barrier>::call(CallScope& scope, decltype(&PMPI_Barrier) pmpi, MPI_Comm comm) {
  return collective(scope, comm, CollectiveOp::kBarrier, journal::kNoRoot, 0, 0, [&] { return pmpi(comm); });
}

int Semantics<Fn::MPI_Bcast>::call(CallScope& scope, decltype(&PMPI_Bcast) pmpi, void* buffer, int count,
                                   MPI_Datatype datatype, int root, MPI_Comm comm) {
  const std::uint64_t bytes = bytes_of(count, datatype);
  const bool is_root = comm_rank(comm) == root;
  const std::uint64_t sent = is_root ? bytes * static_cast<std::uint64_t>(comm_size(comm)) : 0;
  return collective(scope, comm, CollectiveOp::kBcast, root, sent, bytes,
                    [&] { return pmpi(buffer, count, datatype, root, comm); });
}

int Semantics<Fn::MPI_Allreduce>::call(CallScope& scope, decltype(&PMPI_Allreduce) pmpi, const void* sendbuf,
                                       void* recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm) {
  const auto peers = static_cast<std::uint64_t>(comm_size(comm) - (sendbuf == MPI_IN_PLACE ? 1 : 0));
  const std::uint64_t bytes = bytes_of(count, datatype) * peers;
  return collective(scope, comm, CollectiveOp::kAllreduce, journal::kNoRoot, bytes, bytes,
                    [&] { return pmpi(sendbuf, recvbuf, count, datatype, op, comm); });
}

}  // namespace mpisight::interpose
