#!/bin/sh
# Fetch the reference PortSentry 1.2 (Debian package "portsentry") into compat-tests/.ref without
# installing it: apt-get download + dpkg -x. Idempotent: does nothing when the binary is there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ref="$here/.ref"
if [ -x "$ref/usr/sbin/portsentry" ]; then
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
if ! apt-get download portsentry >/dev/null 2>&1; then
  apt-get update >/dev/null
  apt-get download portsentry
fi
deb=$(ls ./portsentry_*.deb)
mkdir -p "$ref"
dpkg -x "$deb" "$ref"
if [ ! -x "$ref/usr/sbin/portsentry" ]; then
  echo "fetch-reference.sh: expected $ref/usr/sbin/portsentry after unpacking $deb, found nothing" >&2
  exit 1
fi
echo "fetch-reference.sh: unpacked $(basename "$deb") into $ref"
