/* C glue for OTF2's MPI collective callbacks (see mpi_collectives.c). */
#pragma once

#include <mpi.h>
#include <otf2/otf2.h>

#ifdef __cplusplus
extern "C" {
#endif

OTF2_ErrorCode mpisight_otf2_set_mpi_collectives(OTF2_Archive* archive, MPI_Comm comm);

#ifdef __cplusplus
}
#endif
