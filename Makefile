# Thin wrapper over the CMake presets. The README's quick start uses `make demo` and `make check`.
.PHONY: deps demo check dev test asan release bench clean

deps:
	@./scripts/install-deps.sh

# Build the scanner (release preset) and scan the bundled examples with the bundled policies.
# The examples are insecure on purpose, so the scan's exit status (1: findings) is not an error.
demo: deps release
	@./build/release/ecsguard scan testdata/examples/ || test $$? -eq 1

release:
	cmake --preset release >/dev/null
	cmake --build --preset release

# Everything CI runs: the whole suite with -Werror, again under ASan+UBSan, and the library's
# concurrency test under ThreadSanitizer.
check: deps
	cmake --preset ci >/dev/null
	cmake --build --preset ci
	ctest --preset ci
	cmake --preset asan >/dev/null
	cmake --build --preset asan
	ctest --preset asan
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan --target cpp_api_test
	ctest --preset tsan

# The performance benchmark of docs/performance.md: release build, generated inputs (cached in
# build/bench-data), every ratio measured in the same run; the table lands in build/bench-results.md.
bench: deps release
	python3 bench/run.py --no-build

dev: deps
	cmake --preset dev >/dev/null
	cmake --build --preset dev

test: dev
	ctest --preset dev

clean:
	rm -rf build
