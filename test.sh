#!/usr/bin/env bash
# OnlineConsole: the one test command. Installs what the tests need when it is missing (Debian packages, npm
# packages), builds, and runs every test category against real services and a real browser.
# With CI=true nothing may be skipped: a missing tool, an empty category or a skipped test fails the run.
set -euo pipefail
cd "$(dirname "$0")"

CONFIG=${CONFIG:-Release}
CATEGORIES=(Unit Component Host Integration Browser)
# Debian packages the tests use: the browser, and the real peers of the collectors.
PACKAGES=(chromium redis-server snmpd snmp python3-aiosmtpd postgresql lldpd iproute2 prometheus prometheus-alertmanager supervisor zookeeper prometheus-node-exporter ceph-mon ceph-common rsyslog bsdutils mosquitto nginx-light docker-compose)
BINARIES=(/usr/bin/chromium /usr/bin/redis-server /usr/sbin/snmpd /usr/bin/snmpbulkwalk /usr/bin/python3 /usr/bin/pg_config /usr/sbin/lldpd /usr/sbin/ip /usr/bin/prometheus /usr/bin/prometheus-alertmanager /usr/bin/supervisord /usr/share/zookeeper/bin/zkServer.sh /usr/bin/prometheus-node-exporter /usr/bin/ceph-mon /usr/bin/ceph /usr/sbin/rsyslogd /usr/bin/logger /usr/sbin/mosquitto /usr/sbin/nginx /usr/bin/docker-compose)

log() { printf '\n== %s\n' "$*"; }

missing=()
for i in "${!PACKAGES[@]}"; do
  dpkg -s "${PACKAGES[$i]}" >/dev/null 2>&1 && [ -x "${BINARIES[$i]}" ] || missing+=("${PACKAGES[$i]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  # Services must not start by themselves: every test starts its own on a free port.
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null; $SUDO chmod +x /usr/sbin/policy-rc.d; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log "front-end packages and module tests"
(cd wwwroot-assets && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.ci-stamp && node --test test/ 2>&1 | tee /tmp/oc-node-test.log | tail -n 8)
node_pass=$(sed -n 's/^# pass //p' /tmp/oc-node-test.log); node_fail=$(sed -n 's/^# fail //p' /tmp/oc-node-test.log)

log "build ($CONFIG)"
dotnet build OnlineConsole.slnx -c "$CONFIG" -nologo -clp:ErrorsOnly

results=$(mktemp -d)
total_pass=${node_pass:-0}; total_fail=${node_fail:-0}; total_skip=0; status=0
run_category() {
  local name=$1 filter=$2
  log "tests: $name"
  set +e
  dotnet test OnlineConsole.Tests -c "$CONFIG" --no-build -nologo --filter "$filter" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" 2>&1 | tee "$results/$name.log" | grep -E -A6 '^\s*(Failed|Skipped) |Failed!|Passed!|No test matches' | grep -v -E '^\s*Passed ' || true
  set -e
  local line; line=$(grep -E '(Passed|Failed)! +- ' "$results/$name.log" | tail -n 1 || true)
  local p f s
  p=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$line"); f=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$line"); s=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$line")
  p=${p:-0}; f=${f:-0}; s=${s:-0}
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
  if [ -z "$line" ] || [ "$f" -gt 0 ]; then status=1; fi
  echo "$name: $p passed, $f failed, $s skipped"
  [ "$p" -gt 0 ] || { echo "category $name ran no test"; status=1; }
  if [ "${CI:-}" = true ] && [ "$s" -gt 0 ]; then echo "CI: $s skipped test(s) in $name"; status=1; fi
}
for c in "${CATEGORIES[@]}"; do run_category "$c" "Category=$c"; done
# Every test belongs to a category, or it would run nowhere.
uncategorized=$(printf 'Category!=%s&' "${CATEGORIES[@]}"); uncategorized=${uncategorized%&}
if ! dotnet test OnlineConsole.Tests -c "$CONFIG" --no-build -nologo --filter "$uncategorized" 2>&1 | grep -q 'No test matches'; then
  echo "tests without a Category trait exist: give each test class [Trait(\"Category\", ...)]"; status=1
fi

echo
echo "tests: $total_pass passed, $total_fail failed, $total_skip skipped"
exit $status
