#!/usr/bin/env bash
# Real-window smoke test: runs the desktop binary under Xvfb on a fresh demo
# workspace, screenshots the window, and checks that it is not blank, that
# the app reports the workspace open, and that it shuts down cleanly.
set -euo pipefail
bin=$(realpath "${1:-build/bin/parley-desktop}")
shots=${PARLEY_SHOTS:-/tmp/parley-shots}
mkdir -p "$shots"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export PARLEY_HOME=$home PARLEY_PASSPHRASE=smoke-passphrase PARLEY_NO_KEYCHAIN=1
shot=$shots/window.png
log=$home/logs/parley.log

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  bin=$1 shot=$2 log=$3
  "$bin" --demo >"$PARLEY_HOME/stdout.txt" 2>&1 & pid=$!
  for _ in $(seq 1 120); do grep -q "workspace open" "$log" 2>/dev/null && break; sleep 0.5; done
  win=""
  for _ in $(seq 1 60); do win=$(xdotool search --name "^Parley$" 2>/dev/null | head -1) && [ -n "$win" ] && break; sleep 0.5; done
  sleep 5 # let the UI render the demo data
  import -window root "$shot"
  # A second launch on the same data folder hands over to this window and
  # exits at once (Wails exits 1 after the hand-over); 124 means it hung.
  timeout 15 "$bin" --demo >"$PARLEY_HOME/second.txt" 2>&1; rc=$?
  [ "$rc" != 124 ] && echo "$rc" >"$PARLEY_HOME/second-exit"
  kill -0 "$pid" 2>/dev/null && echo alive >"$PARLEY_HOME/first-alive"
  kill -TERM "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  [ -n "$win" ] || { echo "no window titled Parley appeared"; exit 1; }
' _ "$bin" "$shot" "$log"

fail=0
grep -q '"workspace open"' "$log" || { echo "FAIL: the app never reported the workspace open"; cat "$home/stdout.txt"; fail=1; }
size=$(identify -format '%wx%h' "$shot")
[ "$size" = "1280x800" ] || { echo "FAIL: screenshot is $size, want 1280x800"; fail=1; }
colours=$(convert "$shot" -format '%k' info:)
[ "$colours" -ge 64 ] || { echo "FAIL: only $colours colours: the window looks blank"; fail=1; }
grep -q '"workspace closed"' "$log" || { echo "FAIL: no clean shutdown (workspace not closed)"; fail=1; }
[ -f "$home/second-exit" ] && [ -f "$home/first-alive" ] || { echo "FAIL: a second launch did not hand over to the running app"; cat "$home/second.txt"; fail=1; }
if [ $fail = 0 ]; then
  echo "window smoke: $size, $colours colours, screenshot $shot"
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
  exit 1
fi
