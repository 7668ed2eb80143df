"""Lighthouse scores of the public site's main kinds of page, on a simulated phone.

    python scripts/lighthouse.py                 # build the public edition, 5 runs a page (make lighthouse)
    python scripts/lighthouse.py --site site     # an already built site
    python scripts/lighthouse.py --runs 3 --pages case-studies/

Serves the site on 127.0.0.1 (gzipped, as GitHub Pages serves it) and runs
Lighthouse from npm (package.json, installed with `npm ci`) in Debian's
chromium, with its defaults: a phone on simulated slow 4G. Prints, for each
page, the median of the runs for the four categories (performance,
accessibility, best practices, SEO) and for first contentful paint, largest
contentful paint, total blocking time and cumulative layout shift, then every
audit below full marks outside performance. A benchmark, not a test: scores
move from run to run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from preview_screenshots import CHROMIUM_ARGS, serve

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
           "CLS": "cumulative-layout-shift"}
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]  # the same chromium settings as the screenshots and tests
# One page of each kind: home, library, a story, a term page, search.
A_STORY = "STORY"  # replaced by the first published story's page, so stories can be renamed or merged
PAGES = ["", "case-studies/", A_STORY, "localities/perth-and-kinross-wide/", "search/"]


# ---------------------------------------------------------------------------
# Lighthouse
# ---------------------------------------------------------------------------

def run_lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run (mobile, simulated throttling: its defaults); the JSON report."""
    command = ["node", str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    env = os.environ | {"CHROME_PATH": shutil.which("chromium") or "chromium"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not report.is_file():
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    """Category scores, metric values and the failing non-performance audits of one report."""
    row = {c: report["categories"][c]["score"] for c in CATEGORIES}
    row |= {name: report["audits"][audit]["numericValue"] for name, audit in METRICS.items()}
    failing = set()
    for category in CATEGORIES[1:]:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failing.add(f"{category}: {ref['id']} ({audit['title']})")
    row["failing"] = failing
    return row


def measure(site: Path, pages: list[str], runs: int, keep: Path | None, compress: bool = True) -> dict[str, list[dict]]:
    server = serve(site, compress)
    base = f"http://127.0.0.1:{server.server_port}/"
    results: dict[str, list[dict]] = {}
    try:
        with tempfile.TemporaryDirectory() as scratch:
            for page in pages:
                results[page] = []
                for n in range(runs):
                    report = (keep or Path(scratch)) / f"{page.strip('/').replace('/', '_') or 'home'}-{n}.json"
                    results[page].append(summary(run_lighthouse(base + page, report)))
                    print(".", end="", file=sys.stderr, flush=True)
    finally:
        server.shutdown()
    print(file=sys.stderr)
    return results


def table(results: dict[str, list[dict]]) -> str:
    lines = ["| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for page, rows in results.items():
        median = {key: statistics.median(r[key] for r in rows) for key in [*CATEGORIES, *METRICS]}
        lines.append(f"| /{page} | " + " | ".join(f"{median[c]:.2f}" for c in CATEGORIES)
                     + f" | {median['FCP'] / 1000:.1f} s | {median['LCP'] / 1000:.1f} s | {median['TBT']:.0f} ms | {median['CLS']:.3f} |")
    failing = sorted({(page, f) for page, rows in results.items() for r in rows for f in r["failing"]})
    if failing:
        lines.append("\nBelow full marks (in at least one run):")
        lines += [f"- /{page}: {f}" for page, f in failing]
    return "\n".join(lines)


def build_public(site: Path, config: Path) -> None:
    env = os.environ | {"OFFER_EDITION": "public", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "--site-dir", str(site)],
                   env=env, check=True, cwd=config.parent)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the public edition into a temporary folder)")
    parser.add_argument("--config", type=Path, default=REPO / "mkdocs.yml", help="the mkdocs.yml to build (default: this repository's)")
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs per page; the table shows medians")
    parser.add_argument("--pages", default=",".join(PAGES), help="paths from the site root, comma-separated ('' is the home page)")
    parser.add_argument("--keep", type=Path, help="a folder to keep every JSON report in")
    parser.add_argument("--no-gzip", action="store_true", help="serve files uncompressed (as Python's http.server does)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        sys.exit("lighthouse.py: Lighthouse is missing; run `npm ci` in the repository first (make lighthouse does)")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="offer-lighthouse-") as scratch:
        site = args.site
        if not site:
            site = Path(scratch) / "site"
            build_public(site, args.config.resolve())
        pages = [first_story(site) if page == A_STORY else page for page in args.pages.split(",")]
        results = measure(site, pages, args.runs, args.keep, compress=not args.no_gzip)
    served = "uncompressed" if args.no_gzip else "gzipped"
    print(f"Lighthouse {lighthouse_version()}, mobile, simulated slow 4G, served {served}; medians of {args.runs} runs\n")
    print(table(results))
    return 0


def first_story(site: Path) -> str:
    """The address of the open data's first story, from the site root."""
    stories = json.loads((site / "data" / "stories.json").read_text(encoding="utf-8"))["stories"]
    return f"case-studies/{stories[0]['slug']}/"


def lighthouse_version() -> str:
    return json.loads((LIGHTHOUSE.parent.parent / "package.json").read_text(encoding="utf-8"))["version"]


if __name__ == "__main__":
    sys.exit(main())
