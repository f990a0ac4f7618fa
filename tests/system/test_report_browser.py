"""The HTML report opens in headless Chromium with its tables and figures and no console errors;
a screenshot of each result category is saved beside the report (``report_screenshots/``)."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess

import numpy as np
import pytest
from conftest import run_workflow, tiny_config
from PIL import Image

from report.screenshots import CHROMIUM_FLAGS, save_screenshots

# The content pane shows a figure other than the one shown before (the pane keeps the last
# figure while the menu changes).
FIGURE = "img[src^='data:image/png']"
NEW_FIGURE = f"""previous => {{
    const img = document.querySelector("{FIGURE}");
    return img !== null && img.getAttribute("src") !== previous;
}}"""


def chromium() -> str:
    """Path of Debian's chromium, installed on a root Debian machine when missing."""
    path = shutil.which("chromium")
    if path is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"],
                       env=env, capture_output=True)
        path = shutil.which("chromium")
    if path is None:
        pytest.skip("Debian's chromium is not installed and cannot be installed here")
    return path


CATEGORIES = ("1. Micromagnetics", "2. Surrogates", "3. Network accuracy", "4. Material map",
              "6. Accuracy maps")


@pytest.mark.slow
def test_report_renders_in_chromium_without_console_errors(tiny_run, mnist_dir, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    report = tmp_path / "report.html"
    run_workflow(tiny_config(tiny_run, mnist_dir), report=report)
    errors: list[str] = []
    shown: dict[str, str] = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(report.as_uri(), wait_until="load")
        rows = page.locator("tbody tr")
        figure, last_figure = page.locator(FIGURE).first, ""
        results = page.get_by_text("Results", exact=True).first
        results.wait_for()  # the React app has rendered its menu
        assert "RESULTS" in page.inner_text("body").upper()
        # the workflow description rendered from reStructuredText, without docutils' errors
        assert "System Message" not in page.inner_text("body"), page.inner_text("body")[:3000]
        for category in CATEGORIES:
            page.get_by_text(category, exact=True).first.click()
            rows.first.wait_for()  # the category's result table is shown
            for i in range(rows.count()):
                row = rows.nth(i)
                label = " ".join(row.inner_text().split())
                eye = row.locator("a[iconname='eye']").first
                href = eye.get_attribute("href") or ""
                if not href.startswith("data:"):  # figures open in the page itself
                    eye.click()
                    page.wait_for_function(NEW_FIGURE, arg=last_figure)
                    href = last_figure = figure.get_attribute("src")
                    results.click()
                    page.get_by_text(category, exact=True).first.click()
                    rows.first.wait_for()
                shown[label] = href
            results.click()
            rows.first.wait_for(state="detached")  # back at the list of categories
        browser.close()
    assert not errors, errors

    shots = save_screenshots(report, tmp_path / "report_screenshots", chromium=chromium())
    assert set(CATEGORIES) <= set(shots), sorted(shots)
    digests = set()
    for category, path in shots.items():
        with Image.open(path) as image:
            assert image.width >= 800 and image.height >= 400, (category, image.size)
            grey = np.asarray(image.convert("L"), dtype=float)
            assert grey.std() > 5, f"{category}: the screenshot is blank"
            digests.add(hashlib.sha256(image.tobytes()).hexdigest())
    assert len(digests) == len(shots), "two categories gave the same screenshot"
    table = next(href for label, href in shown.items() if label.endswith("accuracy.csv"))
    csv_text = base64.b64decode(table.split("base64,", 1)[1]).decode()
    assert "software synapse + ReLU" in csv_text and "W_CoFeB1.2_MgO synapse + ReLU" in csv_text
    figure = next(href for label, href in shown.items() if label.endswith("learning_curves.png"))
    assert figure.startswith("data:image/png")
    assert any(label.endswith("material_map.png") for label in shown), shown.keys()
    assert shown.get("000_beta_map", "").startswith("data:image/png"), shown.keys()
    snapshots = [href for label, href in shown.items() if label.startswith("W_CoFeB1.2_MgO")]
    assert snapshots and all(h.startswith("data:image/png") for h in snapshots), shown.keys()
