#!/usr/bin/env bash
# bench/closure.sh: the closure of the four roles over a generated EL7-like
# universe (default 10,000 packages), resolved by rockyiso's depsolve
# (BenchmarkResolveAllRoles) and by dnf (libsolv) on the same RPMs made
# into repos by createrepo_c, side by side. Prints wall and CPU times and
# the ratios depsolve/dnf (target: under 1/5; depsolve under 100 ms).
#
# Needs: go, dnf, createrepo_c. Usage: bench/closure.sh [PACKAGES]
# (BenchmarkResolveAllRoles always uses 10,000 packages and seed 1.)
set -euo pipefail
n=${1:-10000}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "generating $n packages and their repos..." >&2
go run ./internal/rpmgen/cmd/rpmgen -packages "$n" -seed 1 -out "$work/repos" >"$work/plan"
printf '[main]\n' >"$work/dnf.conf"
dnf=(dnf -q --config="$work/dnf.conf" --installroot="$work/root" --releasever=7 --forcearch=x86_64
	--setopt=reposdir=/dev/null --setopt=cachedir="$work/cache" --disableplugin='*' --nogpgcheck
	--setopt=install_weak_deps=False --setopt=tsflags=noscripts)
while read -r kind name prio dir; do
	[ "$kind" = repo ] || continue
	createrepo_c -q --workers 2 "$dir"
	dnf+=(--repofrompath="$name,file://$dir" --setopt="$name.priority=$prio")
done <"$work/plan"
"${dnf[@]}" makecache >/dev/null 2>&1 # warm cache: time resolution, not XML parsing

# dnf_time PKGS...: resolve with dnf; sets w (wall) and c (user+sys CPU), in seconds.
dnf_time() {
	local rc t
	TIMEFORMAT='%R %U %S'
	set +e
	{ time "${dnf[@]}" --assumeno install "$@" >"$work/out" 2>&1; } 2>"$work/time"
	rc=$?
	set -e
	if [ $rc -ne 0 ] && ! grep -q 'Operation aborted' "$work/out"; then
		echo "dnf failed:" >&2
		cat "$work/out" >&2
		exit 1
	fi
	read -r w u t <"$work/time"
	c=$(echo "$u + $t" | bc -l)
}

dwall=0 dcpu=0
while read -r kind name pkgs; do
	[ "$kind" = role ] || continue
	# shellcheck disable=SC2086
	dnf_time $pkgs
	printf 'dnf      %-10s wall %6.3f s  cpu %6.3f s\n' "$name" "$w" "$c"
	dwall=$(echo "$dwall + $w" | bc -l) dcpu=$(echo "$dcpu + $c" | bc -l)
done <"$work/plan"

line=$(go test -run '^$' -bench 'ResolveAllRoles$' -benchtime 20x ./rpmcache/depsolve | grep '^BenchmarkResolveAllRoles')
gwall=$(awk '{for (i = 1; i < NF; i++) if ($(i+1) == "ns/op") print $i / 1e9}' <<<"$line")
gcpu=$(awk '{for (i = 1; i < NF; i++) if ($(i+1) == "cpu-ms/op") print $i / 1e3}' <<<"$line")
printf 'dnf      all roles  wall %6.3f s  cpu %6.3f s\n' "$dwall" "$dcpu"
printf 'depsolve all roles  wall %6.3f s  cpu %6.3f s  (10,000 packages, index + 4 closures)\n' "$gwall" "$gcpu"
printf 'ratio depsolve/dnf  wall %6.4f    cpu %6.4f   (target < 0.2)\n' \
	"$(echo "$gwall / $dwall" | bc -l)" "$(echo "$gcpu / $dcpu" | bc -l)"
