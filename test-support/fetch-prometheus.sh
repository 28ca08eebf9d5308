#!/bin/sh
# Fetches Debian's prometheus-node-exporter (node_exporter) and prometheus (promtool) into
# test-support/.cache/prometheus without installing them: their install would start services.
# The status/metrics tests run these binaries in their own network namespace, in the foreground.
# Usage: test-support/fetch-prometheus.sh   (idempotent; prints where the binaries are)
set -eu
cd "$(dirname "$0")"
CACHE=.cache/prometheus
mkdir -p "$CACHE/debs" "$CACHE/root"
if [ -x "$CACHE/root/usr/bin/prometheus-node-exporter" ] && [ -x "$CACHE/root/usr/bin/promtool" ]; then
  echo "$(pwd)/$CACHE/root/usr/bin"
  exit 0
fi
(cd "$CACHE/debs" && apt-get download -qq prometheus-node-exporter prometheus)
for deb in "$CACHE"/debs/*.deb; do dpkg -x "$deb" "$CACHE/root"; done
test -x "$CACHE/root/usr/bin/prometheus-node-exporter"
test -x "$CACHE/root/usr/bin/promtool"
echo "$(pwd)/$CACHE/root/usr/bin"
