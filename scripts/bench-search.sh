#!/usr/bin/env bash
# Runs parley-bench search inside its own D-Bus session with an unlocked
# gnome-keyring, so the workspace key comes from a real Secret Service as
# on a rep's laptop (never from PARLEY_PASSPHRASE).
#   scripts/bench-search.sh -maildir ../shared/corpus/public
#   scripts/bench-search.sh -scale 200000 -seed 1
set -euo pipefail
cd "$(dirname "$0")/.."
unset PARLEY_PASSPHRASE PARLEY_HOME
exec dbus-run-session -- ./scripts/with-keyring.sh ./build/bin/parley-bench search "$@"
