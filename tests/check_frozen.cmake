# The built-in scenario uses the frozen calibration (docs/validation.md, Calibration): its params
# block holds calibration/frozen.yaml's params lines verbatim, and its scenario.calibration names
# frozen.yaml's digest. SRC is the source tree.
file(READ ${SRC}/calibration/frozen.yaml frozen)
file(READ ${SRC}/scenarios/iran-2025.yaml builtin)
if(NOT frozen MATCHES "\n  digest: \"(fnv1a64:[0-9a-f]+)\"")
  message(FATAL_ERROR "calibration/frozen.yaml names no digest")
endif()
set(digest ${CMAKE_MATCH_1})
if(NOT builtin MATCHES "\n  calibration: \"calibration/frozen.yaml ${digest}\"\n")
  message(FATAL_ERROR "scenarios/iran-2025.yaml: scenario.calibration does not name "
                      "calibration/frozen.yaml ${digest}")
endif()
string(FIND "${frozen}" "\nparams:\n" at)
if(at EQUAL -1)
  message(FATAL_ERROR "calibration/frozen.yaml has no params block")
endif()
string(SUBSTRING "${frozen}" ${at} -1 block)
string(FIND "${builtin}" "${block}" found)
if(found EQUAL -1)
  message(FATAL_ERROR "scenarios/iran-2025.yaml does not hold calibration/frozen.yaml's params "
                      "block verbatim:\n${block}")
endif()
message(STATUS "the built-in scenario uses ${digest}")
