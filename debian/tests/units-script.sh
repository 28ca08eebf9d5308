#!/bin/bash
# portsentry-units (ExecStart/ExecStop of portsentry.service) on each kind of
# /etc/default/portsentry, with systemctl replaced by a recorder: the messages and exit codes of
# the init script, and the systemctl calls that start one portsentry@MODE.service per mode and
# stop the instances no longer named. No root, no systemd needed.
#
# Usage: debian/tests/units-script.sh        Prints "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/portsentry-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
PASSED=0
FAILED=0
check() {
	if [ "$2" = "$3" ]; then
		PASSED=$((PASSED + 1))
		echo "ok - $1"
	else
		FAILED=$((FAILED + 1))
		echo "FAIL - $1: expected $(printf %q "$2"), found $(printf %q "$3")"
	fi
}

# the script, pointed at files in $work instead of /etc/default/portsentry and the build helper
sed -e "s#^CONFIG=/etc/default/portsentry#CONFIG=$work/default#" \
	-e "s#^BUILDSCRIPT=/usr/lib/portsentry/portsentry-build-ignore-file#BUILDSCRIPT=$work/build-ignore#" \
	"$top/debian/scripts/portsentry-units" >"$work/units"
grep -q "^CONFIG=$work/default" "$work/units" && grep -q "^BUILDSCRIPT=$work/build-ignore" "$work/units" || {
	echo "units-script.sh: expected CONFIG= and BUILDSCRIPT= lines in debian/scripts/portsentry-units, found none" >&2
	exit 2
}
printf '#!/bin/sh\necho build >>%s/calls\n' "$work" >"$work/build-ignore"
# systemctl: "list-units" prints the instances in $work/running; every call is recorded
mkdir "$work/bin"
cat >"$work/bin/systemctl" <<EOT
#!/bin/sh
case "\$1 \$2" in
"list-units --plain") cat "$work/running" 2>/dev/null ;;
*) echo "systemctl \$*" >>"$work/calls" ;;
esac
EOT
chmod 755 "$work/build-ignore" "$work/bin/systemctl"

# case NAME DEFAULT RUNNING ACTION: run, print output, exit code and calls
run_case() {
	rm -f "$work/calls" "$work/running" "$work/default"
	[ "$2" = "-" ] || printf '%b' "$2" >"$work/default"
	[ -z "$3" ] || printf '%b' "$3" >"$work/running"
	local out rc
	out=$(PATH="$work/bin:$PATH" sh "$work/units" "$4" 2>&1)
	rc=$?
	printf '%s\nrc=%s\n%s' "$out" "$rc" "$(cat "$work/calls" 2>/dev/null)"
}

check "no /etc/default/portsentry: nothing, exit 0" $'\nrc=0' "$(run_case missing - '' start)"
check "no mode: the init script's message, exit 0" \
	$'Not starting anti portscan daemon (no modes in '"$work"$'/default).\nrc=0' \
	"$(run_case none 'TCP_MODE=""\nUDP_MODE=""\n' '' start)"
check "an unsupported TCP mode: the init script's message, exit 1, nothing started" \
	$'xtcp is not a valid mode.\nrc=1' "$(run_case badtcp 'TCP_MODE="xtcp"\nUDP_MODE="udp"\n' '' start)"
check "an unsupported UDP mode: the init script's message, exit 1, nothing started" \
	$'xudp is not a valid mode.\nrc=1' "$(run_case badudp 'TCP_MODE="tcp"\nUDP_MODE="xudp"\n' '' start)"
check "tcp and udp: ignore file rebuilt, both instances started" \
	$'Starting anti portscan daemon: portsentry@tcp.service portsentry@udp.service\nrc=0\nbuild\nsystemctl --no-block start portsentry@tcp.service portsentry@udp.service' \
	"$(run_case both 'TCP_MODE="tcp"\nUDP_MODE="udp"\n' '' start)"
check "stcp only while stcp and udp run: udp stopped, stcp started (a no-op for systemd)" \
	$'Starting anti portscan daemon: portsentry@stcp.service\nrc=0\nbuild\nsystemctl --no-block stop portsentry@udp.service\nsystemctl --no-block start portsentry@stcp.service' \
	"$(run_case change 'TCP_MODE="stcp"\nUDP_MODE=""\n' 'portsentry@stcp.service loaded active running x\nportsentry@udp.service loaded active running y\n' start)"
check "stop: every running instance stopped" \
	$'\nrc=0\nsystemctl --no-block stop portsentry@tcp.service portsentry@udp.service' \
	"$(run_case stop 'TCP_MODE="tcp"\nUDP_MODE="udp"\n' 'portsentry@tcp.service loaded active running x\nportsentry@udp.service loaded active running y\n' stop)"
check "stop with nothing running: no call" $'\nrc=0' "$(run_case stop-none 'TCP_MODE="tcp"\n' '' stop)"
check "an unknown action: usage on stderr, exit 1" $'Usage: portsentry-units {start|stop}\nrc=1' \
	"$(run_case usage 'TCP_MODE="tcp"\n' '' reload)"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
