#!/bin/sh
# Mirror throughput: rockyiso's fetcher (download + sha256 + RPM signature
# + fsync + rename) against parallel curl (xargs -P, download only), both
# fetching the same generated, signed packages from one loopback HTTP
# server (its own process) with the same number of workers. Target: ratio
# >= 0.8. Throughput is best-of-N; CPU is per run, the server's excluded.
#
#   bench/mirror.sh            # BENCHTIME=10x by default
set -eu
cd "$(dirname "$0")/.."
go test -run '^$' -bench 'MirrorVsCurl' -benchtime "${BENCHTIME:-10x}" ./rpmcache/ |
	awk '/^BenchmarkMirrorVsCurl/ {
		for (i = 1; i <= NF; i++) m[$(i+1)] = $i
		printf "rockyiso %s MB/s, parallel curl %s MB/s, ratio %s (target >= 0.8); CPU per run: rockyiso %s ms, curl %s ms\n", m["rockyiso-MB/s"], m["curl-MB/s"], m["ratio"], m["rockyiso-cpu-ms/run"], m["curl-cpu-ms/run"]
		ok = m["ratio"] >= 0.8
	} END { exit ok ? 0 : 1 }'
