#!/usr/bin/env bash
# Identity bootstrap of the whole reference guide: firstboot's
# identity.Apply versus the same `openstack ... create` commands with
# Debian's python3-openstackclient, each against a freshly bootstrapped
# Keystone (Debian's keystone under uwsgi, on a throwaway MariaDB).
# Needs: mariadb-server keystone python3-pymysql uwsgi-core
# uwsgi-plugin-python3 python3-openstackclient.
# Usage: bench/identity.sh [site.yaml] [-v]
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./bench/identity -site "${1:-examples/lab-4node.yaml}" "${@:2}"
