# Runs brink with ARGS (a ;-list), checks the exit code against WANT_RC and the combined
# stdout+stderr against REGEX.
if(ARGS STREQUAL "")
  set(ARGS)
endif()
execute_process(COMMAND ${BRINK} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL WANT_RC)
  message(FATAL_ERROR "exit code ${rc}, expected ${WANT_RC}\nstdout: ${out}\nstderr: ${err}")
endif()
set(all "${out}${err}")
if(NOT all MATCHES "${REGEX}")
  message(FATAL_ERROR "output does not match '${REGEX}':\n${all}")
endif()
