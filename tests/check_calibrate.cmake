# `brink calibrate` on a synthetic config (tests/data/calibration/synthetic.yaml) whose target the
# model generated at a known parameter value. Runs it with --threads 1 and --threads 2 into two
# directories under WORK and checks that:
#  - calibration.json and frozen.yaml are the same bytes at both thread counts;
#  - some point was retained, and the final non-implausible range of PARAM contains TRUTH and lies
#    within [MINLO, MAXHI] (the prior is much wider, so a calibration that learnt nothing fails);
#  - frozen.yaml names a digest.
# (CMake's if() compares decimal numbers as doubles.)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
# The observed value is generated afresh by the model at the truth (so the test follows changes
# of the model): a probe config with PARAM's range shrunk to the truth and two points, whose
# estimate on the same seed and runs (common random numbers) replaces the config's `observed`.
file(READ ${CONFIG} text)
get_filename_component(cdir ${CONFIG} DIRECTORY)
string(REPLACE "scenario: ../" "scenario: ${cdir}/../" text "${text}")
string(REPLACE "${PRIOR}" "range: [${TRUTH}, ${TRUTH}.0001]" probe "${text}")
string(REGEX REPLACE "points: [0-9]+" "points: 2" probe "${probe}")
file(WRITE ${WORK}/probe.yaml "${probe}")
execute_process(COMMAND ${BRINK} calibrate ${WORK}/probe.yaml --out ${WORK}/probe -q
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the probe: exit code ${rc}\n${out}${err}")
endif()
file(READ ${WORK}/probe/calibration.json pj)
string(JSON obs GET "${pj}" final chosen check targets ${TARGET} estimate)
string(REGEX REPLACE "observed: [0-9.]+" "observed: ${obs}" text "${text}")
file(WRITE ${WORK}/config.yaml "${text}")
set(CONFIG ${WORK}/config.yaml)
foreach(t 1 2)
  execute_process(COMMAND ${BRINK} calibrate ${CONFIG} --out ${WORK}/t${t} --threads ${t} -q
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "brink calibrate --threads ${t}: exit code ${rc}\n${out}${err}")
  endif()
endforeach()
foreach(f calibration.json frozen.yaml)
  file(READ ${WORK}/t1/${f} a)
  file(READ ${WORK}/t2/${f} b)
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "${f} differs between --threads 1 and --threads 2")
  endif()
endforeach()
file(READ ${WORK}/t1/calibration.json json)
string(JSON ni GET "${json}" final non_implausible)
if(NOT ni)
  message(FATAL_ERROR "no point was retained:\n${out}")
endif()
string(JSON lo GET "${json}" final ranges ${PARAM} 0)
string(JSON hi GET "${json}" final ranges ${PARAM} 1)
if(lo GREATER TRUTH OR hi LESS TRUTH)
  message(FATAL_ERROR "the retained range [${lo}, ${hi}] of ${PARAM} misses the truth ${TRUTH}")
endif()
if(lo LESS MINLO OR hi GREATER MAXHI)
  message(FATAL_ERROR "the retained range [${lo}, ${hi}] of ${PARAM} is not within "
                      "[${MINLO}, ${MAXHI}]: the calibration did not learn the parameter")
endif()
file(READ ${WORK}/t1/frozen.yaml frozen)
if(NOT frozen MATCHES "digest: \"fnv1a64:[0-9a-f]+\"")
  message(FATAL_ERROR "frozen.yaml names no digest:\n${frozen}")
endif()
message(STATUS "${PARAM}: retained [${lo}, ${hi}], truth ${TRUTH}")
