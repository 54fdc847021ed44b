! The ring as a pure `mpi_f08` program. Its MPI_Init reaches MPICH's C library as PMPI_Init, past the tracer, so
! under mpi-trace no rank ever starts tracing (README: Fortran); the test pins that down.
program ring_mpi_f08
  use mpi_f08
  use ring_f08_body
  implicit none
  logical :: ok

  call MPI_Init()
  ok = run_ring_f08('ring_mpi_f08')
  call MPI_Finalize()
  if (.not. ok) stop 1
end program ring_mpi_f08
