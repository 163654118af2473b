# Runs `brink check FILE`; the test passes when brink exits 3 and its message names FILE at the
# line:column written in FILE's first line as `# expect: LINE:COL` (or `# expect: cap` for a
# size-cap refusal, which has no position).
file(STRINGS ${FILE} first LIMIT_COUNT 1)
if(NOT first MATCHES "^# expect: ([0-9]+:[0-9]+|cap)")
  message(FATAL_ERROR "${FILE}: first line must be '# expect: LINE:COL'")
endif()
set(where ${CMAKE_MATCH_1})
# CMD (default: check) and EXTRA (a ;-list of options after FILE) let other commands that read a
# file of their own (brink calibrate CONFIG) use the same convention.
if(NOT DEFINED CMD OR CMD STREQUAL "")
  set(CMD check)
endif()
execute_process(COMMAND ${BRINK} ${CMD} ${FILE} ${EXTRA} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 3)
  message(FATAL_ERROR "expected exit code 3, got ${rc}\nstdout: ${out}\nstderr: ${err}")
endif()
if(where STREQUAL "cap")
  string(FIND "${err}" "size cap" pos)
else()
  string(FIND "${err}" "brink: ${FILE}:${where}: " pos)
endif()
if(pos EQUAL -1)
  message(FATAL_ERROR "expected 'brink: ${FILE}:${where}: ' in stderr, got:\n${err}")
endif()
message(STATUS "ok: ${err}")
