# Tests, all driven by ctest.
#  - unit:   every tests/unit/test_*.c is one cmocka executable linked against the static library.
#  - bad:    every tests/data/bad/*.yaml is checked by `brink check`, which must exit 3 and print the
#            line:column written in the file's first line (`# expect: LINE:COL`).
#  - golden: CLI output compared byte for byte with tests/golden/*.
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)

set(BRINK_TEST_DATA ${CMAKE_CURRENT_SOURCE_DIR}/tests/data)
file(GLOB BRINK_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${BRINK_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src
                                             ${CMAKE_CURRENT_SOURCE_DIR}/tests/unit)
  target_compile_definitions(${name} PRIVATE BRINK_TEST_DATA="${BRINK_TEST_DATA}"
                                             BRINK_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
  target_compile_options(${name} PRIVATE ${BRINK_WARNINGS} -Wno-missing-prototypes)
  target_link_libraries(${name} PRIVATE brink_static PkgConfig::CMOCKA m)
  string(REGEX REPLACE "^test_" "unit." tname ${name})
  add_test(NAME ${tname} COMMAND ${name})
  set_tests_properties(${tname} PROPERTIES ENVIRONMENT "CMOCKA_MESSAGE_OUTPUT=stdout" TIMEOUT 300)
endforeach()

file(GLOB BRINK_BAD_SCENARIOS CONFIGURE_DEPENDS ${BRINK_TEST_DATA}/bad/*.yaml)
foreach(f ${BRINK_BAD_SCENARIOS})
  get_filename_component(name ${f} NAME_WE)
  add_test(NAME bad.${name}
           COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DFILE=${f}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_bad.cmake)
  set_tests_properties(bad.${name} PROPERTIES TIMEOUT 60)
endforeach()

file(GLOB BRINK_GOLDEN CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/golden/*.cmd)
foreach(f ${BRINK_GOLDEN})
  get_filename_component(name ${f} NAME_WE)
  add_test(NAME golden.${name}
           COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DCMDFILE=${f}
                   -DSRC=${CMAKE_CURRENT_SOURCE_DIR}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_golden.cmake)
  set_tests_properties(golden.${name} PROPERTIES TIMEOUT 120)
endforeach()

add_test(NAME docs.params_table
         COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DSRC=${CMAKE_CURRENT_SOURCE_DIR}
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_docs.cmake)

# Command-line behaviour: exit codes and where messages go. Each entry: name, expected exit code,
# a regular expression the combined output must match, then the arguments.
function(brink_cli_test name want_rc regex)
  add_test(NAME cli.${name}
           COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DWANT_RC=${want_rc}
                   "-DREGEX=${regex}" "-DARGS=${ARGN}"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_cli.cmake)
endfunction()
brink_cli_test(help 0 "^usage: brink <command>" --help)
brink_cli_test(version 0 "^brink [0-9]+\\.[0-9]+\\.[0-9]+\n$" --version)
brink_cli_test(no_command 2 "^brink: no command given" "")
brink_cli_test(unknown_command 2 "^brink: unknown command 'frobnicate'" frobnicate)
brink_cli_test(unknown_option 2 "^brink: unknown option '--frob'" --frob)
brink_cli_test(check_help 0 "^usage: brink check" check --help)
brink_cli_test(check_missing_file 1 "^brink: /nonexistent/x.yaml: cannot open" check /nonexistent/x.yaml)
brink_cli_test(check_two_files 2 "^brink: more than one file" check a.yaml b.yaml)
brink_cli_test(check_bad_max_bytes 2 "^brink: --max-bytes needs" check --max-bytes x)
brink_cli_test(check_size_cap 3 "over the size cap of 100 bytes" check --max-bytes 100 ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/iran-2025.yaml)
brink_cli_test(check_builtin_quiet 0 "^$" check --quiet)
brink_cli_test(check_builtin_strict 0 "ok: scenarios/iran-2025.yaml is a valid scenario" check --strict)
brink_cli_test(params 0 "economy.evasion_halflife_weeks" params)
brink_cli_test(params_bad 2 "^brink: unknown argument" params --frob)
set(BARG ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/bargain)
set(EMIS ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/bargaining/emission_input.csv)
set(SMP3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/smp/dummyData_3Dim.csv)
brink_cli_test(bargain_help 0 "^usage: brink bargain" bargain --help)
brink_cli_test(bargain_no_file 2 "^brink: no stakeholder file" bargain)
brink_cli_test(bargain_bad_model 2 "unknown model 'foo'" bargain --model foo ${EMIS})
brink_cli_test(bargain_bad_preset 2 "^brink: " bargain --preset nope ${EMIS})
brink_cli_test(bargain_eu_bdm 0 "model eu: 10 rounds.*10 median +7\n" bargain --model eu ${EMIS})
brink_cli_test(bargain_smp_ktab 0 "model smp: 10 rounds.*forecast \\(median\\) +78.6 +34.37 +74.05" bargain --model smp ${SMP3})
brink_cli_test(bargain_json 0 "^\\[\n {\n  \"model\": \"eu\",\n  \"preset\": \"scholz-code\"" bargain --format json ${SMP3})
brink_cli_test(bargain_csv 0 "^model,round,actor,dimension,position\neu,0,\"Netherlands\",\"position\",4\n" bargain --format csv --model eu ${EMIS})
brink_cli_test(bargain_missing_column 3 "missing_column.csv:1:1: the header lacks a column" bargain ${BARG}/missing_column.csv)
brink_cli_test(bargain_bad_number 3 "bad_number.csv:4:5: .three. is not a number" bargain ${BARG}/bad_number.csv)
brink_cli_test(bargain_bad_salience 3 "bad_salience.csv:3:7: salience 1.5 is out of range" bargain ${BARG}/bad_salience.csv)
brink_cli_test(bargain_unterminated 3 "unterminated.csv:3:5: unterminated quoted field" bargain ${BARG}/unterminated.csv)
brink_cli_test(bargain_ktab_short 3 "ktab_short.csv:[0-9]+:[0-9]+: " bargain ${BARG}/ktab_short.csv)
