#!/bin/sh
# Every accepted difference in compat-tests/known-differences.ts (its id) has an entry in the
# DIFFERENCES FROM PORTSENTRY 1.2 section of man/portsentry.8 (a ".B id" line), and every man page
# in man/ passes "groff -man -ww -z" without a word. Prints "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
page="$top/man/portsentry.8"
passed=0
failed=0

# the ids named in the man page's differences section, with groff's \- turned back into -
listed=$(sed -n '/^\.SH DIFFERENCES FROM PORTSENTRY 1.2/,/^\.SH /p' "$page" | sed -n 's/^\.B \(.*\)$/\1/p' | sed 's/\\-/-/g')
for id in $(grep -o "\bid: '[^']*'" "$top/compat-tests/known-differences.ts" | sed "s/^id: '//; s/'$//"); do
	if printf '%s\n' "$listed" | grep -qxF "$id"; then
		passed=$((passed + 1))
		echo "ok - portsentry.8 lists the difference $id"
	else
		failed=$((failed + 1))
		echo "FAIL - portsentry.8 lists the difference $id: expected a \".B $id\" entry under DIFFERENCES FROM PORTSENTRY 1.2, found none"
	fi
done

for man in "$top"/man/*.[1-8]; do
	warnings=$(groff -man -ww -z "$man" 2>&1)
	if [ -z "$warnings" ]; then
		passed=$((passed + 1))
		echo "ok - groff -man -ww -z is silent on $(basename "$man")"
	else
		failed=$((failed + 1))
		echo "FAIL - groff -man -ww -z is silent on $(basename "$man"): expected nothing, found:"
		printf '%s\n' "$warnings" | sed 's/^/#   /'
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
