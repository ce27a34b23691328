#!/bin/bash
# Paired A/B of the working tree against a git revision, in one process per run (bench/ab/run.mjs):
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
# Twice, the second time with the builds' places swapped: identical builds measured 0.92–0.98 in the second place
# against the first, so each run's ratio carries a bias of the place; the geometric mean of the ratio with the new
# build second and the inverse of the ratio with it first cancels it.
args=("${5:-$root/bench/data/county}" "${2:-landuse}" "${3:-planar}" "${4:-15}")
r1=$(node --max-old-space-size=8000 "$root/bench/ab/run.mjs" "$root/bench/data/ab-base.mjs" "$root/bench/data/ab-new.mjs" "${args[@]}")
echo "new second: $r1"
r2=$(node --max-old-space-size=8000 "$root/bench/ab/run.mjs" "$root/bench/data/ab-new.mjs" "$root/bench/data/ab-base.mjs" "${args[@]}")
echo "new first:  $r2"
q1=${r1##*: }
q2=${r2##*: }
node -e "console.log('new/base, place bias cancelled: ' + Math.sqrt($q1 / $q2).toFixed(3))"
