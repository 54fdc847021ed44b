# Registers tests that run under mpiexec. Every MPI test gets PROCESSORS and TIMEOUT so a hang fails fast.
include(GoogleTest)

set(MPISIGHT_TEST_TIMEOUT 60 CACHE STRING "Default per-test timeout in seconds for MPI tests")

# mpisight_add_mpi_test(<name> COMMAND <exe> [args...] RANKS <n>... [TIMEOUT <s>] [LABELS ...])
# Adds one test per rank count, named <name>.np<n>, run as `mpiexec -n <n> <exe> args...`.
function(mpisight_add_mpi_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TIMEOUT" "COMMAND;RANKS;LABELS;ENVIRONMENT")
  if(NOT arg_COMMAND OR NOT arg_RANKS)
    message(FATAL_ERROR "mpisight_add_mpi_test(${name}): COMMAND and RANKS are required")
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT ${MPISIGHT_TEST_TIMEOUT})
  endif()
  list(POP_FRONT arg_COMMAND exe)
  if(TARGET ${exe})
    set(exe $<TARGET_FILE:${exe}>)
  endif()
  foreach(n IN LISTS arg_RANKS)
    set(test_name ${name}.np${n})
    add_test(NAME ${test_name}
      COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${n} ${exe} ${arg_COMMAND})
    set_tests_properties(${test_name} PROPERTIES
      PROCESSORS ${n} TIMEOUT ${arg_TIMEOUT} LABELS "mpi;${arg_LABELS}"
      ENVIRONMENT "${arg_ENVIRONMENT}")
  endforeach()
endfunction()

# mpisight_add_gtest(<target> SOURCES ... [LIBS ...]): a plain (single-process) GoogleTest binary.
function(mpisight_add_gtest target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TIMEOUT" "SOURCES;LIBS")
  add_executable(${target} ${arg_SOURCES})
  target_link_libraries(${target} PRIVATE ${arg_LIBS} GTest::gtest_main)
  mpisight_warnings(${target})
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 60)
  endif()
  add_test(NAME ${target} COMMAND ${target})
  set_tests_properties(${target} PROPERTIES TIMEOUT ${arg_TIMEOUT} LABELS unit)
endfunction()
