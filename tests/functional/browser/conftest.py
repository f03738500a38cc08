"""
Fixtures for the browser tests: Debian's headless Chromium driven by Playwright's sync API.

Playwright's own browser download does not work here, so the tests launch the system Chromium
(`/usr/bin/chromium`, or `ARREARS_CHROMIUM`). Without Chromium or axe-core they are skipped
with a plain reason, and `scripts/browser-check` says so before the suite runs.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an asyncio loop in the test thread, so Django's guard against
# database calls from async code would refuse the factories' queries. The calls are
# synchronous in fact; the flag only turns the guard off for this process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[3]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEVERE = {"serious", "critical"}


def _chromium_path() -> str | None:
    configured = os.environ.get("ARREARS_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    path = _chromium_path()
    if path is None:
        pytest.skip(
            "Browser tests skipped: no Chromium found (install 'chromium' or set ARREARS_CHROMIUM)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Browser tests skipped: Playwright is not installed"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_violations() -> Callable[[Any], list[dict[str, Any]]]:
    """Return a function that runs axe-core on a page and returns serious or critical findings."""
    if not AXE_PATH.is_file():
        pytest.skip("Browser tests skipped: axe-core is missing (run 'npm ci')")

    def run(page: Any) -> list[dict[str, Any]]:
        page.add_script_tag(path=str(AXE_PATH))
        result = page.evaluate("async () => await axe.run(document)")
        assert result["passes"], "axe-core ran no checks"
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
            if v["impact"] in SEVERE
        ]

    return run
