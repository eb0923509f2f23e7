#!/usr/bin/env bash
# smoke-test.sh: run on a Raspberry Pi with the course's boards (docs/src/pi/). Starts each
# device server of lab 13 with `--backend rpi`, toggles its device once through the lab's
# own client, and reports pass or fail per device: LED, relays, LCD, SHT31.
#
#   ./smoke-test.sh [DIR]    DIR holds the programs (default: this script's folder;
#                            `just pi TARGET HOST` copies both there)
#
# A device passes when its server starts and answers OK; at a terminal the script also asks
# you to confirm what you saw (an answer `n` fails the device). BACKEND=sim runs the same
# steps on simulated hardware (on any PC, to try the script itself).
set -uo pipefail

DIR=${1:-$(cd "$(dirname "$0")" && pwd)}
BACKEND=${BACKEND:-rpi}
WORK=$(mktemp -d)
SERVER_PID=""
declare -a RESULTS=()

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
  fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

# start_server NAME: starts DIR/NAME on a free loopback port; sets PORT. Waits for the
# server's first line ("Starting up ... port N"), at most 10 s.
start_server() {
  local log="$WORK/$1.out"
  "$DIR/$1" --host 127.0.0.1 --port 0 --backend "$BACKEND" --quiet >"$log" 2>"$WORK/$1.err" &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 100); do
    PORT=$(sed -n '1s/.* port \([0-9][0-9]*\)$/\1/p' "$log")
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "  $1 did not start: $(head -n 1 "$WORK/$1.err")"
  stop_server
  return 1
}

# client PROGRAM ARGS...: runs a client against PORT; prints its output; fails on exit != 0.
client() {
  local name=$1
  shift
  if ! "$DIR/$name" --port "$PORT" "$@" >"$WORK/client.out" 2>&1; then
    echo "  $name $*: $(tr '\n' ' ' <"$WORK/client.out")"
    return 1
  fi
  sed 's/^/  /' "$WORK/client.out"
}

# confirm QUESTION: at a terminal, the instructor's y/n; elsewhere yes.
confirm() {
  [ -t 0 ] || return 0
  local answer
  read -r -p "  $1 [y/n] " answer
  [ "$answer" = y ] || [ "$answer" = Y ]
}

record() { RESULTS+=("$(printf '%-7s %s' "$1" "$2")"); }

echo "== LED (BCM 13)"
if start_server led-server && client led on && confirm "Is the LED on?" \
  && client led off && confirm "Is the LED off again?"; then
  record pass LED
else
  record FAIL LED
fi
stop_server

echo "== relays (ET-OPTO RELAY 4 HAT: BCM 4, 18, 22, 24)"
ok=1
if start_server relay-server; then
  for relay in 1 2 3 4; do
    client relay $((2 * relay - 1)) && confirm "Did relay $relay click on?" \
      && client relay $((2 * relay)) || ok=0
  done
else
  ok=0
fi
if [ $ok = 1 ]; then record pass relays; else record FAIL relays; fi
stop_server

echo "== LCD (ET-LCD SW HAT; the relay server is stopped: they share pins)"
if start_server lcd-server && client lcd "netlabs smoke" \
  && confirm "Does line 1 of the LCD read 'netlabs smoke'?"; then
  record pass LCD
else
  record FAIL LCD
fi
stop_server

echo "== SHT31 (I2C bus 1, address 0x44)"
if start_server climate-server && client climate \
  && grep -Eq '^Temp = -?[0-9]+\.[0-9]$' "$WORK/client.out" \
  && confirm "Are the temperature and humidity about right for the room?"; then
  record pass SHT31
else
  record FAIL SHT31
fi
stop_server

echo
echo "== smoke test ($BACKEND backend)"
printf '%s\n' "${RESULTS[@]}"
! printf '%s\n' "${RESULTS[@]}" | grep -q '^FAIL'
