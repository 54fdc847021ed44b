! The ring of ring_use_mpi.f90 written against `mpi_f08` (same rounds, tags, lengths, checks and line), without
! MPI_Init/MPI_Finalize, so one body serves a pure mpi_f08 program and one whose init and finalize use `use mpi`.
module ring_f08_body
  use mpi_f08
  use ring_pattern
  implicit none
  private
  public :: run_ring_f08

contains

  ! .true. unless this is rank 0 and the verification failed.
  logical function run_ring_f08(program_name) result(ok)
    character(*), intent(in) :: program_name
    integer :: rank, nranks, left, right, iteration, length, j
    type(MPI_Status) :: status
    integer :: message(max_length), received(max_length)
    integer :: mine(2), total(2)  ! (checksum of received elements, bad messages)

    call MPI_Comm_rank(MPI_COMM_WORLD, rank)
    call MPI_Comm_size(MPI_COMM_WORLD, nranks)
    right = mod(rank + 1, nranks)
    left = mod(rank + nranks - 1, nranks)

    mine = 0
    do iteration = 1, iterations
      length = message_length(iteration)
      message(1:length) = [(pattern(rank, iteration, j), j = 1, length)]
      received = -1
      ! Even ranks send first and odd ranks receive first, so the ring never depends on MPI buffering.
      if (mod(rank, 2) == 0) then
        call MPI_Send(message, length, MPI_INTEGER, right, iteration, MPI_COMM_WORLD)
        call MPI_Recv(received, length, MPI_INTEGER, left, iteration, MPI_COMM_WORLD, status)
      else
        call MPI_Recv(received, length, MPI_INTEGER, left, iteration, MPI_COMM_WORLD, status)
        call MPI_Send(message, length, MPI_INTEGER, right, iteration, MPI_COMM_WORLD)
      end if
      mine(2) = mine(2) + bad_message(rank, received, status%MPI_SOURCE, status%MPI_TAG, left, iteration)
      mine(1) = mine(1) + sum(received(1:length))
    end do

    call MPI_Allreduce(mine, total, 2, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD)
    call MPI_Barrier(MPI_COMM_WORLD)
    ok = .true.
    if (rank == 0) ok = report(program_name, nranks, total(1), total(2))
  end function run_ring_f08

end module ring_f08_body
