#!/bin/bash
# Polling cost of the SNMP network collector with many real agents, as root:
#   N snmpd (default 20) in network namespaces, each with 64 veth interfaces (32 pairs) (+ lo, mgmt0), reachable from the
#   root namespace over a management veth at 10.81.K.2. The console (Release build) polls them all at INTERVAL
#   and its CPU time is read from /proc over WINDOW seconds; a baseline run without the Network section (same
#   simulator, same window) is measured in the same invocation. Then one agent's ifTable+ifXTable is walked with
#   net-snmp's snmpbulkwalk for the walk-time comparison.
#   Last, the interval spread: the same agents polled every SPREAD_INTERVAL s (default 2) while agent N is stopped
#   (SIGSTOP: every request to it times out, 2 s x 2 attempts, longer than the interval); the console logs each
#   poll at debug level (JSON lines in Production) and the intervals of agent 1's and agent N's polls are read from
#   those lines' timestamps.
# Usage: [DLL=path] bench/snmp-poll.sh [N] [INTERVAL_S] [WINDOW_S] [SPREAD_INTERVAL_S]   (ONLY=spread: the spread alone)
set -euo pipefail
N=${1:-20}; INTERVAL=${2:-10}; WINDOW=${3:-60}; SPREAD=${4:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# DLL=...: another build (e.g. bench/out/app/OnlineConsole.dll, published by bench/run.sh).
DLL=${DLL:-$ROOT/OnlineConsole/bin/Release/net10.0/OnlineConsole.dll}
WORK=$(mktemp -d /tmp/snmp-bench.XXXX); chmod 755 "$WORK"
# A copy of the build, so a build during the run cannot change what is measured.
cp -r "$(dirname "$DLL")" "$WORK/app"; DLL=$WORK/app/$(basename "$DLL")
export MIBS=
ns() { echo "ocb-a$1"; }

down() {
  for k in $(seq "$N"); do
    [ -f "$WORK/a$k.pid" ] && kill -CONT "$(cat "$WORK/a$k.pid")" 2>/dev/null && kill "$(cat "$WORK/a$k.pid")" 2>/dev/null || true
  done
  sleep 0.5
  for k in $(seq "$N"); do ip link del "ocbm-$k" 2>/dev/null || true; ip netns del "$(ns $k)" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap down EXIT

ip route replace unreachable 10.81.0.0/16
for k in $(seq "$N"); do
  S=$(ns $k); ip netns add "$S"; ip -n "$S" link set lo up
  # 32 veth pairs = 64 interfaces (no dummy module in this kernel); both ends up so they count as links up.
  for p in $(seq 32); do ip -n "$S" link add "swp$p" type veth peer name "swq$p"; ip -n "$S" link set "swp$p" up; ip -n "$S" link set "swq$p" up; done
  ip link add "ocbm-$k" type veth peer name mgmt0 netns "$S"
  ip addr add "10.81.$k.1/30" dev "ocbm-$k"; ip link set "ocbm-$k" up
  ip -n "$S" addr add "10.81.$k.2/30" dev mgmt0; ip -n "$S" link set mgmt0 up
  mkdir -p "$WORK/a$k"
  printf 'agentAddress udp:10.81.%s.2:161\nrocommunity public\n' "$k" > "$WORK/a$k/snmpd.conf"
  SNMP_PERSISTENT_DIR=$WORK/a$k ip netns exec "$S" snmpd -f -Lf "$WORK/a$k/log" -C -c "$WORK/a$k/snmpd.conf" >/dev/null 2>&1 &
  echo $! > "$WORK/a$k.pid"
done
for k in $(seq "$N"); do
  for _ in $(seq 100); do snmpget -v2c -c public -t 0.2 -r 0 "10.81.$k.2" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1 && break; done
done
PORTS=$(( $(snmpbulkwalk -v2c -c public -On 10.81.1.2 1.3.6.1.2.1.2.2.1.1 | wc -l) * N ))

# CPU seconds (user+system) of a process, from /proc/PID/stat.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }

measure() {  # measure LABEL ARGS... -> prints CPU seconds used over WINDOW after a warm-up
  local label=$1; shift
  local port=$((20000 + RANDOM % 20000))
  (cd "$(dirname "$DLL")" && ASPNETCORE_ENVIRONMENT=Production exec dotnet "$DLL" --urls "http://127.0.0.1:$port" \
      --Data:Directory="$WORK/data-$label" --Logging:LogLevel:Default=Warning "$@" >"$WORK/$label.log" 2>&1) &
  local pid=$!
  sleep 20
  local a; a=$(cpu "$pid"); sleep "$WINDOW"; local b; b=$(cpu "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b - a }'
}

SWITCHES=()
for k in $(seq "$N"); do
  i=$((k - 1))
  SWITCHES+=(--Network:Switches:$i:Name="a$k" --Network:Switches:$i:Address="10.81.$k.2" --Network:Switches:$i:Community=public)
done
ARGS=(--Network:PollInterval="00:00:$(printf %02d "$INTERVAL")" --Network:DiscoveryInterval=00:10:00 --Network:Timeout=00:00:02 "${SWITCHES[@]}")
if [ "${ONLY:-}" != spread ]; then
base=$(measure baseline)
poll=$(measure polling "${ARGS[@]}")
# A run where agents did not answer would measure the wrong thing: say so.
failures=$(grep -c "did not answer\|failed" "$WORK/polling.log" || true)

# One agent's full ifTable + ifXTable with net-snmp (best of 5).
best=999
for _ in 1 2 3 4 5; do
  t0=$(date +%s.%N)
  snmpbulkwalk -v2c -c public -Cr20 -On 10.81.1.2 1.3.6.1.2.1.2.2 >/dev/null
  snmpbulkwalk -v2c -c public -Cr20 -On 10.81.1.2 1.3.6.1.2.1.31.1.1 >/dev/null
  t1=$(date +%s.%N)
  best=$(awk -v a="$t0" -v b="$t1" -v c="$best" 'BEGIN { d = b - a; print (d < c ? d : c) }')
done
fi

# Interval spread of a healthy agent beside one that always times out.
kill -STOP "$(cat "$WORK/a$N.pid")"
measure spread --Network:PollInterval="00:00:$(printf %02d "$SPREAD")" --Network:DiscoveryInterval=00:10:00 --Network:Timeout=00:00:02 --Network:Retries=1 \
  --Logging:LogLevel:OnlineConsole.Collectors.Network.NetworkCollector=Debug "${SWITCHES[@]}" >/dev/null
kill -CONT "$(cat "$WORK/a$N.pid")"
# Production logs one JSON object a line, {"Timestamp":"2026-12-02T16:00:01.234Z",...,"Message":"Polled a1 in 12 ms:
# 66 ports",...}: the intervals between one device's polls, from those timestamps (UTC, with the date).
intervals() {  # intervals DEVICE -> "n intervals: min, median, p95, max" of its polls during the spread run
  python3 - "$WORK/spread.log" "$1" <<'PY'
import json, re, sys
from datetime import datetime
at = []
for line in open(sys.argv[1], errors="replace"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if re.match(r"Polled %s in " % re.escape(sys.argv[2]), e.get("Message", "")):
        at.append(datetime.fromisoformat(e["Timestamp"].replace("Z", "+00:00")).timestamp())
d = sorted(b - a for a, b in zip(at, at[1:]))
if not d:
    print("no intervals logged (%d polls)" % len(at))
else:
    q = lambda f: d[min(len(d) - 1, int(f * len(d)))]
    print("%d intervals: min %.3f s, median %.3f s, p95 %.3f s, max %.3f s" % (len(d), d[0], q(0.5), q(0.95), d[-1]))
PY
}
spread=$(intervals a1)
mute_spread=$(intervals "a$N")
mute=$(grep -cE "Polled a$N in .*failed" "$WORK/spread.log" || true)

[ "${ONLY:-}" != spread ] && awk -v n="$N" -v ports="$PORTS" -v iv="$INTERVAL" -v w="$WINDOW" -v base="$base" -v poll="$poll" -v walk="$best" -v fails="$failures" 'BEGIN {
  extra = poll - base; per1000 = extra / w / ports * 1000;
  printf "agents %d, ports %d, interval %d s, window %d s\n", n, ports, iv, w;
  printf "console CPU: baseline %.2f s, polling %.2f s, polling cost %.2f s = %.2f %% of one core\n", base, poll, extra, extra / w * 100;
  printf "per 1,000 ports at %d s: %.3f %% of one core\n", iv, per1000 * 100;
  printf "9,000 ports at %d s (linear): %.2f %% of one core; one core sustains ~%.2f s interval for 9,000 ports\n", iv, per1000 * 9 * 100, iv * per1000 * 9;
  printf "snmpbulkwalk ifTable+ifXTable of one agent (best of 5): %.3f s\n", walk;
  printf "collector warnings (agents not answering) during the polling run: %d\n", fails;
}'
echo "interval spread at ${SPREAD} s, a1 (healthy): $spread"
echo "interval spread at ${SPREAD} s, a$N (never answers, $mute polls without answer): $mute_spread"
