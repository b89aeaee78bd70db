#!/usr/bin/env bash
# demo.sh SITE OUT: runs rockyiso's whole offline pipeline on an example site
# and leaves every artefact under OUT: the validated site, its secrets, a node
# bundle and kickstart per host, a kickstart per role, each node's rendered
# firstboot configuration tree and plan, and an OEMDRV kickstart ISO per role.
# A real CentOS 7 DVD and a mirror are not needed for this demo (no network).
set -euo pipefail
site=${1:-examples/lab-4node.yaml}
out=${2:-out}
bin=$(cd "$(dirname "$0")/.." && pwd)/bin
rockyiso=$bin/rockyiso
firstboot=$bin/firstboot

mkdir -p "$out"
cp "$site" "$out/site.yaml"
s=$out/site.yaml

step() { printf '\n== %s\n' "$*"; }

step "checking the site file"
"$rockyiso" site check --site "$s"

step "generating the site's secrets (kept in $out/site.secrets.yaml, mode 0600)"
"$rockyiso" secrets init --site "$s" 2>/dev/null

hosts=$(awk '/^  - name:/ {print $3}' "$s")
roles=$(awk -F'[][]' '/roles:/ {print $2}' "$s" | tr ', ' '\n\n' | sed '/^$/d' | sort -u)

for h in $hosts; do
  step "rendering kickstart and node bundle for $h"
  "$rockyiso" render --site "$s" --host "$h" --out "$out/nodes/$h"
  "$firstboot" render --node "$out/nodes/$h/node.json" --root "$out/nodes/$h/root" >/dev/null
  "$firstboot" plan --node "$out/nodes/$h/node.json" > "$out/nodes/$h/plan.txt"
  echo "  $(find "$out/nodes/$h/root" -type f | wc -l) config files, $(grep -c . "$out/nodes/$h/plan.txt") plan lines"
done

for r in $roles; do
  step "building the $r role kickstart and its OEMDRV ISO"
  "$rockyiso" kickstart --site "$s" --role "$r" --media cdrom -o "$out/$r.ks"
  "$rockyiso" build --site "$s" --role "$r" --oemdrv --firstboot "$firstboot" -o "$out/$r-oemdrv.iso"
done

step "done"
ls -l "$out"
