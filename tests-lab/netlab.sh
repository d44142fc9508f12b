#!/bin/bash
# netlab.sh up|down|status|walk|set NODE IFACE up|down
# Network test lab in network namespaces (used by the Integration tests and bench/), as root:
#   2 switches ($PREFIX-sw1, $PREFIX-sw2: Linux bridge br0 + ports swpN, lldpd, snmpd + AgentX)
#   4 servers  ($PREFIX-srv1..4: eth0, lldpd)
#   srv1,srv2 -- sw1 ; srv3,srv4 -- sw2 ; sw1:swp48 -- sw2:swp48 (uplink)
# LAB_TOPOLOGY=ring: 3 switches in a ring and a dual-homed server (8 devices, 9 cables):
#   sw1:swp48 -- sw2:swp47, sw2:swp48 -- sw3:swp47, sw3:swp48 -- sw1:swp47 (bridges run STP against the loop)
#   srv1,srv2 -- sw1 ; srv3,srv4 -- sw2 ; srv5 eth0 -- sw2:swp3, srv5 eth1 -- sw3:swp1
#   every server also has a management veth from the root namespace ($NET.(10+j).1 <-> $NET.(10+j).2/30),
#   so reachability probes (ICMP, TCP) reach it whatever its data links do.
# Each switch has a management veth to the root namespace ($NET.N.1 <-> $NET.N.2/30),
# its snmpd listens on udp:$NET.N.2:161 (community public), and lldpd feeds LLDP-MIB
# (1.0.8802.1.1.2) into that snmpd through AgentX on a per-switch unix socket.
# Packages: iproute2 lldpd snmpd snmp.   Addresses exist only inside this VM's namespaces.
set -euo pipefail
LAB=${LAB:-/tmp/oc-netlab}         # state directory; must be world-readable (lldpd privsep)
PREFIX=${LAB_PREFIX:-ocnet}          # namespace and veth name prefix
NET=${LAB_NET:-10.78}               # /16 of the lab: management 10.78.N.0/30, servers 10.78.100.0/24
TOPOLOGY=${LAB_TOPOLOGY:-pair}      # pair | ring
case "$TOPOLOGY" in
  pair) SWITCHES="sw1 sw2"; SERVERS="srv1 srv2 srv3 srv4" ;;
  ring) SWITCHES="sw1 sw2 sw3"; SERVERS="srv1 srv2 srv3 srv4 srv5" ;;
  *) echo "LAB_TOPOLOGY must be pair or ring, not '$TOPOLOGY'" >&2; exit 2 ;;
esac
TX_INTERVAL=${TX_INTERVAL:-2}       # seconds between LLDPDUs (default lldpd: 30)
export MIBS=                        # no IETF MIB files on Debian main: stay numeric, no warnings

ns() { echo "$PREFIX-$1"; }

# veth between A:ifA and B:ifB, both created directly inside their namespaces
link() { ip link add name "$2" netns "$(ns $1)" type veth peer name "$4" netns "$(ns $3)"; }

up() {
  mkdir -p "$LAB" /run/lldpd           # /run/lldpd = lldpd's privsep chroot
  chmod 755 "$LAB"
  # keep every packet for the lab range on this machine, also while the lab is down:
  # the /30 routes on the veths are more specific; this route is left in place on purpose
  ip route replace unreachable $NET.0.0/16
  for n in $SWITCHES $SERVERS; do ip netns add "$(ns $n)"; ip -n "$(ns $n)" link set lo up; done
  link sw1 swp1  srv1 eth0
  link sw1 swp2  srv2 eth0
  link sw2 swp1  srv3 eth0
  link sw2 swp2  srv4 eth0
  if [ "$TOPOLOGY" = ring ]; then
    link sw2 swp3  srv5 eth0
    link sw3 swp1  srv5 eth1
    link sw1 swp48 sw2 swp47
    link sw2 swp48 sw3 swp47
    link sw3 swp48 sw1 swp47
  else
    link sw1 swp48 sw2 swp48
  fi
  i=0
  for s in $SWITCHES; do
    i=$((i+1)); N=$(ns $s)
    if [ "$TOPOLOGY" = ring ]; then
      # kernel STP blocks one ring port, else every broadcast would circle for ever; 2 s is the shortest delay
      ip -n "$N" link add br0 type bridge stp_state 1 forward_delay 200 hello_time 100
    else
      ip -n "$N" link add br0 type bridge
    fi
    for p in $(ip -n "$N" -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep '^swp'); do
      ip -n "$N" link set "$p" master br0; ip -n "$N" link set "$p" up
    done
    ip -n "$N" link set br0 up
    # management link to the root namespace
    ip link add "${PREFIX}m-$s" type veth peer name mgmt0 netns "$N"
    ip addr add "$NET.$i.1/30" dev "${PREFIX}m-$s"; ip link set "${PREFIX}m-$s" up
    ip -n "$N" addr add "$NET.$i.2/30" dev mgmt0; ip -n "$N" link set mgmt0 up
  done
  j=0
  for h in $SERVERS; do
    j=$((j+1)); N=$(ns $h)
    ip -n "$N" addr add "$NET.100.$j/24" dev eth0; ip -n "$N" link set eth0 up
    if [ "$TOPOLOGY" = ring ]; then
      ip -n "$N" link set eth1 up 2>/dev/null || true    # the second uplink of a dual-homed server
      ip link add "${PREFIX}m-$h" type veth peer name mgmt0 netns "$N"
      ip addr add "$NET.$((10+j)).1/30" dev "${PREFIX}m-$h"; ip link set "${PREFIX}m-$h" up
      ip -n "$N" addr add "$NET.$((10+j)).2/30" dev mgmt0; ip -n "$N" link set mgmt0 up
    fi
  done

  i=0
  for s in $SWITCHES; do
    i=$((i+1)); N=$(ns $s); D=$LAB/$s; mkdir -p "$D/persist"
    cat > "$D/snmpd.conf" <<EOF
agentAddress udp:$NET.$i.2:161,udp:127.0.0.1:161
rocommunity public
sysName $s
sysDescr Simulated DAQ switch $s (Linux bridge)
sysLocation lab rack $i
master agentx
agentXSocket $D/agentx.sock
EOF
    SNMP_PERSISTENT_DIR=$D/persist ip netns exec "$N" \
      snmpd -f -Lf "$D/snmpd.log" -C -c "$D/snmpd.conf" > /dev/null 2>&1 &
    echo $! > "$D/snmpd.pid"
  done
  # wait for each snmpd's AgentX socket before starting the lldpd that feeds it
  for s in $SWITCHES; do
    for _ in $(seq 200); do [ -S "$LAB/$s/agentx.sock" ] && break; sleep 0.02; done
  done
  for n in $SWITCHES $SERVERS; do
    N=$(ns $n); D=$LAB/$n; mkdir -p "$D"
    cat > "$D/lldpd.conf" <<EOF
configure system hostname $n
configure lldp tx-interval $TX_INTERVAL
configure lldp portidsubtype ifname
EOF
    if [[ $n == sw* ]]; then
      echo "configure system description \"Simulated DAQ switch $n\"" >> "$D/lldpd.conf"
      ARGS=(-I 'swp*' -x -X "$D/agentx.sock")
    else
      echo "configure system description \"DAQ readout server $n\"" >> "$D/lldpd.conf"
      ARGS=(-I 'eth*')
    fi
    ip netns exec "$N" lldpd -d -u "$D/lldpd.socket" -O "$D/lldpd.conf" "${ARGS[@]}" \
      > "$D/lldpd.log" 2>&1 &
    echo $! > "$D/lldpd.pid"
  done
}

down() {
  for n in $SWITCHES $SERVERS; do
    for p in lldpd snmpd; do
      f=$LAB/$n/$p.pid
      if [ -f "$f" ]; then kill "$(cat "$f")" 2>/dev/null || true; fi
    done
  done
  for n in $SWITCHES $SERVERS; do
    for p in lldpd snmpd; do
      f=$LAB/$n/$p.pid
      if [ -f "$f" ]; then
        for _ in $(seq 100); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.05; done
        rm -f "$f"
      fi
    done
  done
  for n in $SWITCHES $SERVERS; do ip link del "${PREFIX}m-$n" 2>/dev/null || true; done
  for n in $SWITCHES $SERVERS; do ip netns del "$(ns $n)" 2>/dev/null || true; done
}

status() {
  ip netns list | grep "^$PREFIX-" || true
  for n in $SWITCHES $SERVERS; do
    printf '%-5s ' "$n"; ip netns exec "$(ns $n)" lldpcli -u "$LAB/$n/lldpd.socket" -f keyvalue show neighbors \
      | grep -E '\.(chassis\.name|port\.ifname)=' | sed 's/^lldp\.//' | tr '\n' ' '; echo
  done
}

walk() {  # LLDP-MIB lldpRemTable of each switch, from the root namespace over the mgmt veth
  i=0
  for s in $SWITCHES; do
    i=$((i+1)); echo "== $s ($NET.$i.2) lldpRemSysName / lldpRemPortId"
    snmpbulkwalk -v2c -c public -On "$NET.$i.2" 1.0.8802.1.1.2.1.4.1.1.9 || true
    snmpbulkwalk -v2c -c public -On "$NET.$i.2" 1.0.8802.1.1.2.1.4.1.1.7 || true
  done
}

# set srv1 eth0 down: takes one end of a lab cable down, the switch port goes to lowerLayerDown
set_link() { ip -n "$(ns $1)" link set "$2" "$3"; }

case "${1:-}" in
  up) up ;; down) down ;; status) status ;; walk) walk ;;
  set) set_link "$2" "$3" "$4" ;;
  *) echo "usage: $0 up|down|status|walk|set NODE IFACE up|down" >&2; exit 2 ;;
esac
