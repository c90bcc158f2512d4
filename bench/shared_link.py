"""Opening a shared link: link opened → every chart drawn, a fresh browser context each time (issue 14, point 10).

    .venv/bin/python -m bench.shared_link [--rounds 5] [--before /path/to/another/checkout]

Serves this checkout (and, with --before, another one, e.g. `git worktree add /tmp/before <commit>` with its own
.venv or a symlink to this one) with `streamlit run serve.py` on the embedded warehouse, waits for the start-up warming,
then opens the Overview, Sector and Indicator links in Debian's chromium, interleaving the checkouts so both see the
same load. Prints the median and range per page and checkout, their ratio, and the load average during the rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

# Both chart elements: Streamlit's own (older checkouts) and the dashboard's component.
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const done = app && app.getAttribute('data-test-script-state') === 'notRunning';
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"], [data-testid="dashboardChart"]')];
    const skeletons = document.querySelectorAll('[data-testid="stSkeleton"]').length;
    return done && !skeletons && document.querySelector('[data-testid="stMain"] h1') && charts.length > 0
        && charts.every(c => c.querySelector('.main-svg .trace'));
}"""
LINKS = {"overview": "/?lang=vi", "sector": "/sector?sector=telecom&lang=vi",
         "indicator": "/indicator?indicator=telecom_internet_users_pct&lang=vi"}


def serve(tree: Path, warehouse: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run serve.py` of a checkout on a free port; returns the process and base URL once healthy."""
    port = free_port()
    python = tree / ".venv" / "bin" / "python"
    process = subprocess.Popen(
        [str(python if python.exists() else sys.executable), "-m", "streamlit", "run", "serve.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
        cwd=tree, env={**os.environ, "DASHBOARD_DATA_DIR": str(warehouse)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{tree}: streamlit did not start")


def main(argv: list[str] | None = None) -> int:
    """Measure, interleaved, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout to compare with (served side by side)")
    parser.add_argument("--warehouse", type=Path, default=ROOT / "data" / "warehouse")
    parser.add_argument("--settle", type=float, default=25.0, help="seconds for the servers' start-up warming")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    trees = {"this": ROOT, **({"before": args.before.resolve()} if args.before else {})}
    servers = {name: serve(tree, args.warehouse) for name, tree in trees.items()}
    try:
        time.sleep(args.settle)
        seconds: dict[tuple[str, str], list[float]] = {(t, p): [] for t in trees for p in LINKS}
        loads = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for round_no in range(args.rounds):
                loads.append(os.getloadavg()[0])
                for page_name, path in LINKS.items():
                    for tree in (list(trees) if round_no % 2 == 0 else list(trees)[::-1]):
                        context = browser.new_context(viewport={"width": 1440, "height": 900})
                        page = context.new_page()
                        start = time.perf_counter()
                        page.goto(servers[tree][1] + path)
                        page.wait_for_function(DRAWN, polling=20, timeout=60_000)
                        seconds[(tree, page_name)].append(time.perf_counter() - start)
                        context.close()
            browser.close()
    finally:
        for process, _ in servers.values():
            process.terminate()
    print("link opened → every chart drawn (s), fresh context each")
    for page_name in LINKS:
        medians = {}
        for tree in trees:
            values = seconds[(tree, page_name)]
            medians[tree] = statistics.median(values)
            print(f"  {page_name:10s} {tree:7s} median {medians[tree]:.2f}  range {min(values):.2f}–{max(values):.2f}  target ≤ 3 s"
                  f"  {'PASS' if medians[tree] <= 3 else 'FAIL'}")
        if "before" in medians:
            print(f"  {page_name:10s} before / this = {medians['before'] / medians['this']:.2f}×")
    print(f"load average during the rounds: {min(loads):.1f}–{max(loads):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
