"""Screenshot pages of a running server as a given user: look at what we build.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 km.officer / /worksheet-1/
PNGs go to var/screenshots/.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-gpu"]  # fmt: skip


def main(base: str, username: str, *paths: str) -> None:
    out = Path("var/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "kalasin-demo")
        page.click("main button[type=submit]")
        for path in paths:
            page.goto(base + path)
            name = out / f"{username}{path.strip('/').replace('/', '_') or '_home'}.png"
            page.screenshot(path=str(name), full_page=True)
            print(name)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
