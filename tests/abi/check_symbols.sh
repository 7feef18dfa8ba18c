#!/bin/sh
# The exported symbols of the built library are exactly the functions that
# include/netledger.h declares, and the version script lists the same.
#   check_symbols.sh LIBRARY HEADER MAP [elf|macho]
# elf: nm -D (Linux); macho: llvm-nm -gU on a dylib, where names carry a
# leading '_' and the compiler's own runtime (names in the reserved '__'
# space, linked in by the cross toolchain) is left out.
set -eu
lib=$1 header=$2 map=$3 format=${4:-elf}
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
	llvm-nm -gU "$lib" | awk '$2 == "T" { print $3 }' | sed 's/^_//' | grep -v '^__' ;;
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
