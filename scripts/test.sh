#!/usr/bin/env bash
# Set up (idempotent) and run the whole test suite: lint, unit, AppTest, Playwright in Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
.venv/bin/ruff check .
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
