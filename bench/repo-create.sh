#!/usr/bin/env bash
# Side-by-side benchmark of `rockyiso repo create` and createrepo_c with the
# same number of workers, cold and --update, on 1,500 generated RPMs and on
# the real EL7 fixture RPMs. Prints wall time, the ratio (ours/createrepo_c;
# below 1 means faster) and peak RSS. Needs createrepo-c and time (GNU).
# Usage: bench/repo-create.sh [WORKERS] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=${1:-2}
N=${2:-1500}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1700000000

go build -o "$WORK/rockyiso" ./cmd/rockyiso
go run ./bench/genrpms -n "$N" -dir "$WORK/gen/Packages"
if [ -d ../shared/fixtures/el7/rpms ]; then
  mkdir -p "$WORK/fixture" && cp -r ../shared/fixtures/el7/rpms "$WORK/fixture/Packages"
fi

# measure DIR CMD...: prints "seconds peakKB"
measure() {
  local out="$WORK/time.txt"
  /usr/bin/time -v -o "$out" "$@" >/dev/null 2>&1
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
  echo "$wall $rss"
}

run_case() {
  local label=$1 dir=$2 mode=$3 ours theirs
  local upd=""
  [ "$mode" = update ] && upd="--update"
  rm -rf "$dir/repodata"
  [ "$mode" = update ] && createrepo_c -q --workers "$WORKERS" "$dir" >/dev/null
  theirs=$(measure createrepo_c -q --workers "$WORKERS" $upd "$dir")
  rm -rf "$dir/repodata"
  [ "$mode" = update ] && "$WORK/rockyiso" repo create --workers "$WORKERS" "$dir" >/dev/null 2>&1
  ours=$(measure "$WORK/rockyiso" repo create --workers "$WORKERS" $upd "$dir")
  read -r tw tr <<<"$theirs"
  read -r ow or <<<"$ours"
  awk -v l="$label" -v m="$mode" -v ow="$ow" -v tw="$tw" -v orss="$or" -v trss="$tr" 'BEGIN {
    printf "%-10s %-7s rockyiso %6.2fs %4d MB | createrepo_c %6.2fs %4d MB | time ratio %.2f\n",
      l, m, ow, orss/1024, tw, trss/1024, (tw > 0 ? ow/tw : 0) }'
}

echo "workers=$WORKERS packages=$N"
for mode in cold update; do
  run_case generated "$WORK/gen" "$mode"
  [ -d "$WORK/fixture" ] && run_case fixture "$WORK/fixture" "$mode"
done
