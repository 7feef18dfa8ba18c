#!/bin/sh
# The exported symbols of the built library are exactly the functions that
# include/netledger.h declares, and the version script lists the same.
#   check_symbols.sh LIBRARY HEADER MAP [elf | macho ARCHIVE]
# elf: nm -D (Linux). macho: the dylib's exports trie (what dyld binds),
# where names carry a leading '_'; the cross toolchain links its own
# runtime (compiler-rt's __builtins, ceil, cos, ...) into the dylib, so
# only the names that ARCHIVE (the library's own objects) defines count.
set -eu
lib=$1 header=$2 map=$3 format=${4:-elf} archive=${5:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# declarations: comments removed, then every name called like a function
sed -e 's|/\*.*\*/||g' "$header" | grep -v -e '^[[:space:]]*\*' -e '^[[:space:]]*/\*' |
	grep -o 'nlg_[a-z0-9_]*(' | tr -d '(' | sort -u > "$tmp/header"
grep -o '^[[:space:]]*nlg_[a-z0-9_]*;' "$map" | tr -d ' \t;' | sort -u > "$tmp/map"
case $format in
elf)
	nm -D --defined-only "$lib" | awk '$2 ~ /^[TWi]$/ { print $3 }' | sed 's/@.*//' ;;
macho)
	llvm-nm -g --defined-only "$archive" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u > "$tmp/own"
	[ -s "$tmp/own" ] || { echo "FAIL: no symbol defined in $archive"; exit 1; }
	llvm-objdump --macho --exports-trie "$lib" | awk '$1 ~ /^0x/ { print $2 }' | sort -u |
		comm -12 - "$tmp/own" | sed 's/^_//' ;;
*)
	echo "check_symbols: unknown format $format" >&2; exit 2 ;;
esac | sort -u > "$tmp/lib"

status=0
compare() { # A B WHAT
	if ! cmp -s "$tmp/$1" "$tmp/$2"; then
		echo "FAIL: $3:"
		diff "$tmp/$1" "$tmp/$2" | sed -n 's/^</  only in '"$1"':/p; s/^>/  only in '"$2"':/p'
		status=1
	fi
}
compare header lib "the library's exports differ from the header's functions"
compare header map "the version script differs from the header's functions"
[ -s "$tmp/header" ] || { echo "FAIL: no function found in $header"; status=1; }
[ "$status" = 0 ] && echo "ok - $(wc -l < "$tmp/lib") exported symbols, exactly the functions of $(basename "$header")"
exit "$status"
