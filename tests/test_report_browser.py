"""The demo report in a real browser: headless Chromium (the system's, driven by playwright).

Checks that the page loads from disk with no network request and no console error, that every chart is
drawn, that Devanagari text is rendered with a Devanagari font, and that a screenshot is not blank.
Skipped where no browser is installed, except with ``CI=true`` (``.ci/run`` installs one), where it fails.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Families that carry Devanagari glyphs on Linux, Windows and macOS
DEVANAGARI_FONTS = ("Devanagari", "Mangal", "Nirmala UI", "Aparajita", "Kokila", "Gargi", "Kalimati", "Sarai")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{reason} (CI=true: the browser test must run; .ci/run installs chromium)")
    pytest.skip(reason)


def chromium_path() -> str:
    path = os.environ.get("NLP_SOCIAL_CHROMIUM") or next(filter(None, map(shutil.which, CANDIDATES)), None)
    if not path:
        _unavailable(
            "no Chromium found (apt-get install chromium fonts-noto-core, or set NLP_SOCIAL_CHROMIUM)"
        )
    return str(path)


@pytest.fixture(scope="module")
def browser_page(request: pytest.FixtureRequest):
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    from nlp_social.report import write_report

    demo_output: Path = request.getfixturevalue("demo_output")  # annotated only once a browser is found
    report = write_report(demo_output)
    events: dict[str, list[str]] = {"errors": [], "requests": []}

    def on_route(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:  # the page must need no network: record and refuse
            events["requests"].append(url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: events["errors"].append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: events["errors"].append(str(exc)))
            page.route("**/*", on_route)
            page.goto(report.resolve().as_uri(), wait_until="load")
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-chart]')]"
                ".every(c => c.querySelector('svg.main-svg'))",
                timeout=30_000,
            )
            yield page, events, report
        finally:
            browser.close()


def test_page_loads_without_errors_or_network(browser_page) -> None:
    page, events, report = browser_page
    assert events["errors"] == []
    assert events["requests"] == []
    assert page.title().endswith("annotation report")
    headings = page.locator("h2").all_inner_texts()
    assert headings == ["Corpus overview", "Topics", "Stance per target", "Models and versions"]


def test_every_chart_is_drawn(browser_page) -> None:
    page, _, report = browser_page
    expected = report.read_text(encoding="utf-8").count('data-chart="')
    charts = page.locator("[data-chart]")
    assert charts.count() == expected >= 17
    for i in range(expected):
        chart = charts.nth(i)
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, chart.get_attribute("data-chart")
        # drawn to fit its box (a figure drawn wider than its box is cut off)
        fits = chart.evaluate("c => c.querySelector('.js-plotly-plot')._fullLayout.width <= c.clientWidth")
        assert fits, f"chart {i} ({chart.get_attribute('data-chart')}) is wider than its box"
        # drawn marks: bars/lines are paths in a trace group, a heatmap is an image
        marks = chart.locator(".trace path, .hm image, .heatmaplayer image").count()
        assert marks > 0, f"chart {i} ({chart.get_attribute('data-chart')}) has no drawn marks"


def _fonts_for(page, selector: str) -> list[dict]:
    """The platform fonts Chromium used to render the first node matching ``selector`` (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, selector
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def test_devanagari_is_rendered_with_a_devanagari_font(browser_page) -> None:
    page, _, _ = browser_page
    # a topic-words cell of the topics table (HTML) and a topic label on a chart axis (SVG)
    page.evaluate(
        """() => {
            const deva = /[\\u0900-\\u097F]/;
            const cell = [...document.querySelectorAll('#topics td')].find(td => deva.test(td.textContent));
            cell.id = 'deva-cell';
            const tick = [...document.querySelectorAll('[data-chart] .ytick text')]
                .find(t => deva.test(t.textContent));
            tick.id = 'deva-tick';
        }"""
    )
    for selector in ("#deva-cell", "#deva-tick"):
        fonts = _fonts_for(page, selector)
        used = [f["familyName"] for f in fonts if f["glyphCount"] > 0]
        assert any(any(name in family for name in DEVANAGARI_FONTS) for family in used), (selector, fonts)


def test_screenshot_is_not_blank(browser_page) -> None:
    from PIL import Image, ImageStat

    page, _, _ = browser_page
    page.evaluate("window.scrollTo(0, 0)")
    image = Image.open(io.BytesIO(page.screenshot(full_page=False))).convert("RGB")
    assert image.size == (1280, 900)
    colors = image.getcolors(maxcolors=1 << 20) or []
    assert len(colors) > 50  # text, header, table lines and charts, not a flat page
    assert max(ImageStat.Stat(image).stddev) > 20
    # the charts further down are drawn too: a chart's own screenshot has colored bars
    chart = Image.open(io.BytesIO(page.locator("[data-chart='languages']").screenshot())).convert("RGB")
    bar = (0x33, 0x66, 0xCC)
    assert sum(n for n, c in chart.getcolors(1 << 20) if c == bar) > 500
