#!/bin/sh
# Builds netledger and runs its whole test suite:
#   - a -Werror build with every unit and integration test,
#   - an ASan+UBSan build running the same tests,
#   - the decoders' libFuzzer targets, briefly (clang),
#   - the macOS cross build for x86_64 and arm64 (zig from npm),
# then prints one closing line "N passed, N failed, N skipped".
# Integration tests need root (they create network namespaces); without
# it they are skipped, and say so.
set -u
cd "$(dirname "$0")/.."

scripts/setup.sh || { echo "setup failed"; exit 1; }

status=0
logs=""

build() { # dir, meson options...
	dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		meson setup --reconfigure "$dir" "$@" >/dev/null || return 1
	else
		meson setup "$dir" "$@" >/dev/null || return 1
	fi
	ninja -C "$dir"
}

run_suite() { # dir, meson test options...
	dir=$1
	shift
	meson test -C "$dir" --print-errorlogs "$@" || status=1
	logs="$logs $dir/meson-logs/testlog.json"
}

echo "== build (warnings are errors)"
if build build -Dwerror=true; then
	run_suite build
else
	echo "build failed"
	status=1
fi

echo "== build with AddressSanitizer and UndefinedBehaviorSanitizer"
if build build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
	-Dbuildtype=debug; then
	run_suite build-asan
else
	echo "sanitizer build failed"
	status=1
fi

# Steps that are not meson tests count as one test each.
mkdir -p build
steps=build/steps-testlog.json
: > "$steps"
step() { # name, command...
	name=$1
	shift
	echo "== $name"
	if "$@"; then
		echo "{\"name\": \"$name\", \"result\": \"OK\"}" >> "$steps"
	else
		echo "{\"name\": \"$name\", \"result\": \"FAIL\"}" >> "$steps"
		status=1
	fi
}
step "fuzz decoders (${NLG_FUZZ_SECONDS:-10} s each)" scripts/fuzz.sh "${NLG_FUZZ_SECONDS:-10}"
step "build without the eBPF socket counter" scripts/check-no-ebpf.sh
step "cross build for macOS x86_64 and arm64" scripts/cross-macos.sh

# shellcheck disable=SC2086
python3 scripts/test-summary.py $logs "$steps" || status=1
exit $status
