/* Registers OTF2's MPI collective callbacks, calling MPI through PMPI so the tracer never sees its own
 * traffic. Compiled as C: OTF2_MPI_Collectives.h is a C implementation header. */
#include <mpi.h>
#define OTF2_MPI_USE_PMPI
#include <otf2/OTF2_MPI_Collectives.h>

#include "otf2/mpi_collectives.h"

OTF2_ErrorCode mpisight_otf2_set_mpi_collectives(OTF2_Archive* archive, MPI_Comm comm) {
  return OTF2_MPI_Archive_SetCollectiveCallbacks(archive, comm, MPI_COMM_NULL);
}
