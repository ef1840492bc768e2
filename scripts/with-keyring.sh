#!/usr/bin/env bash
# Runs a command inside the current D-Bus session with a real, unlocked
# Secret Service (gnome-keyring), so keychain tests talk to a real keychain.
# Use under dbus-run-session.
set -euo pipefail
export PARLEY_TEST_KEYRING=1
printf 'parley-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
exec "$@"
