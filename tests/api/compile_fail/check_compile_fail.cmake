# Compiles SNIPPET twice: as is it must compile (so the test can fail), with -DMPISIGHT_MISUSE it must not, and the
# compiler's diagnostics must match EXPECT.
separate_arguments(flags UNIX_COMMAND "${FLAGS}")
set(command ${CXX} -std=c++20 -fsyntax-only -Wall -Wextra -Werror ${flags} ${SNIPPET})
execute_process(COMMAND ${command} RESULT_VARIABLE ok_result ERROR_VARIABLE ok_errors OUTPUT_QUIET)
if(NOT ok_result EQUAL 0)
  message(FATAL_ERROR "the correct variant of ${SNIPPET} does not compile:\n${ok_errors}")
endif()
execute_process(COMMAND ${command} -DMPISIGHT_MISUSE RESULT_VARIABLE bad_result ERROR_VARIABLE bad_errors
  OUTPUT_QUIET)
if(bad_result EQUAL 0)
  message(FATAL_ERROR "the misuse in ${SNIPPET} compiled")
endif()
if(NOT bad_errors MATCHES "${EXPECT}")
  message(FATAL_ERROR "the misuse in ${SNIPPET} failed without the expected diagnostic '${EXPECT}':\n${bad_errors}")
endif()
message(STATUS "rejected as expected: ${CMAKE_MATCH_0}")
