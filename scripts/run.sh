#!/usr/bin/env bash
# Set up (idempotent) and serve the dashboard on the embedded default data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/streamlit run serve.py --server.headless true --browser.gatherUsageStats false "$@"
