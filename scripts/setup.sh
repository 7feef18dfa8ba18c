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
chromium
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

if [ -n "$missing" ]; then
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
fi

# The history page's chart library (embedded into netledgerd by the build,
# with its licence) and the browser driver of its test, both from npm, into
# .toolchain/web (not committed). Versions are pinned: puppeteer-core 24
# is the last line that runs on Debian 12's Node.js 18/20.
WEB_NPM="uplot@1.6.32 puppeteer-core@24.43.1"
web=$(cd "$(dirname "$0")/.." && pwd)/.toolchain/web
stamp="$web/installed"
if [ "$(cat "$stamp" 2>/dev/null)" != "$WEB_NPM" ]; then
	echo "setup: npm install $WEB_NPM"
	mkdir -p "$web"
	# shellcheck disable=SC2086
	npm install --prefix "$web" --no-save --no-audit --no-fund --no-package-lock $WEB_NPM
	echo "$WEB_NPM" > "$stamp"
fi
