"""Take the screenshot of a report kept in ``docs/report.png`` (headless Chromium via playwright).

    python docs/report_screenshot.py out/demo/report.html docs/report.png [--chromium /usr/bin/chromium]

Shows the top of the Topics section: the topic sizes and language-mix charts (topic labels in
Devanagari and Latin) and the start of the topics table.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    ap.add_argument("--height", type=int, default=1000)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(args.report.resolve().as_uri(), wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('[data-chart] svg.main-svg').length > 0")
        box = page.locator("#topics").bounding_box()
        page.screenshot(
            path=str(args.png),
            full_page=True,
            clip={"x": 0, "y": box["y"] - 10, "width": 1280, "height": min(args.height, box["height"] + 10)},
        )
        browser.close()
    print(f"{args.png} ({args.png.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
