#!/bin/sh
# Stage the application that debian/rules installs under /usr/lib/portsentry-node.
#
# Usage: debian/build-app.sh STAGE_DIR
#
# Offline by design: it uses the node_modules tree that "npm ci" already populated in the source
# tree (CI runs "npm ci" before building the package) and never contacts a registry. It
#   1. compiles src/ (not compat-tests/ or bench/) with the tree's own TypeScript into STAGE/dist,
#      and bundles the legacy invocation and plain lint with its esbuild (scripts/bundle.mjs),
#   2. copies the production dependencies only (the list "npm ls --omit=dev" prints),
#   3. rebuilds every native addon (ours and cap's) against the headers of the node that runs this
#      script (--nodedir=/usr: the nodejs package ships them, so node-gyp downloads nothing),
#   4. makes the launcher's bash line start /usr/bin/node, the interpreter the package depends on,
#      instead of the first node in PATH.
set -eu

top=$(pwd)
stage=${1:?usage: debian/build-app.sh STAGE_DIR}
case "$stage" in /*) ;; *) stage="$top/$stage" ;; esac
node=/usr/bin/node
gyp="$top/node_modules/.bin/node-gyp"
tsc="$top/node_modules/.bin/tsc"
esbuild="$top/node_modules/.bin/esbuild"

fail() {
	echo "debian/build-app.sh: $*" >&2
	exit 1
}

[ -x "$node" ] || fail "expected the nodejs package's $node, found nothing"
for tool in "$gyp" "$tsc" "$esbuild"; do
	[ -x "$tool" ] || fail "expected $tool (a devDependency), found nothing: run \"npm ci\" first"
done
[ -d "$top/node_modules/@oclif/core" ] || fail "expected node_modules/@oclif/core, found nothing: run \"npm ci\" first"
# node-gyp --nodedir=/usr reads /usr/include/node (NodeSource's nodejs, Debian's libnode-dev)
[ -f /usr/include/node/common.gypi ] && [ -f /usr/include/node/node_api.h ] ||
	fail "expected the headers of $("$node" --version) in /usr/include/node (common.gypi, node_api.h), found none: install libnode-dev or nodejs-dev"

rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/build/Release" "$stage/node_modules"

# 1. TypeScript: only src/, without the tests, without source maps (the .ts files are not shipped).
cat >"$stage.tsconfig.json" <<EOF
{
  "extends": "$top/tsconfig.json",
  "compilerOptions": { "rootDir": "$top", "outDir": "$stage/dist", "sourceMap": false },
  "include": ["$top/src/**/*.ts"],
  "exclude": ["$top/**/*.test.ts", "$top/node_modules", "$top/dist"]
}
EOF
"$node" "$tsc" -p "$stage.tsconfig.json"
rm -f "$stage.tsconfig.json"
[ -f "$stage/dist/src/legacy/cli.js" ] || fail "expected $stage/dist/src/legacy/cli.js after tsc, found nothing"
# the two bundles bin/portsentry loads (the legacy invocation, plain lint): the same src/, by the tree's esbuild
"$node" "$top/scripts/bundle.mjs" "$stage/dist/bundle"
for bundle in legacy lint; do
	[ -f "$stage/dist/bundle/$bundle.cjs" ] || fail "expected $stage/dist/bundle/$bundle.cjs after scripts/bundle.mjs, found nothing"
done
# test helpers live in test-support/ and only tests import them: one in dist/ means src/ imports it
[ ! -e "$stage/dist/test-support" ] || fail "expected no test-support/ in $stage/dist, found one: a file of src/ imports a test helper"

# 2. Production dependencies. A nested path (a/node_modules/b) comes with its parent's copy.
npm ls --omit=dev --all --parseable --prefix "$top" | sed "s#^$top/##" | grep '^node_modules/' |
	grep -v '^node_modules/.*/node_modules/' | sort -u | while read -r dir; do
	mkdir -p "$stage/$(dirname "$dir")"
	cp -a "$top/$dir" "$stage/$dir"
done
# cap: drop the old build, the Windows-only WinPcap copy and the tests; rebuilt below.
rm -rf "$stage/node_modules/cap/build" "$stage/node_modules/cap/deps" "$stage/node_modules/cap/test"

# 3. Native addons, built for this node (its NODE_MODULE_VERSION is what debian/rules depends on).
gypdir="$stage.gyp"
rm -rf "$gypdir"
mkdir -p "$gypdir"
cp -a "$top/binding.gyp" "$top/native" "$gypdir/"
(cd "$gypdir" && "$node" "$gyp" rebuild --nodedir=/usr)
cp "$gypdir/build/Release/portsentry_native.node" "$stage/build/Release/"
rm -rf "$gypdir"
(cd "$stage/node_modules/cap" && "$node" "$gyp" rebuild --nodedir=/usr)
find "$stage/node_modules/cap/build" -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} +
find "$stage/node_modules/cap/build/Release" -mindepth 1 -maxdepth 1 ! -name cap.node -exec rm -rf {} +
# nan is C++ headers for compiling cap; nothing loads it at run time
rm -rf "$stage/node_modules/nan"

# 4. Launcher and package.json (oclif reads its "oclif" section), templates/ and share/ when not empty.
# shellcheck disable=SC2016 # the $ are bash's, in the launcher's line 2
sed -e '2s|hash node 2>/dev/null|[[ -x /usr/bin/node ]]|' -e '2s|n=${BASH_CMDS\[node\]}|n=/usr/bin/node|' \
	-e '2s|exec node "$0" "$@"$|exec /usr/bin/node "$0" "$@"|' "$top/bin/portsentry" >"$stage/bin/portsentry"
chmod 755 "$stage/bin/portsentry"
# the launcher is a CommonJS file: bin/package.json says so
cp "$top/bin/package.json" "$stage/bin/"
# shellcheck disable=SC2016
if ! sed -n 2p "$stage/bin/portsentry" | grep -q 'n=/usr/bin/node;.*exec /usr/bin/node "$0" "$@"$' ||
	sed -n 2p "$stage/bin/portsentry" | grep -q 'BASH_CMDS\|hash node'; then
	echo "build-app.sh: expected bin/portsentry's line 2 to start /usr/bin/node after the rewrite, found:" >&2
	sed -n 2p "$stage/bin/portsentry" >&2
	exit 1
fi
cp "$top/package.json" "$stage/"
for dir in templates share; do
	if [ -d "$top/$dir" ] && [ -n "$(ls -A "$top/$dir")" ]; then
		cp -a "$top/$dir" "$stage/"
	fi
done

# Files that only matter to a developer of a dependency (licence files stay, whatever their name).
find "$stage/node_modules" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.map' -o -name '*.ts' \
	-o -name '.npmignore' -o -name '.travis.yml' -o -name 'appveyor.yml' -o -name '.eslintrc*' \) \
	! -iname 'licen[cs]e*' ! -iname 'copying*' -delete
find "$stage/node_modules" -mindepth 1 -type d -empty -delete
echo "debian/build-app.sh: staged the application in $stage"
