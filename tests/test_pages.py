"""Every page of the URL walk is valid HTML and accessible, as the KM team and as an agency user.

The pages are those of ``tests/test_access.py``: every GET row that the person may open, the
pages anyone opens (login, password reset), and one refused (403) and one missing (404) page.
A new view gets its row there and is checked here without more work.

- The W3C Nu Html Checker (``vnu.jar``, needs Java) runs once over all pages: 0 errors.
- axe-core (through Playwright and Debian's Chromium) runs on each page as the browser shows it,
  with the real CSS: 0 serious or critical violations.
"""

import json
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests import test_access
from tests.conftest import JAVA, VNU_JAR
from tests.test_browser import log_in

world = test_access.world  # the fixture of the URL walk's objects, used here as it is there

ACTORS = ("anonymous", "km_officer", "agency_user")
MISSING = "/no-such-page/"  # the 404 page


def pages(world) -> list[tuple[str, str, int]]:
    """(actor, url, status) of every page to check, in the walk's order, each URL once per actor.

    The anonymous person is checked only on the pages anyone may open (login, password reset).
    """
    found = []
    for actor in ACTORS:
        for name, method, args, expected in test_access.ROWS:
            if method != "get" or expected[actor] != 200:
                continue
            if actor != "anonymous" and expected["anonymous"] == 200:
                continue  # a public page: checked once, as the anonymous person
            entry = (actor, reverse(name, args=[world[a] for a in args]), 200)
            if entry not in found:
                found.append(entry)
    refused = next(row for row in test_access.ROWS if row[1] == "get" and row[3]["agency_user"] == 403)
    found.append(("agency_user", reverse(refused[0], args=[world[a] for a in refused[2]]), 403))
    found.append(("agency_user", MISSING, 404))
    return found


def html_pages(client, request, world) -> list[tuple[str, str, str]]:
    """(actor, url, html) of every page, fetched with Django's test client."""
    result = []
    for actor, url, status in pages(world):
        client.logout()
        if actor != "anonymous":
            client.force_login(request.getfixturevalue(actor))
        response = client.get(url)
        assert response.status_code == status, f"{actor} {url}: {response.status_code}, not {status}"
        if response["Content-Type"].startswith("text/html"):
            result.append((actor, url, response.content.decode()))
    return result


def nu_errors(directory: Path) -> list[dict]:
    """The Nu Html Checker's errors over every HTML file of ``directory`` (one JVM for all)."""
    run = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", str(directory)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode in (0, 1), run.stderr  # 1: the checker found errors
    return [m for m in json.loads(run.stderr)["messages"] if m["type"] in ("error", "non-document-error")]


@pytest.mark.validator
def test_every_page_is_valid_html(client, request, world, tmp_path):
    checked = html_pages(client, request, world)
    where = {}
    for number, (actor, url, html) in enumerate(checked):
        path = tmp_path / f"{number:03}.html"
        path.write_text(html, encoding="utf-8")
        where[path.name] = f"{actor} {url}"
    assert len(checked) > 40  # the walk reached the worksheets, not only the login page

    errors = nu_errors(tmp_path)

    report = [
        f"{where.get(e.get('url', '').rsplit('/', 1)[-1], e.get('url'))} line {e.get('lastLine')}: "
        f"{e['message']} [{e.get('extract', '').strip()}]"
        for e in errors
    ]
    assert not report, f"{len(report)} Nu Html Checker errors:\n" + "\n".join(report)


@pytest.mark.browser
def test_every_page_is_accessible(page, live_server, transactional_db, request, world):
    axe = Axe()
    problems = []
    checked = 0
    current = None
    for actor, url, status in pages(world):
        if actor != current:
            page.context.clear_cookies()
            if actor != "anonymous":
                log_in(page, live_server, request.getfixturevalue(actor).username)
            current = actor
        # Files (the Excel export) are downloads, not pages: ask first what the URL gives.
        response = page.request.get(live_server.url + url)
        assert response.status == status, f"{actor} {url}: {response.status}, not {status}"
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        page.goto(live_server.url + url)
        checked += 1
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                for node in violation["nodes"]:
                    why = " ".join(check["message"] for check in node["any"] + node["all"] + node["none"])
                    problems.append(f"{actor} {url}: {violation['id']} at {' '.join(node['target'])}: {why}")
    assert checked > 40
    assert not problems, f"{len(problems)} serious or critical axe-core violations:\n" + "\n".join(problems)
