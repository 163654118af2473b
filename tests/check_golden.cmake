# Runs the brink command written in CMDFILE (arguments separated by spaces; @SRC@ stands for the
# source tree) and compares its standard output byte for byte with CMDFILE's sibling `.out`, and
# its exit code with the first line of `.rc` if present (default 0).
file(READ ${CMDFILE} cmd)
string(STRIP "${cmd}" cmd)
string(REPLACE "@SRC@" "${SRC}" cmd "${cmd}")
separate_arguments(args UNIX_COMMAND "${cmd}")
string(REGEX REPLACE "\\.cmd$" ".out" outfile ${CMDFILE})
string(REGEX REPLACE "\\.cmd$" ".rc" rcfile ${CMDFILE})
set(want_rc 0)
if(EXISTS ${rcfile})
  file(STRINGS ${rcfile} want_rc LIMIT_COUNT 1)
endif()
execute_process(COMMAND ${BRINK} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                WORKING_DIRECTORY ${SRC})
if(NOT rc EQUAL want_rc)
  message(FATAL_ERROR "exit code ${rc}, expected ${want_rc}\nstderr: ${err}")
endif()
file(READ ${outfile} want)
if(NOT out STREQUAL want)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/golden-actual.out "${out}")
  message(FATAL_ERROR "output differs from ${outfile}; actual output written to ${CMAKE_CURRENT_BINARY_DIR}/golden-actual.out\n${out}")
endif()
