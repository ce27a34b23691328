#!/bin/bash
# Paired A/B of the working tree against a git revision, in one process (bench/ab/run.mjs):
#   bench/ab.sh [REV=HEAD] [LAYER=landuse] [planar|ellipsoidal] [ROUNDS=15] [DIR=bench/data/county]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:-HEAD}
out=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$out/base" >/dev/null 2>&1 || true; rm -rf "$out"' EXIT
git -C "$root" worktree add --detach -q "$out/base" "$rev"
mkdir -p "$out/base/bench/ab" && cp "$root/bench/ab/entry.ts" "$out/base/bench/ab/entry.ts"
ln -s "$root/node_modules" "$out/base/node_modules"
bundle() { npx --prefix "$root" esbuild "$1" --bundle --platform=node --format=esm --packages=external --log-level=warning --outfile="$2"; }
bundle "$out/base/bench/ab/entry.ts" "$root/bench/data/ab-base.mjs"
bundle "$root/bench/ab/entry.ts" "$root/bench/data/ab-new.mjs"
node --max-old-space-size=8000 "$root/bench/ab/run.mjs" "$root/bench/data/ab-base.mjs" "$root/bench/data/ab-new.mjs" \
  "${5:-$root/bench/data/county}" "${2:-landuse}" "${3:-planar}" "${4:-15}"
