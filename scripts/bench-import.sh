#!/usr/bin/env bash
# Runs the import benchmark driver (cmd/parley-bench-import); flags pass
# through (-maildir DIR | -scale N -seed S, -cache, -out, -work, -profile,
# -no-peers, -no-cli, -no-inproc, -overlap). JSON goes to stdout and to
# OUT/import-NAME.json; progress to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./build/bin/parley-bench-import -parley ./build/bin/parley "$@"
