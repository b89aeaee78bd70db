#!/usr/bin/env bash
# Side by side: setting 30 keys of a packaged-shape nova.conf with
# firstboot/ini (BenchmarkEditNovaConf) and with crudini, one call per key
# as the install guides' scripts do. Usage: bench/ini.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
command -v crudini >/dev/null || { echo "crudini is not installed (apt-get install crudini)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s%N)
for _ in $(seq "$rounds"); do
  cp firstboot/ini/testdata/nova.conf "$tmp/nova.conf"
  for s in DEFAULT api keystone_authtoken vnc glance placement; do
    for k in auth_url username password project_name region_name; do
      crudini --set "$tmp/nova.conf" "$s" "$k" "value-of-$k"
    done
  done
done
end=$(date +%s%N)
echo "crudini:        $(( (end - start) / rounds / 1000 )) us per file (30 keys)"
go test -run=NONE -bench=EditNovaConf -benchtime=2000x ./firstboot/ini/ | grep Benchmark
