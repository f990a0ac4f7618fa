"""Screenshots of a Snakemake report's result categories in headless Chromium, e.g. for a paper's
supplement or a lab notebook:

    python -m report.screenshots results/report.html results/report_screenshots

Needs playwright (the ``test`` extra) and a Chromium (Debian's ``chromium``, or ``--chromium``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


def file_name(category: str) -> str:
    """``"3. Network accuracy"`` -> ``"network_accuracy.png"``."""
    return re.sub(r"\W+", "_", category.split(". ", 1)[-1].lower()).strip("_") + ".png"


def save_screenshots(report: Path, out: Path, categories: list[str] | None = None,
                     chromium: str | None = None) -> dict[str, Path]:
    """Open ``report``, show each result category (all of them when ``categories`` is None)
    and save a full-page screenshot of it into ``out``; returns category -> PNG path."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium or shutil.which("chromium"),
                                    args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(Path(report).resolve().as_uri(), wait_until="load")
        results = page.get_by_text("Results", exact=True).first
        results.wait_for()  # the report's app has rendered its menu
        if categories is None:
            names = page.get_by_text(re.compile(r"^\d+\. ")).all_inner_texts()
            categories = sorted({" ".join(name.split()) for name in names})
        rows = page.locator("tbody tr")
        for category in categories:
            page.get_by_text(category, exact=True).first.click()
            rows.first.wait_for()  # the category's table of results is shown
            saved[category] = out / file_name(category)
            page.screenshot(path=saved[category], full_page=True)
            results.click()
            rows.first.wait_for(state="detached")  # back at the list of categories
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--chromium", help="Chromium executable (default: chromium on PATH)")
    args = parser.parse_args(argv)
    if not args.report.is_file():
        sys.exit(f"{args.report}: no report; make one with `make run` (it writes "
                 "results/report.html)")
    for category, path in save_screenshots(args.report, args.out, chromium=args.chromium).items():
        print(f"{category}: {path}")


if __name__ == "__main__":
    main()
