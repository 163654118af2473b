# Large versions of the forecast checks, run by `make check-long` (ctest label `long`), not in CI:
# a 20,000-run forecast of the built-in scenario is byte-identical (forecast.json and runs.csv) at
# 1, 2 and 4 threads, and after a SIGKILL mid-ensemble (BRINK_TEST_KILL_AFTER) and --resume at
# another thread count. RUNS overrides the size (default 20000). BRINK is the executable, WORK a
# scratch directory (emptied first).
if(NOT RUNS)
  set(RUNS 20000)
endif()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(forecast want)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(want STREQUAL "killed")
    if(rc MATCHES "^[0-9]+$")
      message(FATAL_ERROR "${ARGN}\nexit code ${rc}; expected death by SIGKILL\n${out}${err}")
    endif()
  elseif(NOT rc STREQUAL want)
    message(FATAL_ERROR "${ARGN}\nexit code ${rc}, expected ${want}\nstdout: ${out}\nstderr: ${err}")
  endif()
endfunction()

function(same a b)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${a} ${b} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${a} and ${b} differ")
  endif()
endfunction()

math(EXPR block "${RUNS} / 4")
math(EXPR kill "${RUNS} * 5 / 8 + 3") # mid-block, after two checkpoints
set(common forecast --runs ${RUNS} --block ${block} --seed 2025 --quiet)
foreach(t 1 2 4)
  forecast(0 ${BRINK} ${common} --threads ${t} --out ${WORK}/t${t})
endforeach()
foreach(t 2 4)
  same(${WORK}/t1/forecast.json ${WORK}/t${t}/forecast.json)
  same(${WORK}/t1/runs.csv ${WORK}/t${t}/runs.csv)
endforeach()
file(STRINGS ${WORK}/t1/runs.csv rows)
list(LENGTH rows nrows)
math(EXPR want "${RUNS} + 1")
if(NOT nrows EQUAL want)
  message(FATAL_ERROR "runs.csv has ${nrows} lines; expected a header and ${RUNS} rows")
endif()

set(ENV{BRINK_TEST_KILL_AFTER} ${kill})
forecast(killed ${BRINK} ${common} --threads 2 --out ${WORK}/killed)
unset(ENV{BRINK_TEST_KILL_AFTER})
forecast(0 ${BRINK} ${common} --threads 3 --resume --out ${WORK}/killed)
same(${WORK}/t1/forecast.json ${WORK}/killed/forecast.json)
same(${WORK}/t1/runs.csv ${WORK}/killed/runs.csv)
