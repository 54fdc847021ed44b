// Point-to-point records. Sends are recorded before the PMPI call (what was asked), receives after it
// (what arrived: the status names the real source, tag and size).
#include "semantics/p2p.hpp"

#include "semantics/mpi_values.hpp"
#include "semantics/request_table.hpp"

namespace mpisight::interpose {

int Semantics<Fn::MPI_Send>::call(CallScope& scope, decltype(&PMPI_Send) pmpi, const void* buf, int count,
                                  MPI_Datatype datatype, int dest, int tag, MPI_Comm comm) {
  if (dest != MPI_PROC_NULL) {
    scope.record_at_enter(journal::MpiSend{{.arg = comm_id(comm)}, dest, tag, bytes_of(count, datatype)});
  }
  return pmpi(buf, count, datatype, dest, tag, comm);
}

int Semantics<Fn::MPI_Recv>::call(CallScope& scope, decltype(&PMPI_Recv) pmpi, void* buf, int count,
                                  MPI_Datatype datatype, int source, int tag, MPI_Comm comm, MPI_Status* status) {
  MPI_Status own_status;
  MPI_Status* used = status == MPI_STATUS_IGNORE ? &own_status : status;
  const int result = pmpi(buf, count, datatype, source, tag, comm, used);
  if (result == MPI_SUCCESS && used->MPI_SOURCE != MPI_PROC_NULL) {
    scope.record_at_leave(
        journal::MpiRecv{{.arg = comm_id(comm)}, used->MPI_SOURCE, used->MPI_TAG, received_bytes(*used)});
  }
  return result;
}

int Semantics<Fn::MPI_Isend>::call(CallScope& scope, decltype(&PMPI_Isend) pmpi, const void* buf, int count,
                                   MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, MPI_Request* request) {
  const int result = pmpi(buf, count, datatype, dest, tag, comm, request);
  if (result == MPI_SUCCESS && dest != MPI_PROC_NULL && comm_id(comm) != journal::kCommUnknown) {
    const std::uint64_t id = requests().track(*request, RequestKind::kIsend, comm_id(comm));
    // Stamped at enter: an eager message can be received before MPI_Isend returns.
    scope.record_at_enter(journal::MpiIsend{{.arg = comm_id(comm)}, dest, tag, bytes_of(count, datatype), id});
  }
  return result;
}

int Semantics<Fn::MPI_Irecv>::call(CallScope& scope, decltype(&PMPI_Irecv) pmpi, void* buf, int count,
                                   MPI_Datatype datatype, int source, int tag, MPI_Comm comm, MPI_Request* request) {
  const int result = pmpi(buf, count, datatype, source, tag, comm, request);
  if (result == MPI_SUCCESS && source != MPI_PROC_NULL && comm_id(comm) != journal::kCommUnknown) {
    const std::uint64_t id = requests().track(*request, RequestKind::kIrecv, comm_id(comm));
    scope.record_at_leave(journal::MpiIrecvRequest{{}, id});
  }
  return result;
}

}  // namespace mpisight::interpose
