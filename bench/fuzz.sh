#!/bin/sh
# A longer fuzzing session of every decoder: SECONDS each (default 300).
set -eu
exec "$(dirname "$0")/../scripts/fuzz.sh" "${1:-300}"
