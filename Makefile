# brink — convenience targets over CMake + Ninja. Every target first makes sure the Debian
# packages are there (scripts/deps.sh is quick when they are).
#
#   make run        install deps, build (Release, profile-guided: $(BUILD)-release), forecast the
#                   built-in scenario (brink-out/)
#   make release    only that build (scripts/pgo.sh)
#   make test       install deps, build, run every test (ctest)
#   make asan       the same tests in an AddressSanitizer + UndefinedBehaviorSanitizer build
#   make tsan       the tests in a ThreadSanitizer build
#   make tsan-threads  the tests of threaded code (ctest label `threads`) in the ThreadSanitizer
#                   build: what CI runs
#   make check-long the large versions of the statistical, pattern and forecast tests (ctest label
#                   `long`; a Release build with BRINK_LONG_TESTS=ON in $(BUILD)-long); not in CI
#   make fuzz       the libFuzzer targets (clang), FUZZ_SECONDS each (scripts/fuzz.sh)
#   make docs       regenerate the generated parts of the docs
#   make install    install into PREFIX (default /usr/local)

BUILD ?= build
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# -Werror in CI (CI=true), warnings stay warnings on a developer's machine.
WERROR := $(if $(filter true 1,$(CI)),ON,OFF)
CMAKE_FLAGS = -G Ninja -DBRINK_WERROR=$(WERROR)
CTEST = ctest --output-on-failure -j $(JOBS)
ASAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
TSAN_ENV = TSAN_OPTIONS=halt_on_error=1
FUZZ_SECONDS ?= 60

.PHONY: all deps build release run test asan tsan tsan-build tsan-threads check-long fuzz docs install clean

all: build

deps:
	@sh scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The profile-guided Release build that `make run` forecasts with (scripts/pgo.sh: an instrumented
# build in $(BUILD)-release-gen, a training forecast, the optimised build): the same results as
# $(BUILD)/brink to the byte, faster (bench/RESULTS.md).
release: deps
	@sh scripts/pgo.sh $(BUILD)-release -DBRINK_WERROR=$(WERROR)

run: release
	./$(BUILD)-release/brink check --quiet
	./$(BUILD)-release/brink forecast

test: build
	cd $(BUILD) && $(CTEST)

# The sanitizer builds leave MPI out (BRINK_MPI=OFF): Open MPI's own allocations and threads are
# not sanitizer-clean. The ranks' side of the ensemble (its remote feed) is exercised in process by
# unit.partial, which these builds run. docs/distributed.md.
asan: deps
	@cmake -S . -B $(BUILD)-asan $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DBRINK_SANITIZE=ON -DBRINK_MPI=OFF >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && $(ASAN_ENV) $(CTEST)

tsan-build: deps
	@cmake -S . -B $(BUILD)-tsan $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DBRINK_TSAN=ON -DBRINK_MPI=OFF >/dev/null
	@cmake --build $(BUILD)-tsan -j $(JOBS)

tsan: tsan-build
	cd $(BUILD)-tsan && $(TSAN_ENV) $(CTEST)

tsan-threads: tsan-build
	cd $(BUILD)-tsan && $(TSAN_ENV) $(CTEST) -L threads

check-long: deps
	@cmake -S . -B $(BUILD)-long $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release -DBRINK_LONG_TESTS=ON >/dev/null
	@cmake --build $(BUILD)-long -j $(JOBS)
	cd $(BUILD)-long && $(CTEST) -L long

fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh scripts/fuzz.sh

docs: build
	sh scripts/gen-docs.sh ./$(BUILD)/brink

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-tsan $(BUILD)-long $(BUILD)-release $(BUILD)-release-gen build-fuzz
