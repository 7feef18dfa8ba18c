#!/bin/sh
# Installs the Debian packages netledger needs to build and test.
# Idempotent and non-interactive: only missing packages are installed.
set -eu

PACKAGES="
build-essential meson ninja-build pkg-config
libmnl-dev libjson-c-dev libcmocka-dev
libmicrohttpd-dev wrk
iproute2 procps jq python3 file
python3-jsonschema
clang llvm libclang-rt-14-dev
libbpf-dev bpftool
libsqlite3-dev sqlite3 curl
libncurses-dev tmux
"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

# npm (for the macOS cross compiler) may come with a Node.js from
# elsewhere; only a machine with no npm at all gets Debian's.
if ! command -v npm >/dev/null 2>&1; then
	missing="$missing nodejs npm"
fi

if [ -z "$missing" ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
echo "setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
