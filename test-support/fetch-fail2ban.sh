#!/bin/sh
# Fetches Debian's fail2ban (its install would start a service) and unpacks it, not installed, into
# test-support/.cache/fail2ban (git-ignored), for the tests that run fail2ban-regex with its stock
# portsentry filter over our history lines. Run by .ci/setup; does nothing when already there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest="$here/.cache/fail2ban"
[ -x "$dest/usr/bin/fail2ban-regex" ] && exit 0
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -qq fail2ban >/dev/null)
rm -rf "$dest"
mkdir -p "$dest"
dpkg -x "$work"/fail2ban_*.deb "$dest"
test -x "$dest/usr/bin/fail2ban-regex"
