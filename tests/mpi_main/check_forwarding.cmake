# Runs forwarding_probe at 4 ranks and asserts that rank 0 alone reports rank 2's and rank 3's failures, with their
# rank, file, exact line and full message, and that every rank exits non-zero.
# Usage: cmake -DMPIEXEC=... -DNUMPROC_FLAG=... -DPROBE=<binary> -DSOURCE=<forwarding_probe.cpp>
#              -P check_forwarding.cmake

foreach(var MPIEXEC NUMPROC_FLAG PROBE SOURCE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_forwarding.cmake: -D${var}=... is required")
  endif()
endforeach()

# The probe's marker comments name the lines where the failures are raised.
function(marker_line marker out_var)
  file(STRINGS "${SOURCE}" lines)
  set(number 0)
  foreach(line IN LISTS lines)
    math(EXPR number "${number} + 1")
    string(FIND "${line}" "${marker}" at)
    if(NOT at EQUAL -1)
      set(${out_var} ${number} PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "check_forwarding.cmake: marker '${marker}' not found in ${SOURCE}")
endfunction()
marker_line("probe: rank 2 fails here" rank2_line)
marker_line("probe: rank 3 fails here" rank3_line)

# Each rank runs through sh so its own exit status is visible (hydra only reports one for the whole job).
set(report_exit "\"$0\"; status=$?; echo \"probe exit: rank $PMI_RANK status $status\"; exit $status")
execute_process(
  COMMAND ${MPIEXEC} ${NUMPROC_FLAG} 4 sh -c "${report_exit}" ${PROBE}
  OUTPUT_VARIABLE output ERROR_VARIABLE output RESULT_VARIABLE result TIMEOUT 50)
message("${output}")

set(problems "")
# Counts the matches of `regex` in the output and records a problem unless there are exactly `expected`.
function(expect_matches regex expected description)
  string(REGEX MATCHALL "${regex}" found "${output}")
  list(LENGTH found n)
  if(NOT n EQUAL expected)
    set(problems "${problems}\n  - ${description} (found ${n} times, expected ${expected})" PARENT_SCOPE)
  endif()
endfunction()

if(result EQUAL 0)
  string(APPEND problems "\n  - mpiexec exited with status 0, expected non-zero")
endif()
foreach(rank RANGE 3)
  expect_matches("probe exit: rank ${rank} status 1\n" 1 "rank ${rank} exiting with status 1")
endforeach()

cmake_path(GET SOURCE FILENAME source_name)
set(rank2_report "\\[rank 2\\] Expected equality of these values:[^[]*deliberate failure on rank 2\n")
expect_matches("${source_name}:${rank2_line}: Failure\n${rank2_report}" 1
               "rank 2's failure with location ${source_name}:${rank2_line} and its full message")
set(rank3_report "\\[rank 3\\] Failed\nfirst line from rank 3\nsecond line from rank 3\n")
expect_matches("${source_name}:${rank3_line}: Failure\n${rank3_report}" 1
               "rank 3's two-line fatal failure with location ${source_name}:${rank3_line}")
expect_matches("\\[rank [01]\\]" 0 "a report naming rank 0 or 1, which did not fail")
expect_matches("\\[  FAILED  \\] ForwardingProbe.FailsOnlyOnRank2 \\(" 1 "FailsOnlyOnRank2 marked FAILED")
expect_matches("\\[  FAILED  \\] ForwardingProbe.FailsFatallyOnRank3WithTwoLines \\(" 1
               "FailsFatallyOnRank3WithTwoLines marked FAILED")
expect_matches("\\[       OK \\] ForwardingProbe.PassesOnAllRanks" 1 "PassesOnAllRanks marked OK")
expect_matches("\\[       OK \\] ForwardingProbe.RanksStayInStepAfterFailures" 1
               "RanksStayInStepAfterFailures marked OK (ranks still in step)")
expect_matches("\\[==========\\] 4 tests from 1 test suite ran" 1 "the run summary (only rank 0 prints)")

if(problems)
  message(FATAL_ERROR "failure forwarding is broken:${problems}")
endif()
message("failure forwarding works: ranks 2 and 3 reported by rank 0, all 4 ranks exited 1")
