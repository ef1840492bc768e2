#!/usr/bin/env bash
# Runs the import benchmark driver (cmd/parley-bench-import); flags pass
# through (-maildir DIR | -scale N -seed S, -cache, -out, -work, -profile,
# -no-peers, -no-cli, -no-inproc, -overlap). JSON goes to stdout and to
# OUT/import-NAME.json; progress to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
# Inside its own D-Bus session with an unlocked gnome-keyring: every
# workspace key comes from a real Secret Service, as on a rep's laptop.
unset PARLEY_PASSPHRASE PARLEY_NO_KEYCHAIN PARLEY_HOME
exec dbus-run-session -- ./scripts/with-keyring.sh ./build/bin/parley-bench-import -parley ./build/bin/parley "$@"
