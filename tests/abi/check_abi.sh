#!/bin/sh
# The SONAME rule of include/netledger.h, checked: the library's SONAME is
# libnetledger.so.MAJOR with MAJOR the header's NLG_VERSION_MAJOR, the
# project's version is the header's, and every function that
# tests/abi/abi-MAJOR.txt records for this MAJOR is still exported: a
# function removed or renamed without a MAJOR bump (which would break a
# program built against the previous header, under the same SONAME) fails.
#   check_abi.sh LIBRARY HEADER PROJECT_VERSION ABI_DIR
set -eu
lib=$1 header=$2 version=$3 dir=$4
num() { sed -n "s/^#define $1 \([0-9]*\)$/\1/p" "$header"; }
major=$(num NLG_VERSION_MAJOR) minor=$(num NLG_VERSION_MINOR) patch=$(num NLG_VERSION_PATCH)
status=0
if [ "$major.$minor.$patch" != "$version" ]; then
	echo "FAIL: the header says $major.$minor.$patch, the project $version"; status=1
fi
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" != "libnetledger.so.$major" ]; then
	echo "FAIL: SONAME $soname, the rule wants libnetledger.so.$major"; status=1
fi
recorded=$dir/abi-$major.txt
if [ ! -f "$recorded" ]; then
	echo "FAIL: no $recorded: record the exports of MAJOR $major (nm -D --defined-only)"; exit 1
fi
missing=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TWi]$/ { sub(/@.*/, "", $3); print $3 }' |
	sort -u | comm -13 - "$recorded")
if [ -n "$missing" ]; then
	echo "FAIL: exported by $major.0 and gone without a MAJOR bump:"
	echo "$missing" | sed 's/^/  /'
	status=1
fi
[ "$status" = 0 ] && echo "ok - $soname, $version, the $(wc -l < "$recorded") functions of $major.0 all exported"
exit "$status"
