! Fortran 90 ring through `use mpi`: three rounds of MPI_SEND/MPI_RECV of an integer array to the right neighbour
! (tag = round), an MPI_ALLREDUCE of what arrived and an MPI_BARRIER; rank 0 prints one verification line.
program ring_use_mpi
  use mpi
  use ring_pattern
  implicit none
  integer :: ierr, rank, nranks, left, right, iteration, length, j
  integer :: status(MPI_STATUS_SIZE)
  integer :: message(max_length), received(max_length)
  integer :: mine(2), total(2)  ! (checksum of received elements, bad messages)
  logical :: ok

  call MPI_INIT(ierr)
  call MPI_COMM_RANK(MPI_COMM_WORLD, rank, ierr)
  call MPI_COMM_SIZE(MPI_COMM_WORLD, nranks, ierr)
  right = mod(rank + 1, nranks)
  left = mod(rank + nranks - 1, nranks)

  mine = 0
  do iteration = 1, iterations
    length = message_length(iteration)
    message(1:length) = (/ (pattern(rank, iteration, j), j = 1, length) /)
    received = -1
    ! Even ranks send first and odd ranks receive first, so the ring never depends on MPI buffering.
    if (mod(rank, 2) == 0) then
      call MPI_SEND(message, length, MPI_INTEGER, right, iteration, MPI_COMM_WORLD, ierr)
      call MPI_RECV(received, length, MPI_INTEGER, left, iteration, MPI_COMM_WORLD, status, ierr)
    else
      call MPI_RECV(received, length, MPI_INTEGER, left, iteration, MPI_COMM_WORLD, status, ierr)
      call MPI_SEND(message, length, MPI_INTEGER, right, iteration, MPI_COMM_WORLD, ierr)
    end if
    mine(2) = mine(2) + bad_message(rank, received, status(MPI_SOURCE), status(MPI_TAG), left, iteration)
    mine(1) = mine(1) + sum(received(1:length))
  end do

  call MPI_ALLREDUCE(mine, total, 2, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD, ierr)
  call MPI_BARRIER(MPI_COMM_WORLD, ierr)
  ok = .true.
  if (rank == 0) ok = report('ring_use_mpi', nranks, total(1), total(2))
  call MPI_FINALIZE(ierr)
  if (.not. ok) stop 1
end program ring_use_mpi
