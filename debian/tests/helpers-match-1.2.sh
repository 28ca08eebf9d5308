#!/bin/bash
# Our /usr/lib/portsentry helpers against 1.2-14's, on the same inputs: same files written, same
# messages, same exit codes. No root needed: both sets run with their paths pointed at a temporary
# directory (the only edit made to either copy).
#
# Usage: debian/tests/helpers-match-1.2.sh
# 1.2-14's helpers come from compat-tests/.ref (compat-tests/fetch-reference.sh fills it from
# "apt-get download portsentry"). Prints one line per check and "N passed, N failed".

set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ref="$top/compat-tests/.ref/usr/lib/portsentry"
ours="$top/debian/scripts"
if [ ! -x "$ref/portsentry-build-ignore-file" ]; then
	sh "$top/compat-tests/fetch-reference.sh" >/dev/null || exit 2
fi
[ -x "$ref/portsentry-build-ignore-file" ] || {
	echo "helpers-match-1.2.sh: expected 1.2-14's helpers in $ref, found none" >&2
	exit 2
}

work=$(mktemp -d /tmp/portsentry-helpers.XXXXXX)
trap 'rm -rf "$work"' EXIT
PASSED=0
FAILED=0

# stage WHO SRC: put one set of helpers in $work/box (the same path for both sets, since paths
# appear in their output) with the paths rewritten, and a fresh config; results go to $work/WHO
stage() {
	local box="$work/box" src=$2 helper
	rm -rf "$box"
	mkdir -p "$box/etc" "$box/var" "$box/bin" "$work/$1"
	for helper in portsentry-build-ignore-file portsentry-add-ip portsentry-rm-ip; do
		sed -e "s#/etc/portsentry#$box/etc#g; s#/var/lib/portsentry#$box/var#g" "$src/$helper" >"$box/bin/$helper"
		chmod 755 "$box/bin/$helper"
	done
	# a static file with every kind of line the helpers treat differently
	printf '%s\n' '# comment' '127.0.0.1/32' '  10.0.0.1 # indented, with a comment' '192.168.1.1/24#no space' \
		'1.2.3.4 trailing words' '0.0.0.0' '5.6.7.8' '999.1.1.1' '10.0.0.10' >"$box/etc/portsentry.ignore.static"
	printf '9.9.9.9' >>"$box/etc/portsentry.ignore.static"
}

# run WHO STEP HELPER ARGS...: run a helper of the staged set, keep its output, exit code and files
run() {
	local who=$1 step=$2 helper=$3
	shift 3
	local box="$work/box" out="$work/$who"
	(cd "$box" && "./bin/$helper" "$@") >"$out/$step.out" 2>&1
	echo "rc=$?" >>"$out/$step.out"
	# the files after the step (leftover temporary files are counted, not named)
	{
		for f in "$box/etc"/*; do
			echo "== $(basename "$f") $(stat -c %a "$f")"
			cat "$f"
		done
		echo "== var: $(find "$box/var" -type f | wc -l) file(s)"
	} >"$out/$step.files"
}

steps=(
	"build portsentry-build-ignore-file"
	"add-new portsentry-add-ip 4.4.4.4"
	"add-present portsentry-add-ip 5.6.7.8"
	"add-prefix portsentry-add-ip 10.0.0.1"
	"add-none portsentry-add-ip"
	"add-bad portsentry-add-ip 1.2.3"
	"add-newline portsentry-add-ip 4.4.4.5"
	"rm-present portsentry-rm-ip 10.0.0.1"
	"rm-absent portsentry-rm-ip 8.8.8.8"
	"rm-none portsentry-rm-ip"
	"rm-bad portsentry-rm-ip x"
	"build-again portsentry-build-ignore-file"
)
for who in ref ours; do
	if [ "$who" = ref ]; then stage ref "$ref"; else stage ours "$ours"; fi
	for step in "${steps[@]}"; do
		# shellcheck disable=SC2086 # the step is words
		run "$who" $step
	done
	# without the static file
	rm "$work/box/etc/portsentry.ignore.static"
	for step in "missing-build portsentry-build-ignore-file" "missing-add portsentry-add-ip 1.1.1.1" "missing-rm portsentry-rm-ip 1.1.1.1"; do
		# shellcheck disable=SC2086
		run "$who" $step
	done
done

for step in "${steps[@]}" "missing-build" "missing-add" "missing-rm"; do
	name=${step%% *}
	for kind in out files; do
		if cmp -s "$work/ref/$name.$kind" "$work/ours/$name.$kind"; then
			PASSED=$((PASSED + 1))
			echo "ok - $name: same $kind as 1.2-14"
		else
			FAILED=$((FAILED + 1))
			echo "FAIL - $name: $kind differ from 1.2-14"
			diff "$work/ref/$name.$kind" "$work/ours/$name.$kind" | sed 's/^/#   /'
		fi
	done
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
