# brink — convenience targets over CMake + Ninja. Every target first makes sure the Debian
# packages are there (scripts/deps.sh is quick when they are).
#
#   make run        install deps, build (Release), forecast the built-in scenario (brink-out/)
#   make test       install deps, build, run every test (ctest)
#   make asan       the same tests in an AddressSanitizer + UndefinedBehaviorSanitizer build
#   make tsan       the tests in a ThreadSanitizer build
#   make docs       regenerate the generated parts of the docs
#   make install    install into PREFIX (default /usr/local)

BUILD ?= build
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# -Werror in CI (CI=true), warnings stay warnings on a developer's machine.
WERROR := $(if $(filter true 1,$(CI)),ON,OFF)
CMAKE_FLAGS = -G Ninja -DBRINK_WERROR=$(WERROR)
CTEST = ctest --output-on-failure -j $(JOBS)

.PHONY: all deps build run test asan tsan docs install clean

all: build

deps:
	@sh scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/brink check --quiet
	./$(BUILD)/brink forecast

test: build
	cd $(BUILD) && $(CTEST)

asan: deps
	@cmake -S . -B $(BUILD)-asan $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DBRINK_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(CTEST)

tsan: deps
	@cmake -S . -B $(BUILD)-tsan $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DBRINK_TSAN=ON >/dev/null
	@cmake --build $(BUILD)-tsan -j $(JOBS)
	cd $(BUILD)-tsan && TSAN_OPTIONS=halt_on_error=1 $(CTEST)

docs: build
	sh scripts/gen-docs.sh ./$(BUILD)/brink

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-tsan
