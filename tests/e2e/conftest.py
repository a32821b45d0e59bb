"""End-to-end tests in Debian's Chromium, driven by Playwright, against a live server.

Every request the page makes to anything but the live server is blocked and recorded; a test
fails if a page asked for one (no font, script or image may come from another host), and if the
browser reported anything a page did against its Content-Security-Policy.
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        missing = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`"
        # CI installs it (.ci/run), so there its absence is a failure, never a quiet skip.
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing} (CI=true: the browser tests must run).")
        pytest.skip(f"{missing} (or set CHROMIUM to a Chromium binary) to run the browser tests.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context that may talk to the live server only."""
    allowed = urlsplit(live_server.url).netloc
    outside: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).netloc == allowed:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context = browser.new_context(base_url=live_server.url)
    context.route("**/*", guard)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert outside == [], f"pages asked for outside resources: {outside}"
    assert violations == [], f"pages broke their Content-Security-Policy: {violations}"


def sign_in(page, username: str, password: str = "password") -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
