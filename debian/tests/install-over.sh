#!/bin/bash
# Install-over test of the Debian package, as root, on the machine itself.
#
# Usage: debian/tests/install-over.sh [PATH/TO/portsentry_VERSION_ARCH.deb]
#
# Without an argument it first builds the package (dpkg-buildpackage -b -us -uc, from this tree,
# into its parent directory) and runs lintian on it.
# Installs Debian's portsentry 1.2-14 from apt, changes its configuration, runs its daemon, installs
# our package over it and checks: the configuration and history are kept; the init script starts,
# stops and restarts our daemons in the modes /etc/default/portsentry names; a scan shows up in the
# history file; remove and purge clean up as 1.2-14's scripts do; a fresh install works. The
# init-script answers to bad input are compared with those of 1.2-14's own init script.
#
# Safety: the test runs in its own PID namespace (see below). Every daemon runs inside a network
# namespace this test creates (psdeb-PID), and every
# probe goes from 127.0.0.x to 127.0.0.1 inside it. Maintainer scripts would start daemons in the
# host's namespace: while the test runs, /usr/sbin/policy-rc.d (created only when absent, removed
# at the end) tells invoke-rc.d not to. Processes are killed by PID only. At the end both packages
# are purged and the namespace deleted. The whole test is bounded (a watchdog ends it after
# 15 minutes) and every wait is bounded.

set -u

# Run in a PID namespace of its own, so that "ps awx" in the init scripts (1.2's and ours) sees
# only this test's processes: another program whose command line contains "/usr/sbin/portsentry
# -tcp" (a compat suite running the reference binary, say) would otherwise make them start
# nothing. The namespace also ends every process the test leaves behind when the test ends.
if [ -z "${PORTSENTRY_TEST_IN_PIDNS:-}" ]; then
	PORTSENTRY_TEST_IN_PIDNS=$$ exec unshare --pid --fork --mount-proc --kill-child bash "$0" "$@"
fi

DEB=${1:-}
NS="psdeb-$PORTSENTRY_TEST_IN_PIDNS"
WORK=$(mktemp -d /tmp/portsentry-install-over.XXXXXX)
POLICY=/usr/sbin/policy-rc.d
MADE_POLICY=0
PASSED=0
FAILED=0
# maintainer scripts and init script run as they would under sysvinit, never redirected to systemctl
export _SYSTEMCTL_SKIP_REDIRECT=1
export DEBIAN_FRONTEND=noninteractive
export LC_ALL=C

ok() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL - $1"
	# other programs whose command line contains "/usr/sbin/portsentry -MODE" fool the init
	# script's "ps awx | grep" test (1.2's too): show them
	ps -eo pid=,args= | grep "/usr/sbin/portsentry -[as]*[tu][cd]p" | grep -v "^ *[0-9]* \(/usr/bin/node \)\?/usr/sbin/portsentry " |
		sed 's/^/#   process seen by the init script: /'
}
# check DESCRIPTION EXPECTED FOUND
check() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected $(printf %q "$2"), found $(printf %q "$3")"; fi
}
# check_true DESCRIPTION COMMAND...
check_true() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}
die() {
	echo "install-over.sh: $*" >&2
	exit 2
}

# PIDs of running PortSentry daemons (1.2 binary or ours), by command line
daemon_pids() {
	ps -eo pid=,args= | awk '{
		p = $2; a = 3
		if (p ~ /\/node(js)?$/) { p = $3; a = 4 }
		if (p == "/usr/sbin/portsentry" && $a ~ /^(-(tcp|udp|stcp|sudp|atcp|audp)|run)$/) print $1
	}'
}
kill_daemons() {
	local pid _
	for pid in $(daemon_pids); do kill -TERM "$pid" 2>/dev/null; done
	for _ in $(seq 1 50); do
		[ -z "$(daemon_pids)" ] && return 0
		sleep 0.1
	done
	for pid in $(daemon_pids); do kill -KILL "$pid" 2>/dev/null; done
}

cleanup() {
	trap - EXIT INT TERM
	kill_daemons
	if ip netns list 2>/dev/null | grep -qw "$NS"; then
		for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
		ip netns delete "$NS"
	fi
	if dpkg-query -W -f='${db:Status-Status}' portsentry 2>/dev/null | grep -qv '^not-installed$'; then
		dpkg --purge portsentry >/dev/null 2>&1 || true
	fi
	if [ "$MADE_POLICY" = 1 ]; then rm -f "$POLICY"; fi
	if [ -n "${WATCHDOG:-}" ]; then
		# shellcheck disable=SC2046 # one pid a word
		kill $(ps -o pid= --ppid "$WATCHDOG") "$WATCHDOG" 2>/dev/null
	fi
	rm -rf "$WORK"
}

# --- preconditions --------------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || die "must run as root (it installs packages)"
if [ -n "$DEB" ]; then
	[ -f "$DEB" ] || die "usage: $0 [PATH/TO/portsentry_VERSION_ARCH.deb] (expected a .deb, found '${DEB}')"
	DEB=$(realpath "$DEB")
fi
state=$(dpkg-query -W -f='${db:Status-Status}' portsentry 2>/dev/null || echo not-installed)
[ "$state" = not-installed ] || die "portsentry is already on this machine (status: $state); the test would purge it, so it stops"
[ -z "$(daemon_pids)" ] || die "a PortSentry daemon already runs (pids $(daemon_pids | tr '\n' ' ')); the test stops"

trap cleanup EXIT
trap 'echo "install-over.sh: interrupted" >&2; exit 3' INT TERM
( sleep 900 && kill -TERM $$ ) 2>/dev/null &
WATCHDOG=$!

if [ ! -e "$POLICY" ]; then
	printf '#!/bin/sh\n# made by portsentry install-over.sh: no service starts during its package installs\nexit 101\n' >"$POLICY"
	chmod 755 "$POLICY"
	MADE_POLICY=1
fi

ip netns add "$NS" || die "cannot create network namespace $NS"
ip -n "$NS" link set lo up

in_ns() { ip netns exec "$NS" "$@"; }

# wait_listen PROTO(t|u) PORT: until something listens on PORT inside the namespace (10 s at most)
wait_listen() {
	local _
	for _ in $(seq 1 100); do
		[ -n "$(in_ns ss -Hl"$1"n "sport = :$2" 2>/dev/null)" ] && return 0
		sleep 0.1
	done
	return 1
}
# probe_tcp SOURCE PORT: connect from SOURCE to 127.0.0.1:PORT inside the namespace
probe_tcp() {
	in_ns timeout 5 /usr/bin/node -e '
		const net = require("node:net");
		const s = net.connect({ host: "127.0.0.1", port: +process.argv[2], localAddress: process.argv[1] });
		s.on("connect", () => setTimeout(() => { s.destroy(); process.exit(0); }, 200));
		s.on("error", (e) => { console.error(e.message); process.exit(1); });' "$1" "$2"
}
# probe_udp SOURCE PORT: one datagram from SOURCE to 127.0.0.1:PORT inside the namespace
probe_udp() {
	in_ns timeout 5 /usr/bin/node -e '
		const s = require("node:dgram").createSocket("udp4");
		s.bind(0, process.argv[1], () => s.send("x", +process.argv[2], "127.0.0.1", (e) => { s.close(); process.exit(e ? 1 : 0); }));' "$1" "$2"
}
# wait_line FILE TEXT: until FILE has a line containing TEXT (10 s at most); when it never comes,
# shows the file's last lines, so that a failure says what was written instead
wait_line() {
	local _
	for _ in $(seq 1 100); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "#   no line with '$2' in $1 after 10 s; its last lines:"
	tail -n 3 "$1" 2>&1 | sed 's/^/#     /'
	return 1
}
# daemons_in_ns: "-tcp -udp"-style list of our daemons' modes, each checked to be in $NS
modes_running() {
	local pid out=""
	for pid in $(daemon_pids); do
		if [ "$(ip netns identify "$pid" 2>/dev/null)" = "$NS" ]; then
			out="$out $(ps -o args= -p "$pid" | awk '{print $NF}')"
		else
			out="$out outside-namespace:$pid"
		fi
	done
	echo "$out" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}
wait_no_daemon() {
	local _
	for _ in $(seq 1 50); do
		[ -z "$(daemon_pids)" ] && return 0
		sleep 0.1
	done
	return 1
}
sums() { sha256sum /etc/portsentry/portsentry.conf /etc/portsentry/portsentry.ignore.static \
	/etc/default/portsentry /var/lib/portsentry/portsentry.history 2>&1; }

# --- 0. build the package (when not given one) --------------------------------------------------
if [ -z "$DEB" ]; then
	top=$(cd "$(dirname "$0")/../.." && pwd)
	DEB="$(dirname "$top")/portsentry_$(cd "$top" && dpkg-parsechangelog -S Version)_$(dpkg --print-architecture).deb"
	echo "# building $DEB: dpkg-buildpackage -b -us -uc"
	rm -f "$DEB"
	if (cd "$top" && dpkg-buildpackage -b -us -uc) >"$WORK/build.log" 2>&1 && [ -f "$DEB" ]; then
		ok "dpkg-buildpackage -b -us -uc builds $(basename "$DEB")"
	else
		fail "dpkg-buildpackage -b -us -uc builds $(basename "$DEB")"
		tail -n 30 "$WORK/build.log" | sed 's/^/#   /'
		echo "$PASSED passed, $FAILED failed"
		exit 1
	fi
	if command -v lintian >/dev/null; then
		check "lintian reports no error and no warning (overrides are justified in debian/portsentry.lintian-overrides)" "" \
			"$(lintian "$DEB" 2>/dev/null | grep -E '^[EW]: ')"
	fi
fi

# --- 1. Debian's portsentry 1.2-14 from apt -----------------------------------------------------
echo "# installing Debian's portsentry from apt"
if ! apt-get install -y --no-install-recommends portsentry >"$WORK/apt.log" 2>&1; then
	apt-get update >>"$WORK/apt.log" 2>&1
	apt-get install -y --no-install-recommends portsentry >>"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; die "apt-get install portsentry failed"; }
fi
ref_version=$(dpkg-query -W -f='${Version}' portsentry)
case "$ref_version" in
1.2-14*) ok "Debian's portsentry $ref_version is installed" ;;
*) fail "expected Debian's portsentry 1.2-14, found $ref_version" ;;
esac
check_true "1.2's /usr/sbin/portsentry is an ELF binary" sh -c 'head -c 4 /usr/sbin/portsentry | grep -q ELF'
# 1.2's init script, kept to compare its answers with ours
cp /etc/init.d/portsentry "$WORK/init.1.2"

# --- 2. the admin changes the configuration --------------------------------------------------------
sed -i 's/^SCAN_TRIGGER="0"/SCAN_TRIGGER="0"\n# changed by the install-over test/' /etc/portsentry/portsentry.conf
/usr/lib/portsentry/portsentry-add-ip 127.0.0.9
printf '# changed by the install-over test\n' >>/etc/default/portsentry
default_before=$(cat /etc/default/portsentry)

# 1.2's daemons run (in the namespace) and record a scan before the upgrade
out=$(in_ns /etc/init.d/portsentry start 2>&1)
check "1.2's init script starts both modes" "Starting anti portscan daemon: portsentry in tcp & udp mode." "$out"
if wait_listen t 54320; then
	probe_tcp 127.0.0.4 54320
	check_true "1.2's daemon records 127.0.0.4 in the history file" wait_line /var/lib/portsentry/portsentry.history "Host: 127.0.0.4/127.0.0.4 Port: 54320 TCP Blocked"
else
	fail "1.2's daemon listens on TCP port 54320 in the namespace"
fi
before=$(sums)

# --- 3. our package over it -------------------------------------------------------------------------
echo "# installing $DEB over it"
dpkg -i "$DEB" >"$WORK/dpkg-i.log" 2>&1
rc=$?
check "dpkg -i exits 0" 0 "$rc"
[ "$rc" = 0 ] || cat "$WORK/dpkg-i.log"
check "the package is ours" "$(dpkg-deb -f "$DEB" Version)" "$(dpkg-query -W -f='${Version}' portsentry)"
# the old prerm's invoke-rc.d stop was refused by policy-rc.d: our postinst stops 1.2's daemons
check_true "postinst stops the running 1.2 daemons with 1.2's message" grep -qxF "Stopping anti portscan daemon: portsentry." "$WORK/dpkg-i.log"
check_true "no 1.2 daemon is left" wait_no_daemon
check "configuration and history are unchanged" "$before" "$(sums)"
check "/etc/default/portsentry is the admin's" "$default_before" "$(cat /etc/default/portsentry)"
check "no .dpkg-dist or .dpkg-new file beside the kept conffiles" "" "$(ls /etc/portsentry/*.dpkg-* /etc/init.d/portsentry.dpkg-* 2>/dev/null)"
check "/usr/sbin/portsentry points to our launcher" /usr/lib/portsentry-node/bin/portsentry "$(readlink -f /usr/sbin/portsentry)"
check "the conffiles are 1.2-14's paths" "/etc/init.d/portsentry
/etc/portsentry/portsentry.conf
/etc/portsentry/portsentry.ignore.static
/etc/ppp/ip-down.d/portsentry
/etc/ppp/ip-up.d/portsentry" "$(dpkg-query -W -f='${Conffiles}\n' portsentry | awk 'NF {print $1}' | sort)"
for helper in portsentry-build-ignore-file portsentry-add-ip portsentry-rm-ip; do
	check_true "/usr/lib/portsentry/$helper is installed" test -x /usr/lib/portsentry/$helper
done
check_true "man portsentry is ours (lists the differences from 1.2)" \
	sh -c 'zcat /usr/share/man/man8/portsentry.8.gz | grep -q "^.SH DIFFERENCES FROM PORTSENTRY 1.2"'
check_true "man portsentry.conf is ours" \
	sh -c 'zcat /usr/share/man/man5/portsentry.conf.5.gz | grep -q "^.TH PORTSENTRY.CONF 5 .*portsentry 1.2.100"'

if command -v systemd-analyze >/dev/null; then
	check "systemd-analyze verify finds nothing to say about the units" "" \
		"$(systemd-analyze verify /lib/systemd/system/portsentry.service /lib/systemd/system/portsentry@.service 2>&1)"
fi

# --- 4. init script: start, scan, stop, restart -------------------------------------------------------
# Each phase probes its own TCP port. The daemon closes a triggered connection first, so that port
# stays in TIME_WAIT for a minute, and PortSentry (1.2 and ours) binds without SO_REUSEADDR: a later
# daemon cannot watch it, and (1.2's quirk, PortSentryModeTCP) every port after it in TCP_PORTS is
# then reported under the name of the one before. So every TCP connection the test makes, the
# ignored host's included, goes to a port that comes after the ports later phases probe: 54320
# (1.2), 31337 (ours: the scanner and the ignored host), 27665 (fresh install, within a minute of
# the 31337 phase).
out=$(in_ns /etc/init.d/portsentry start 2>&1)
rc=$?
check "init start prints 1.2's line" "Starting anti portscan daemon: portsentry in tcp & udp mode." "$out"
check "init start exits 0" 0 "$rc"
check_true "our TCP daemon listens on port 31337" wait_listen t 31337
check_true "our UDP daemon listens on port 31337" wait_listen u 31337
check "our daemons run in the namespace in the modes of /etc/default/portsentry" "-tcp -udp" "$(modes_running)"
check_true "ps awx | grep \"/usr/sbin/portsentry -[as]*tcp\" finds our TCP daemon" \
	sh -c 'ps awx | grep -q "/usr/sbin/portsentry -[as]*tcp"'
check_true "the daemon's command line is /usr/bin/node /usr/sbin/portsentry -tcp" \
	sh -c 'ps -eo args= | grep -qx "/usr/bin/node /usr/sbin/portsentry -tcp"'
check_true "portsentry.ignore was rebuilt and lists 127.0.0.9" grep -qx "127.0.0.9" /etc/portsentry/portsentry.ignore
probe_tcp 127.0.0.2 31337
check_true "a TCP connect from 127.0.0.2 reaches the history file" \
	wait_line /var/lib/portsentry/portsentry.history "Host: 127.0.0.2/127.0.0.2 Port: 31337 TCP Blocked"
check_true "... and the TCP blocked file" wait_line /var/lib/portsentry/portsentry.blocked.tcp "Host: 127.0.0.2/127.0.0.2 Port: 31337 TCP Blocked"
probe_udp 127.0.0.3 31337
check_true "a UDP datagram from 127.0.0.3 reaches the history file" \
	wait_line /var/lib/portsentry/portsentry.history "Host: 127.0.0.3/127.0.0.3 Port: 31337 UDP Blocked"
probe_tcp 127.0.0.9 31337
sleep 1
check "an address of portsentry.ignore.static is never recorded" "" "$(grep -F 'Host: 127.0.0.9/' /var/lib/portsentry/portsentry.history)"
check_true "1.2's history line is still there" grep -qF "Host: 127.0.0.4/127.0.0.4 Port: 54320 TCP Blocked" /var/lib/portsentry/portsentry.history

# a daemon already running: both init scripts start nothing and say so the same way
out_ours=$(in_ns /etc/init.d/portsentry start 2>&1; echo "rc=$?")
out_ref=$(in_ns sh "$WORK/init.1.2" start 2>&1; echo "rc=$?")
check "start with daemons running: same answer as 1.2's script" "$out_ref" "$out_ours"
check "start with daemons running starts nothing more" "-tcp -udp" "$(modes_running)"

out=$(/etc/init.d/portsentry stop 2>&1)
rc=$?
check "init stop prints 1.2's line and exits 0" "Stopping anti portscan daemon: portsentry. rc=0" "$out rc=$rc"
check_true "init stop leaves no daemon" wait_no_daemon

out=$(in_ns /etc/init.d/portsentry restart 2>&1)
check "init restart prints 1.2's lines" "Stopping anti portscan daemon: portsentry.
Starting anti portscan daemon: portsentry in tcp & udp mode." "$out"
wait_listen t 12345
check "after restart both daemons run again" "-tcp -udp" "$(modes_running)"
out=$(in_ns /etc/init.d/portsentry restart 2>&1)
wait_listen t 12345
check "restart while running replaces the daemons" "-tcp -udp" "$(modes_running)"
# a COLUMNS in the caller's environment narrower than "/usr/bin/node /usr/sbin/portsentry -tcp":
# ps cuts its lines to that width unless told -ww
check "portsentry-pids finds both daemons when COLUMNS=20" 2 "$(COLUMNS=20 /usr/lib/portsentry-node/portsentry-pids | wc -l)"
COLUMNS=20 /etc/init.d/portsentry stop >/dev/null 2>&1
check_true "stop after restart, with COLUMNS=20, leaves no daemon" wait_no_daemon

# --- 4b. the stealth modes named in /etc/default/portsentry ---------------------------------------
cp /etc/default/portsentry "$WORK/default.saved"
printf 'TCP_MODE="stcp"\nUDP_MODE="sudp"\n' >/etc/default/portsentry
out=$(in_ns /etc/init.d/portsentry start 2>&1)
check "init start with stcp and sudp" "Starting anti portscan daemon: portsentry in stcp & sudp mode." "$out"
for _ in $(seq 1 50); do
	[ "$(in_ns nft list tables 2>/dev/null | grep -c portsentry_)" = 2 ] && break
	sleep 0.1
done
check "our stealth daemons run in the namespace" "-stcp -sudp" "$(modes_running)"
check "each stealth daemon has its netfilter table in the namespace" "table ip portsentry_stcp
table ip portsentry_sudp" "$(in_ns nft list tables 2>/dev/null | grep portsentry_ | sort)"
# port 1 is watched and closed: the SYN is answered by a reset, and seen
probe_tcp 127.0.0.6 1 2>/dev/null
check_true "a SYN from 127.0.0.6 to a closed watched port reaches the history file" \
	wait_line /var/lib/portsentry/portsentry.history "Host: 127.0.0.6/127.0.0.6 Port: 1 TCP Blocked"
/etc/init.d/portsentry stop >/dev/null 2>&1
check_true "stop leaves no stealth daemon" wait_no_daemon
check "the stealth daemons removed their tables" "" "$(in_ns nft list tables 2>/dev/null | grep portsentry_)"
cp "$WORK/default.saved" /etc/default/portsentry

# --- 4c. the systemd units' command: portsentry run MODE --foreground -----------------------------
ip netns exec "$NS" /usr/sbin/portsentry run tcp --foreground 2>"$WORK/run.err" &
run_pid=$!
check_true "portsentry run tcp --foreground listens in the namespace" wait_listen t 12346
check "... and stays in the foreground (same process)" "/usr/bin/node /usr/sbin/portsentry run tcp --foreground" \
	"$(ps -o args= -p "$run_pid")"
kill -TERM "$run_pid"
wait "$run_pid"
check "... and exits 0 on SIGTERM" 0 "$?"
check_true "... copying its syslog lines to stderr" grep -qF "adminalert: PortSentry is now active and listening." "$WORK/run.err"

# --- 5. bad input: our init script answers as 1.2-14's does ----------------------------------------
# compare_init WHAT ACTION: run both scripts, compare output and exit status, leave no daemon
compare_init() {
	local ours ref
	ours=$(in_ns /etc/init.d/portsentry "$2" 2>&1; echo "rc=$?")
	kill_daemons
	ref=$(in_ns sh "$WORK/init.1.2" "$2" 2>&1; echo "rc=$?")
	kill_daemons
	check "$1: same output and exit status as 1.2's script ($(echo "$ref" | tr '\n' ' '))" "$ref" "$ours"
}
cp /etc/default/portsentry "$WORK/default.saved"
printf 'TCP_MODE="xtcp"\nUDP_MODE="udp"\n' >/etc/default/portsentry
compare_init "an unsupported TCP mode" start
printf 'TCP_MODE=""\nUDP_MODE="xudp"\n' >/etc/default/portsentry
compare_init "an unsupported UDP mode" start
printf 'TCP_MODE=""\nUDP_MODE=""\n' >/etc/default/portsentry
compare_init "no mode at all" start
rm /etc/default/portsentry
compare_init "a missing /etc/default/portsentry" start
compare_init "a missing /etc/default/portsentry" stop
cp "$WORK/default.saved" /etc/default/portsentry
compare_init "stop with no daemon" stop
compare_init "an unknown action" reload
check "no daemon left by the bad-input runs" "" "$(daemon_pids)"

# --- 6. ppp hooks: restart a running daemon, leave a stopped one stopped ------------------------------
out=$(PPP_IFACE=ppp0 /etc/ppp/ip-up.d/portsentry 2>&1; echo "rc=$?")
check "ppp ip-up hook with no daemon running does nothing" "rc=0" "$out"
check "... and starts none" "" "$(daemon_pids)"
in_ns /etc/init.d/portsentry start >/dev/null 2>&1
wait_listen t 12345
pids_before=$(daemon_pids | sort | tr '\n' ' ')
out=$(in_ns env PPP_IFACE=ppp0 /etc/ppp/ip-down.d/portsentry 2>&1; echo "rc=$?")
check "ppp ip-down hook with daemons running restarts them through the init script" "Stopping anti portscan daemon: portsentry.
Starting anti portscan daemon: portsentry in tcp & udp mode.
rc=0" "$out"
wait_listen t 12345
check "... new daemons in both modes" "-tcp -udp" "$(modes_running)"
check_true "... with new process ids" test "$pids_before" != "$(daemon_pids | sort | tr '\n' ' ')"
/etc/init.d/portsentry stop >/dev/null 2>&1
wait_no_daemon

# --- 7. remove, purge -----------------------------------------------------------------------------------
dpkg -r portsentry >"$WORK/dpkg-r.log" 2>&1
check "dpkg -r exits 0" 0 "$?"
check "after remove the package is in state config-files" "config-files" "$(dpkg-query -W -f='${db:Status-Status}' portsentry)"
check_true "after remove /usr/sbin/portsentry is gone" test ! -e /usr/sbin/portsentry
check_true "after remove the conffiles, /etc/default/portsentry and the history stay" \
	test -f /etc/portsentry/portsentry.conf -a -f /etc/default/portsentry -a -f /var/lib/portsentry/portsentry.history
# debhelper 13 makes the init script of a removed package not executable (1.2-14's stayed so)
check_true "after remove the kept init script is not executable" test ! -x /etc/init.d/portsentry
out=$(sh /etc/init.d/portsentry start 2>&1; echo "rc=$?")
check "the kept init script does nothing once the program is removed, as 1.2's" "rc=0" "$out"

dpkg -P portsentry >"$WORK/dpkg-p.log" 2>&1
check "dpkg -P exits 0" 0 "$?"
check_true "purge prints 1.2's messages" grep -qF "Purging additional configuration files...done." "$WORK/dpkg-p.log"
check_true "purge prints 1.2's history message" grep -qF "Purging history files...done." "$WORK/dpkg-p.log"
for gone in /etc/portsentry /etc/default/portsentry /var/lib/portsentry /usr/lib/portsentry /usr/lib/portsentry-node \
	/etc/init.d/portsentry /etc/ppp/ip-up.d/portsentry; do
	check_true "after purge $gone is gone" test ! -e "$gone"
done
check "after purge dpkg knows no portsentry" "not-installed" "$(dpkg-query -W -f='${db:Status-Status}' portsentry 2>/dev/null || echo not-installed)"

# --- 8. a fresh install of ours ---------------------------------------------------------------------------
dpkg -i "$DEB" >"$WORK/dpkg-i2.log" 2>&1
check "fresh dpkg -i exits 0" 0 "$?"
check "the fresh /etc/default/portsentry is 1.2-14's" '# /etc/default/portsentry
#  
# This file is read by /etc/init.d/portsentry. See the portsentry.8 
# manpage for details.
#
# The options in this file refer to commandline arguments (all in lowercase)
# of portsentry. Use only one tcp and udp mode at a time.
#
TCP_MODE="tcp"
UDP_MODE="udp"' "$(cat /etc/default/portsentry)"
check "it is root's, mode 644" "root:root 644" "$(stat -c '%U:%G %a' /etc/default/portsentry)"
out=$(in_ns /etc/init.d/portsentry start 2>&1)
check "fresh install: init start" "Starting anti portscan daemon: portsentry in tcp & udp mode." "$out"
wait_listen t 27665
probe_tcp 127.0.0.5 27665
check_true "fresh install: a scan reaches the history file" \
	wait_line /var/lib/portsentry/portsentry.history "Host: 127.0.0.5/127.0.0.5 Port: 27665 TCP Blocked"
/etc/init.d/portsentry stop >/dev/null 2>&1
check_true "fresh install: stop leaves no daemon" wait_no_daemon
printf 'UDP_MODE=""\n' >>/etc/default/portsentry
before=$(sums)
dpkg -i "$DEB" >"$WORK/dpkg-i-again.log" 2>&1
check "installing the same package again exits 0" 0 "$?"
check "... and keeps the configuration and history" "$before" "$(sums)"
dpkg -P portsentry >/dev/null 2>&1
check "fresh install: purge" "not-installed" "$(dpkg-query -W -f='${db:Status-Status}' portsentry 2>/dev/null || echo not-installed)"

# --- 9. an admin-modified conffile that we change: dpkg's prompt rules ---------------------------------
apt-get install -y --no-install-recommends portsentry >>"$WORK/apt.log" 2>&1
printf '# local change by the install-over test\n' >>/etc/init.d/portsentry
dpkg -i "$DEB" </dev/null >"$WORK/dpkg-i3.log" 2>&1
check "a modified /etc/init.d/portsentry makes dpkg ask, and fail without a terminal" 1 "$?"
dpkg -i --force-confdef --force-confold "$DEB" </dev/null >"$WORK/dpkg-i4.log" 2>&1
check "with --force-confold the install succeeds" 0 "$?"
check_true "the admin's init script is kept" grep -qxF "# local change by the install-over test" /etc/init.d/portsentry
check_true "ours is beside it as /etc/init.d/portsentry.dpkg-dist" test -f /etc/init.d/portsentry.dpkg-dist
dpkg -P portsentry >/dev/null 2>&1
rm -f /etc/init.d/portsentry.dpkg-dist /etc/init.d/portsentry.dpkg-old

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
