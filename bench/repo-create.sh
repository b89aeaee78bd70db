#!/usr/bin/env bash
# Side-by-side benchmark of `rockyiso repo create` and createrepo_c with the
# same number of workers, cold and --update, on 1,500 generated RPMs and on
# the real EL7 fixture RPMs. Prints wall and CPU time, their ratios
# (ours/createrepo_c; below 1 means faster) and peak RSS. Needs createrepo-c
# and time (GNU). GNU time counts in 10 ms steps: on a shared machine use
# RUNS=9 or more.
# Usage: bench/repo-create.sh [WORKERS] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=${1:-2}
N=${2:-1500}
RUNS=${RUNS:-3} # each case runs RUNS times; the fastest counts (shared machines are noisy)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1700000000

go build -o "$WORK/rockyiso" ./cmd/rockyiso
go run ./internal/rpmgen/cmd/rpmgen -packages "$N" -out "$WORK/gen" >/dev/null
if [ -d ../shared/fixtures/el7/rpms ]; then
  mkdir -p "$WORK/fixture" && cp -r ../shared/fixtures/el7/rpms "$WORK/fixture/Packages"
fi

# measure CMD...: prints "wallSeconds peakKB cpuSeconds"
measure() {
  local out="$WORK/time.txt"
  /usr/bin/time -v -o "$out" "$@" >/dev/null 2>&1
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$out")
  echo "$wall $rss $cpu"
}

# best CMD...: the least wall and the least CPU time of RUNS measurements
# (each minimum on its own), and the peak RSS of all of them
best() {
  local r all=""
  for _ in $(seq "$RUNS"); do
    [ -n "${PREPARE:-}" ] && eval "$PREPARE"
    r=$(measure "$@")
    all="$all$r"$'\n'
  done
  awk 'NF == 3 { if (w == "" || $1 < w) w = $1; if (c == "" || $3 < c) c = $3; if ($2 > m) m = $2 }
    END { print w, m, c }' <<<"$all"
}

run_case() {
  local label=$1 dir=$2 mode=$3 ours theirs
  local upd=""
  [ "$mode" = update ] && upd="--update"
  rm -rf "$dir/repodata"
  PREPARE="rm -rf '$dir/repodata'"
  [ "$mode" = update ] && { createrepo_c -q --workers "$WORKERS" "$dir" >/dev/null; PREPARE=""; }
  theirs=$(best createrepo_c -q --workers "$WORKERS" $upd "$dir")
  rm -rf "$dir/repodata"
  PREPARE="rm -rf '$dir/repodata'"
  [ "$mode" = update ] && { "$WORK/rockyiso" repo create --workers "$WORKERS" "$dir" >/dev/null 2>&1; PREPARE=""; }
  ours=$(best "$WORK/rockyiso" repo create --workers "$WORKERS" $upd "$dir")
  read -r tw tr tc <<<"$theirs"
  read -r ow or oc <<<"$ours"
  awk -v l="$label" -v m="$mode" -v ow="$ow" -v tw="$tw" -v orss="$or" -v trss="$tr" -v oc="$oc" -v tc="$tc" 'BEGIN {
    printf "%-10s %-7s rockyiso %5.2fs (cpu %5.2fs) %3d MB | createrepo_c %5.2fs (cpu %5.2fs) %3d MB | wall ratio %.2f cpu ratio %.2f\n",
      l, m, ow, oc, orss/1024, tw, tc, trss/1024, (tw > 0 ? ow/tw : 0), (tc > 0 ? oc/tc : 0) }'
}

echo "workers=$WORKERS packages=$N"
for mode in cold update; do
  run_case generated "$WORK/gen" "$mode"
  [ -d "$WORK/fixture" ] && run_case fixture "$WORK/fixture" "$mode"
done
