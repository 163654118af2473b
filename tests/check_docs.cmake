# The parameter table in docs/scenario-format.md must be what `brink params --markdown` prints
# (run `make docs` after changing the registry).
execute_process(COMMAND ${BRINK} params --markdown RESULT_VARIABLE rc OUTPUT_VARIABLE table)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "brink params --markdown failed with ${rc}")
endif()
file(READ ${SRC}/docs/scenario-format.md doc)
string(FIND "${doc}" "${table}" pos)
if(pos EQUAL -1)
  message(FATAL_ERROR "docs/scenario-format.md is out of date with the parameter registry; run `make docs`")
endif()
