# Runs clang-format --dry-run --Werror over the project's C and C++ sources (generated code lives in build/).
file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR}
  ${SOURCE_DIR}/analyzer/*.[ch]pp ${SOURCE_DIR}/analyzer/*.[ch]
  ${SOURCE_DIR}/interpose/*.[ch]pp ${SOURCE_DIR}/interpose/*.[ch]
  ${SOURCE_DIR}/runtime/*.[ch]pp ${SOURCE_DIR}/runtime/*.[ch]
  ${SOURCE_DIR}/tests/*.[ch]pp ${SOURCE_DIR}/tests/*.[ch]
  ${SOURCE_DIR}/examples/*.[ch] ${SOURCE_DIR}/examples/*.[ch]pp ${SOURCE_DIR}/bench/*.[ch] ${SOURCE_DIR}/bench/*.[ch]pp
  ${SOURCE_DIR}/viewer/*.[ch]pp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${sources}
  WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "clang-format: these files need formatting (clang-format -i FILE):\n${errors}")
endif()
