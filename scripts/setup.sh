#!/usr/bin/env bash
# Set up everything on a fresh Debian machine: Debian chromium + fonts, the .venv with the pinned packages,
# and the warehouse built from the embedded catalog. Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
apt_pkgs=(chromium fonts-noto-core poppler-utils)
# Serving many users (scripts/cluster.sh, tests): HAProxy, PostgreSQL, and FUSE for the JuiceFS shared-FS tests.
[ "${1:-}" = "--dev" ] && apt_pkgs+=(haproxy postgresql fuse3)
for pkg in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need_apt[@]}"
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
req=requirements.txt; [ "${1:-}" = "--dev" ] && req=requirements-dev.txt
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$req"
[ -e data/warehouse/current ] || .venv/bin/python -m etl build
# A warehouse published before public reports (issue 17) lacks their table: rebuild it once (uploads are kept).
[ -e data/warehouse/current/public_reports.parquet ] || .venv/bin/python -m etl build
