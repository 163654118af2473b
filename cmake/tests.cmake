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

# brink bargain on YAML stakeholder tables (scenario/stakeholders.h) and --runs.
# brink_same_test(name differ args1 -- args2): both runs exit 0 and print the same bytes (differ 0)
# or different bytes (differ 1); without `--` the arguments run twice.
function(brink_same_test name differ)
  set(a1)
  set(a2)
  set(second 0)
  foreach(a ${ARGN})
    if(a STREQUAL "--")
      set(second 1)
    elseif(second)
      list(APPEND a2 ${a})
    else()
      list(APPEND a1 ${a})
    endif()
  endforeach()
  add_test(NAME cli.${name}
           COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DDIFFER=${differ}
                   "-DARGS1=${a1}" "-DARGS2=${a2}"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_same.cmake)
endfunction()
set(EMIS_YAML ${BARG}/emission.yaml)
set(UNCERTAIN ${BARG}/emission_uncertain.yaml)
brink_cli_test(bargain_yaml_eu 0 "emission.yaml: 10 actors, 1 dimension.*model eu: 10 rounds.*10 median +7\n" bargain --model eu ${EMIS_YAML})
brink_same_test(bargain_yaml_same_json 0 bargain --format json ${EMIS} -- bargain --format json ${EMIS_YAML})
brink_same_test(bargain_yaml_same_csv 0 bargain --format csv ${EMIS} -- bargain --format csv ${EMIS_YAML})
brink_cli_test(bargain_runs_table 0 "200 runs, seed 7\nquantiles: Hyndman & Fan type 7\n\nmodel eu: forecast over 200 runs, [0-9]+ converged\n.*p05 .*p95 .*baseline mean: forecast over 200 runs\n  statistic +position\n  central values +7.389956\n  mean +7.281729\n  p05 +6.989776\n  p25 +7.15765\n  p50 +7.294841\n  p75 +7.392562\n  p95 +7.577178\n" bargain --runs 200 --seed 7 ${UNCERTAIN})
brink_cli_test(bargain_runs_csv 0 "^model,dimension,runs,central,mean,p05,p25,p50,p75,p95\neu,\"position\",200,[^\n]*\nsmp,\"position\",200,[^\n]*\nmean,\"position\",200,7.389955686853767,7.2817291386884255,6.98977640923524,7.157650466963012,7.294840534174048,7.392561894670793,7.5771775638526" bargain --runs 200 --seed 7 --format csv ${UNCERTAIN})
brink_cli_test(bargain_runs_json 0 "^{\n \"model\": \"eu\",.*\"baselines\": {\n  \"mean\": \\[.*\"runs\": {\n  \"n\": 200,\n  \"seed\": 7,\n  \"converged\": [0-9]+,\n  \"quantiles\": {\n   \"p05\": \\[\n.*\"p95\": \\[\n.*\"mean\": \\[\n.*\"baselines\": {\n   \"mean\": {\n    \"quantiles\"" bargain --runs 200 --seed 7 --format json --model eu ${UNCERTAIN})
brink_same_test(bargain_runs_repeatable 0 bargain --runs 200 --seed 7 --format json ${UNCERTAIN})
brink_same_test(bargain_runs_repeatable_csv 0 bargain --runs 200 --seed 7 --format csv ${UNCERTAIN})
brink_same_test(bargain_runs_seed_matters 1 bargain --runs 50 --seed 7 --format csv ${UNCERTAIN} -- bargain --runs 50 --seed 8 --format csv ${UNCERTAIN})
brink_same_test(bargain_runs_one_is_central 0 bargain --format json ${UNCERTAIN} -- bargain --runs 1 --seed 9 --format json ${UNCERTAIN})
brink_same_test(bargain_seed_not_stochastic 0 bargain --model smp --format csv ${SMP3} -- bargain --model smp --seed 5 --format csv ${SMP3})
brink_same_test(bargain_stochastic_differs 1 bargain --model smp --format csv ${SMP3} -- bargain --model smp --stochastic --seed 5 --format csv ${SMP3})
brink_cli_test(bargain_runs_zero 2 "^brink: --runs needs a number from 1 to 1000000" bargain --runs 0 ${UNCERTAIN})
brink_cli_test(bargain_seed_too_big 2 "^brink: --seed needs an integer from 0 to 9007199254740991" bargain --seed 9007199254740992 ${UNCERTAIN})
brink_cli_test(bargain_yaml_missing 1 "^brink: /nonexistent/t.yaml: cannot open" bargain /nonexistent/t.yaml)
brink_cli_test(bargain_yaml_bad_salience 3 "yaml_bad_salience.yaml:8:16: the distribution of actors.North.salience.position has support \\[0.5, 1.2\\] outside \\[0, 1\\]" bargain ${BARG}/yaml_bad_salience.yaml)
brink_cli_test(bargain_yaml_bad_dimension 3 "yaml_bad_dimension.yaml:7:44: actor 'South' gives no position on dimension 'trade'" bargain ${BARG}/yaml_bad_dimension.yaml)
brink_cli_test(bargain_yaml_bad_syntax 3 "yaml_bad_syntax.yaml:6:1: found a tab character" bargain --runs 10 ${BARG}/yaml_bad_syntax.yaml)
brink_cli_test(bargain_yaml_bad_duplicate 3 "yaml_bad_duplicate.yaml:5:12: duplicate actor name 'North'" bargain --format json ${BARG}/yaml_bad_duplicate.yaml)
brink_cli_test(bargain_yaml_bad_truncation 1 "yaml_bad_truncation.yaml:8:15: run 0: actors.North.salience.position: no draw inside bounds" bargain --runs 3 ${BARG}/yaml_bad_truncation.yaml)

# brink forecast and brink run (sim/ensemble, io/forecast).
brink_cli_test(forecast_help 0 "^usage: brink forecast" forecast --help)
brink_cli_test(run_help 0 "^usage: brink run" run --help)
brink_cli_test(forecast_runs_and_precision 2 "^brink: --runs and --precision exclude each other" forecast --runs 10 --precision 0.01)
brink_cli_test(forecast_bad_threads 2 "^brink: --threads needs" forecast --threads 0)
brink_cli_test(forecast_bad_precision 2 "^brink: --precision needs" forecast --precision 0)
brink_cli_test(forecast_max_runs_alone 2 "^brink: --max-runs goes with --precision" forecast --max-runs 10)
brink_cli_test(forecast_two_files 2 "^brink: more than one scenario" forecast a.yaml b.yaml)
brink_cli_test(forecast_missing_file 1 "^brink: /nonexistent/x.yaml: cannot open" forecast /nonexistent/x.yaml)
# each question beside its base-rate reference (the scenario's) and the model minus it
brink_cli_test(forecast_table_reference 0 "reference +model-ref +text\n.*\nisr_nuclear_strike_12m +[01]\\.[0-9]+ +[^ ]+ [0-9.]+ +\\[[0-9., ]+\\] +0\\.0225 +[-+][01]\\.[0-9][0-9][0-9][0-9]  Does Israel" forecast --runs 20 --seed 42 --threads 2 --out ${CMAKE_CURRENT_BINARY_DIR}/cli_forecast_table_reference)
brink_cli_test(forecast_table 0 "20 runs \\(0 failed\\), seed 42.*question +probability.*\ntalks_3m +[01]\\.[0-9]+ .*\nsnapback_notified +0\\.[0-9]+ +[^ ]+ [0-9.]+ +\\[0\\.[0-9]+, [01]\\.[0-9]+\\]" forecast --runs 20 --seed 42 --threads 2 --out ${CMAKE_CURRENT_BINARY_DIR}/cli_forecast_table)
brink_cli_test(run_replay 0 "run 3 of seed 42;.*events \\([0-9]+\\):.*questions:\n  talks_3m" run --seed 42 --index 3)
brink_cli_test(run_trace 0 "\nstep 0, 2025-03-12\n.*    oil_price:BRENT +[0-9.]+\n.*\nstep 107, " run --trace)
brink_cli_test(run_bad_index 2 "^brink: --index needs" run --index x)
add_test(NAME cli.forecast_threads_identical
         COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DMODE=threads
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/forecast_threads
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_forecast.cmake)
add_test(NAME cli.forecast_resume_identical
         COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DMODE=resume
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/forecast_resume
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_forecast.cmake)
set_tests_properties(cli.forecast_threads_identical cli.forecast_resume_identical
                     PROPERTIES TIMEOUT 300)
brink_cli_test(forecast_set_bad 3 "^brink: --set actors.USA.bogus=1:1:18: unknown key 'bogus'" forecast --runs 5 --quiet --out ${CMAKE_CURRENT_BINARY_DIR}/fc_set_bad --set actors.USA.bogus=1)
brink_cli_test(run_set 0 "run 0 of seed 1;" run --seed 1 --set params.decide.rationality=5)

# ---- Robustness (docs/validation.md, "Robustness") ----
#  - fuzz.*: every libFuzzer target (tests/fuzz/fuzz_*.c) linked with tests/fuzz/replay.c instead
#    of libFuzzer, replaying its seed inputs, tests/fuzz/seeds/TARGET/ and tests/fuzz/regress/TARGET/
#    (inputs that once crashed) in every build, so a fixed crash stays fixed without clang.
#    `make fuzz` (scripts/fuzz.sh) does the fuzzing itself.
#  - cli.forecast_kill_resume, cli.forecast_full_disk: tests/check_crash.cmake.
#  - unit.alloc_fail: allocation failure at every k over a whole single-threaded forecast.
# Labels: `threads` marks the tests that run threaded code (the TSan build of CI runs those:
# `make tsan-threads`); `long` marks large versions of tests, which exist only in a build
# configured with -DBRINK_LONG_TESTS=ON (`make check-long` makes one), so that a plain `ctest`
# never runs them. brink_long_test(NAME COMMAND...) registers one; it runs with BRINK_LONG=1 in
# its environment, which a unit test may read to use its large sizes
# (e.g. brink_long_test(long.economy test_economy)).
file(GLOB BRINK_FUZZ_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
foreach(src ${BRINK_FUZZ_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  add_executable(replay_${name} ${src} ${CMAKE_CURRENT_SOURCE_DIR}/tests/fuzz/replay.c)
  target_include_directories(replay_${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_options(replay_${name} PRIVATE ${BRINK_WARNINGS})
  target_link_libraries(replay_${name} PRIVATE brink_static m)
  if(name STREQUAL "fuzz_scenario")
    set(inputs ${CMAKE_CURRENT_SOURCE_DIR}/scenarios ${BRINK_TEST_DATA}/bad ${BRINK_TEST_DATA}/bargain)
  elseif(name STREQUAL "fuzz_stakeholders")
    set(inputs ${BRINK_TEST_DATA}/bargain)
  elseif(name STREQUAL "fuzz_set")
    set(inputs)
  elseif(name STREQUAL "fuzz_partial")
    set(inputs) # tests/fuzz/seeds/fuzz_partial: a small partial (docs/distributed.md)
  else()
    set(inputs ${BRINK_TEST_DATA})
  endif()
  foreach(d seeds regress)
    if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/tests/fuzz/${d}/${name})
      list(APPEND inputs ${CMAKE_CURRENT_SOURCE_DIR}/tests/fuzz/${d}/${name})
    endif()
  endforeach()
  string(REGEX REPLACE "^fuzz_" "fuzz." tname ${name})
  add_test(NAME ${tname} COMMAND replay_${name} ${inputs})
  set_tests_properties(${tname} PROPERTIES TIMEOUT 300)
endforeach()

add_test(NAME cli.forecast_kill_resume
         COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DMODE=kill
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/forecast_kill
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_crash.cmake)
add_test(NAME cli.forecast_full_disk
         COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DMODE=full
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/forecast_full
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_crash.cmake)
set_tests_properties(cli.forecast_kill_resume cli.forecast_full_disk PROPERTIES TIMEOUT 600)
brink_cli_test(forecast_out_not_a_directory 1 "^brink: /dev/null: exists and is not a directory"
               forecast --runs 5 --quiet --out /dev/null)

set_tests_properties(unit.ensemble unit.alloc_fail cli.forecast_table
                     cli.forecast_threads_identical cli.forecast_resume_identical
                     cli.forecast_kill_resume cli.forecast_full_disk
                     PROPERTIES LABELS threads)

# Distributed ensembles (docs/distributed.md): shards merged, and MPI ranks, against one process
# (tests/check_dist.cmake; unit.partial tests the aggregate's assembly and the partial file).
brink_cli_test(forecast_shard_bad 2 "^brink: --shard needs K/N" forecast --shard 2/2)
brink_cli_test(forecast_shard_precision 2 "^brink: --shard and --precision exclude each other" forecast --shard 0/2 --precision 0.01)
brink_cli_test(forecast_shard_resume 2 "^brink: --shard and --resume exclude each other" forecast --shard 0/2 --resume)
brink_cli_test(merge_help 0 "^usage: brink merge" merge --help)
brink_cli_test(merge_nothing 2 "^brink: no partial given" merge)
brink_cli_test(merge_missing_file 1 "^brink: /nonexistent/partial-0-of-2: cannot open" merge /nonexistent/partial-0-of-2)
foreach(mode shards errors)
  add_test(NAME cli.dist_${mode}
           COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DMODE=${mode}
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/dist_${mode}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_dist.cmake)
  set_tests_properties(cli.dist_${mode} PROPERTIES TIMEOUT 300)
endforeach()
set_tests_properties(cli.dist_shards PROPERTIES LABELS threads)
set_tests_properties(unit.partial PROPERTIES LABELS threads) # its in-process remote feed
# The MPI tests need a build with MPI (BRINK_MPI) and mpirun; CI runs them as root, which Open
# MPI refuses unless told otherwise.
if(BRINK_HAVE_MPI AND MPIEXEC_EXECUTABLE)
  add_test(NAME cli.dist_mpi
           COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DMODE=mpi
                   -DMPIEXEC=${MPIEXEC_EXECUTABLE} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/dist_mpi
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_dist.cmake)
  set_tests_properties(cli.dist_mpi PROPERTIES TIMEOUT 600 LABELS "threads;mpi"
                       ENVIRONMENT "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMPI_MCA_rmaps_base_oversubscribe=1")
endif()

function(brink_long_test name)
  if(BRINK_LONG_TESTS)
    add_test(NAME ${name} COMMAND ${ARGN})
    set_tests_properties(${name} PROPERTIES LABELS long ENVIRONMENT "BRINK_LONG=1" TIMEOUT 3600)
  endif()
endfunction()
brink_long_test(long.forecast_20000_threads_and_kill
                ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink>
                -DWORK=${CMAKE_CURRENT_BINARY_DIR}/forecast_long
                -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_long.cmake)

# The calibration scenarios of MODEL.md section 6 are valid and fully sourced (their patterns are
# tested by tests/unit/test_patterns.c, ctest unit.patterns).
brink_cli_test(check_calibration_enforcement_2024 0 "ok: [^\n]*enforcement-2024.yaml is a valid scenario" check --strict ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/calibration/enforcement-2024.yaml)
brink_cli_test(check_calibration_rial_2018 0 "ok: [^\n]*rial-2018.yaml is a valid scenario" check --strict ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/calibration/rial-2018.yaml)

# brink run --trace: each actor's decision, printed by the runner's observer (test_decide checks
# that observing changes nothing in forecast.json).
brink_cli_test(run_trace_decisions 0 "\nstep 0, 2025-03-12\n(  #[^\n]*\n)*  decide USA +reviewed [0-9]+ options \\(total hazard [0-9.e-]+/wk\\): [a-z_]+[^\n]*\n      [a-z_]+ +[A-Z0-9_]+ +utility +[-+][0-9]+\\.[0-9]+  hazard [0-9.e-]+/wk\n" run --trace)
brink_cli_test(bargain_nash_needs_reference 0 "nash: needs a reference point" bargain --model mean ${EMIS})
brink_cli_test(bargain_nash_reference 0 "\n  nash +5.465347\n" bargain --model mean --reference 0 ${EMIS})
brink_cli_test(bargain_reference_count 2 "^brink: --reference gives 2 values for 1 dimension" bargain --reference 1,2 ${EMIS})
brink_cli_test(bargain_reference_bad 2 "^brink: --reference needs numbers" bargain --reference x ${EMIS})

# cmake --install, then a program built against the installed header and library via brink.pc
# (skipped in sanitizer builds, whose library needs the sanitizer runtime at link time).
if(NOT BRINK_SANITIZE AND NOT BRINK_TSAN)
  add_test(NAME install.pkg_config
           COMMAND ${CMAKE_COMMAND} -DBUILD=${CMAKE_BINARY_DIR} -DWORK=${CMAKE_BINARY_DIR}/install-test
                   -DCC=${CMAKE_C_COMPILER} -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_install.cmake)
endif()

# brink report and brink compare (src/report, cli/cmd_report.c, cli/cmd_compare.c): exit codes,
# byte-identical pages and comparisons at any thread count, common random numbers
# (tests/check_report.cmake), and the page as a person sees it in headless Chromium
# (tests/browser/check_report.py; it FAILS when chromium, chromium-driver or python3-selenium is
# missing: scripts/deps.sh installs them). The comparison's change: a weaker enforcement on a
# sanctioned flow.
set(BRINK_COMPARE_CHANGE flows.IRN_OIL_CHN.enforcement_sensitivity=0.2)
brink_cli_test(report_help 0 "^usage: brink report" report --help)
brink_cli_test(report_no_dir 2 "^brink: no directory given" report)
brink_cli_test(report_two_dirs 2 "^brink: more than one directory" report a b)
brink_cli_test(report_missing 1 "^brink: /nonexistent/forecast.json: cannot open" report /nonexistent)
brink_cli_test(compare_help 0 "^usage: brink compare" compare --help)
brink_cli_test(compare_nothing 2 "^brink: nothing to compare" compare)
brink_cli_test(compare_bad_format 2 "^brink: --format needs table or json" compare --format xml --set a=1)
brink_cli_test(compare_three 2 "^brink: more than two scenarios" compare a.yaml b.yaml c.yaml)
brink_cli_test(compare_missing 1 "^brink: /nonexistent/x.yaml: cannot open" compare /nonexistent/x.yaml --set a=1)
brink_cli_test(compare_bad_set 3 "^brink: [^\n]*: " compare --set flows.NO_SUCH_FLOW.enforcement_sensitivity=x --runs 5)
brink_cli_test(compare_table 0 "base: +scenarios/iran-2025.yaml\nalternative: scenarios/iran-2025.yaml --set ${BRINK_COMPARE_CHANGE}\n40 runs each, seed 3, common random numbers; 40 runs paired\n\nquestion +base +alt +reference +diff \\(pp\\) +se \\(pp\\)\ntalks_3m +[0-9.]+% +[0-9.]+% +6\\.10% +[-+0-9.]+ +[-0-9.]+\n.*indicators that differ most.*chains that appear:.*chains that vanish:" compare --runs 40 --seed 3 --threads 2 --set ${BRINK_COMPARE_CHANGE})
set(BUILTIN ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/iran-2025.yaml)
brink_cli_test(compare_two_files 0 "\"base\": {\n  \"label\": \"[^\"]*iran-2025.yaml\",.*\"alt\": {\n  \"label\": \"[^\"]*iran-2025.yaml\",.*\"paired_runs\": 20,.*\"difference\": 0," compare ${BUILTIN} ${BUILTIN} --runs 20 --seed 4 --threads 2 --format json)
brink_cli_test(compare_other_horizon 3 "^brink: the two scenarios must share start, step and horizon" compare --set scenario.horizon_weeks=120 --runs 5)
brink_same_test(compare_threads_json 0 compare --runs 50 --seed 9 --threads 1 --format json --set ${BRINK_COMPARE_CHANGE} -- compare --runs 50 --seed 9 --threads 2 --format json --set ${BRINK_COMPARE_CHANGE})
brink_same_test(compare_threads_table 0 compare --runs 50 --seed 9 --threads 1 --set ${BRINK_COMPARE_CHANGE} -- compare --runs 50 --seed 9 --threads 3 --set ${BRINK_COMPARE_CHANGE})
brink_same_test(compare_change_matters 1 compare --runs 50 --seed 9 --format json --set scenario.seed=1 -- compare --runs 50 --seed 9 --format json --set ${BRINK_COMPARE_CHANGE})
# brink sensitivity (cli/cmd_sensitivity.c, cli/paired.c): usage errors; a parameter that moves
# the rial's questions (economy.fx_news_jump: the jump of the free-market rate on sanctions news)
# ranks above one that cannot move anything once the only leader cannot die (the successor's
# age, read only at a succession) — that one runs every pair (--pilot 0) and its effect is
# exactly 0 on common random numbers, and with a pilot it is found inert; byte-identical at any
# --threads.
set(BRINK_SENS_ARGS --runs 40 --seed 5 -q --questions rial_1_2m_6m,rial_1_5m_12m
    --params economy.fx_news_jump,domestic.successor_age_years
    --set actors.IRN_LEADER.params.domestic.mortality_at_80_per_year=0
    --set actors.IRN_LEADER.params.domestic.strike_leader_death_prob=0)
brink_cli_test(sensitivity_help 0 "^usage: brink sensitivity" sensitivity --help)
brink_cli_test(sensitivity_bad_runs 2 "^brink: --runs needs a number from 1 to" sensitivity --runs 0)
brink_cli_test(sensitivity_bad_pilot 2 "^brink: --pilot needs a number" sensitivity --pilot x)
brink_cli_test(sensitivity_bad_top 2 "^brink: --top needs a number" sensitivity --top 0)
brink_cli_test(sensitivity_bad_format 2 "^brink: --format needs table or json" sensitivity --format xml)
brink_cli_test(sensitivity_bad_params 2 "^brink: --params: 'nuclear.nope' names no registered parameter" sensitivity --params economy.,nuclear.nope)
brink_cli_test(sensitivity_bad_exclude 2 "^brink: --exclude: 'zzz' names no registered parameter" sensitivity --exclude zzz)
brink_cli_test(sensitivity_bad_question 2 "^brink: --questions: scenarios/iran-2025.yaml has no question 'nope'" sensitivity --questions rial_1_2m_6m,nope --runs 5)
brink_cli_test(sensitivity_two_files 2 "^brink: more than one scenario" sensitivity a.yaml b.yaml)
brink_cli_test(sensitivity_unknown_option 2 "^brink: unknown option '--frob'" sensitivity --frob)
brink_cli_test(sensitivity_missing 1 "^brink: /nonexistent/x.yaml: cannot open" sensitivity /nonexistent/x.yaml)
brink_cli_test(sensitivity_bad_set 3 "^brink: [^\n]*: " sensitivity --set flows.NO_SUCH_FLOW.enforcement_sensitivity=x --runs 5 --params economy.fx_news_jump)
brink_cli_test(sensitivity_ranks 0 "\"overall\": \\[\"economy.fx_news_jump\"\\],\n \"parameters\": \\[\n  {\n   \"name\": \"economy.fx_news_jump\",\n   \"rank\": 1,\n   \"status\": \"varied\",\n   \"overall\": 0\\.[0-9]*[1-9].*\"name\": \"domestic.successor_age_years\",\n   \"rank\": 2,\n   \"status\": \"varied\",\n   \"overall\": 0,\n.*\"paired_runs\": {\n    \"low\": 40,\n    \"high\": 40\n   },\n   \"effects\": \\[\n    {\n     \"question\": \"rial_1_2m_6m\",\n     \"score\": 0," sensitivity ${BRINK_SENS_ARGS} --pilot 0 --format json)
brink_cli_test(sensitivity_inert 0 "1 varied, 1 inert in the first 20 runs.*rial_1_2m_6m \\(base [0-9.]+%\\):\n +1 +economy.fx_news_jump +low -[0-9.]+ \\([0-9.]+\\) +high \\+[0-9.]+" sensitivity ${BRINK_SENS_ARGS})
brink_cli_test(sensitivity_out 0 "written: [^\n]*/sens-out/sensitivity.json, [^\n]*/sens-out/sensitivity.csv\n$" sensitivity --runs 5 -q --params economy.fx_news_jump --out ${CMAKE_CURRENT_BINARY_DIR}/sens-out)
brink_cli_test(params_prefix 0 "^parameter [^\n]*\ntrust.breach_weight [^\n]*\n(trust\.[^\n]*\n)+$" params --prefix trust.)
brink_cli_test(params_prefix_none 2 "^brink: --prefix 'zzz.' selects no parameter" params --prefix zzz.)
brink_same_test(sensitivity_threads 0 sensitivity ${BRINK_SENS_ARGS} --threads 1 --format json -- sensitivity ${BRINK_SENS_ARGS} --threads 2 --format json)
foreach(mode report compare)
  add_test(NAME cli.${mode}_end_to_end
           COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DMODE=${mode}
                   -DCHANGE=${BRINK_COMPARE_CHANGE} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/report-${mode}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_report.cmake)
  set_tests_properties(cli.${mode}_end_to_end PROPERTIES TIMEOUT 300)
endforeach()
# Debian's python3 (/usr/bin), where python3-selenium is installed, not a python on PATH.
add_test(NAME browser.report
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/browser/check_report.py
                 --brink $<TARGET_FILE:brink> --work ${CMAKE_CURRENT_BINARY_DIR}/browser-report
                 --set ${BRINK_COMPARE_CHANGE})
set_tests_properties(browser.report PROPERTIES TIMEOUT 300 LABELS browser)

# brink calibrate (cli/cmd_calibrate.c): usage errors; bad configs (tests/data/calibration/bad,
# `# expect: LINE:COL` as for bad scenarios); the synthetic check (tests/check_calibrate.cmake:
# the target generated by the model at a known value, which the retained range must contain and
# pin down, at two truths; the same bytes at --threads 1 and 2).
brink_cli_test(calibrate_help 0 "^usage: brink calibrate" calibrate --help)
brink_cli_test(calibrate_no_config 2 "^brink: no config given" calibrate)
brink_cli_test(calibrate_bad_threads 2 "^brink: --threads needs a number" calibrate --threads 0 x.yaml)
brink_cli_test(calibrate_missing 1 "^brink: /nonexistent/c.yaml: cannot open" calibrate /nonexistent/c.yaml)
file(GLOB BRINK_BAD_CALIBRATIONS CONFIGURE_DEPENDS ${BRINK_TEST_DATA}/calibration/bad/*.yaml)
foreach(f ${BRINK_BAD_CALIBRATIONS})
  get_filename_component(name ${f} NAME_WE)
  add_test(NAME calibrate.bad.${name}
           COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink> -DFILE=${f} -DCMD=calibrate
                   "-DEXTRA=--out;${CMAKE_CURRENT_BINARY_DIR}/calibrate-bad"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_bad.cmake)
  set_tests_properties(calibrate.bad.${name} PROPERTIES TIMEOUT 60)
endforeach()
foreach(truth 8 18)
  if(truth EQUAL 8)
    set(bounds -DMINLO=5 -DMAXHI=12)
  else()
    set(bounds -DMINLO=11 -DMAXHI=26)
  endif()
  add_test(NAME calibrate.synthetic_${truth}
           COMMAND ${CMAKE_COMMAND} -DBRINK=$<TARGET_FILE:brink>
                   -DCONFIG=${BRINK_TEST_DATA}/calibration/synthetic.yaml
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/calibrate-synthetic-${truth}
                   -DPARAM=economy.evasion_halflife_weeks "-DPRIOR=range: [4, 26]" -DTARGET=trough
                   -DTRUTH=${truth} ${bounds}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_calibrate.cmake)
  set_tests_properties(calibrate.synthetic_${truth} PROPERTIES TIMEOUT 300)
endforeach()
add_test(NAME calibrate.frozen_in_builtin
         COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_CURRENT_SOURCE_DIR}
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_frozen.cmake)
