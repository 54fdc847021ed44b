! The `mpi_f08` ring between MPI_INIT and MPI_FINALIZE called through `use mpi`, which the tracer sees: its trace
! shows which mpi_f08 calls reach the C MPI_ symbols (buffer routines) and which bypass them (the rest).
program ring_f08_inside_use_mpi
  use mpi, only: MPI_INIT, MPI_FINALIZE
  use ring_f08_body
  implicit none
  integer :: ierr
  logical :: ok

  call MPI_INIT(ierr)
  ok = run_ring_f08('ring_f08_inside_use_mpi')
  call MPI_FINALIZE(ierr)
  if (.not. ok) stop 1
end program ring_f08_inside_use_mpi
