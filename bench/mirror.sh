#!/bin/sh
# Mirror throughput: rockyiso's fetcher (download + sha256 + RPM signature
# + fsync + rename) against parallel curl (xargs -P, download only), both
# fetching the same generated, signed packages from one loopback HTTP
# server with the same number of workers. Target: ratio >= 0.8.
#
#   bench/mirror.sh            # BENCHTIME=5x by default
set -eu
cd "$(dirname "$0")/.."
go test -run '^$' -bench 'MirrorVsCurl' -benchtime "${BENCHTIME:-10x}" ./rpmcache/ |
	awk '/^BenchmarkMirrorVsCurl/ {
		for (i = 1; i <= NF; i++) m[$(i+1)] = $i
		printf "rockyiso %s MB/s, parallel curl %s MB/s, ratio %s (target >= 0.8)\n", m["rockyiso-MB/s"], m["curl-MB/s"], m["ratio"]
		ok = m["ratio"] >= 0.8
	} END { exit ok ? 0 : 1 }'
