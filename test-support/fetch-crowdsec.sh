#!/usr/bin/env bash
# Fetches Debian's crowdsec (the Local API and cscli) and crowdsec-firewall-bouncer into a git-ignored
# cache folder, test-support/.crowdsec/root, with `apt-get download` + `dpkg -x`: nothing is installed,
# no service is started. The CrowdSec tests run these binaries in the foreground, inside their own
# network namespaces. Run by .ci/setup; safe to run again (does nothing when the binaries are there).
set -euo pipefail
cd "$(dirname "$0")"
CACHE=.crowdsec
ROOT=$CACHE/root
if [ -x "$ROOT/usr/bin/crowdsec" ] && [ -x "$ROOT/usr/bin/cscli" ] && [ -x "$ROOT/usr/bin/crowdsec-firewall-bouncer" ]; then
  exit 0
fi
mkdir -p "$CACHE/debs" "$ROOT"
(cd "$CACHE/debs" && apt-get download -qq crowdsec crowdsec-firewall-bouncer)
for deb in "$CACHE"/debs/*.deb; do dpkg -x "$deb" "$ROOT"; done
for bin in crowdsec cscli crowdsec-firewall-bouncer; do
  if [ ! -x "$ROOT/usr/bin/$bin" ]; then
    echo "fetch-crowdsec: $bin is not in the packages fetched ($(ls "$CACHE"/debs))" >&2
    exit 1
  fi
done
