! What the Fortran rings send and expect: message lengths and contents, the checksum all ranks together must see,
! and rank 0's verification line. Shared by the `use mpi` and the `mpi_f08` rings so both check exactly the same.
module ring_pattern
  use, intrinsic :: iso_fortran_env, only: error_unit
  implicit none
  private
  public :: iterations, max_length, message_length, pattern, bad_message, report

  integer, parameter :: iterations = 3
  integer, parameter :: max_length = 4 * iterations

contains

  ! Round i sends 4*i integers, so each round's message has its own byte count in the trace.
  pure integer function message_length(iteration)
    integer, intent(in) :: iteration
    message_length = 4 * iteration
  end function message_length

  ! Element j of the message `sender` sends in round `iteration`: distinct per sender, round and index.
  pure integer function pattern(sender, iteration, j)
    integer, intent(in) :: sender, iteration, j
    pattern = sender * 10000 + iteration * 100 + j
  end function pattern

  ! 1 (and one line on stderr) when a received message has the wrong source, tag or content, else 0.
  integer function bad_message(rank, received, source, tag, left, iteration)
    integer, intent(in) :: rank, received(:), source, tag, left, iteration
    integer :: j
    bad_message = 0
    if (source /= left .or. tag /= iteration) then
      write (error_unit, '(a,i0,a,i0,a,i0,a,i0)') 'ring: rank ', rank, ' round ', iteration, ': source ', source, &
        ' tag ', tag
      bad_message = 1
      return
    end if
    do j = 1, message_length(iteration)
      if (received(j) /= pattern(left, iteration, j)) then
        write (error_unit, '(a,i0,a,i0,a,i0,a,i0)') 'ring: rank ', rank, ' round ', iteration, ': element ', j, &
          ' is ', received(j)
        bad_message = 1
        return
      end if
    end do
  end function bad_message

  ! Every rank sends one message per round, and each is received exactly once.
  pure integer function expected_checksum(nranks)
    integer, intent(in) :: nranks
    integer :: sender, iteration, j
    expected_checksum = 0
    do sender = 0, nranks - 1
      do iteration = 1, iterations
        do j = 1, message_length(iteration)
          expected_checksum = expected_checksum + pattern(sender, iteration, j)
        end do
      end do
    end do
  end function expected_checksum

  ! Rank 0's one line on stdout; .true. when the checksum and every message were right.
  logical function report(program_name, nranks, checksum, bad_messages)
    character(*), intent(in) :: program_name
    integer, intent(in) :: nranks, checksum, bad_messages
    report = checksum == expected_checksum(nranks) .and. bad_messages == 0
    if (report) then
      print '(a,a,i0,a,i0,a,i0,a)', program_name, ': ', nranks, ' ranks, ', iterations, ' rounds, checksum ', &
        checksum, ': OK'
    else
      print '(a,a,i0,a,i0,a,i0,a)', program_name, ': FAILED: checksum ', checksum, ' (expected ', &
        expected_checksum(nranks), '), ', bad_messages, ' bad messages'
    end if
  end function report

end module ring_pattern
