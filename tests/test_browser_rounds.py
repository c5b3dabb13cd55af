"""Two provincial KM officers set the rounds' due dates at once, each in their own browser: the
second save is refused with the first one's date shown beside their own, and saving again
knowingly keeps it (issue 11)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.models import Role
from reports.models import Round
from tests.factories import UserFactory
from tests.test_browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, km_officer, fiscal_year, province_office):
    UserFactory(username="km.second", agency=province_office, roles=[(Role.KM_TEAM, None)])
    return {"fiscal_year": fiscal_year}


def test_two_officers_saving_due_dates_at_once_lose_nothing(browser, live_server, world):
    mine, theirs = browser.new_context(), browser.new_context()
    try:
        me, them = mine.new_page(), theirs.new_page()
        log_in(me, live_server, "km.officer")
        log_in(them, live_server, "km.second")
        url = live_server.url + reverse("report-rounds")
        me.goto(url)
        them.goto(url)
        them.locator("#id_due_6").fill("20/04/2569")
        them.locator("form:has(#id_due_6) button[type=submit]").click()
        expect(them.locator(".alert-success")).to_be_visible()
        me.locator("#id_due_6").fill("30/04/2569")
        me.locator("form:has(#id_due_6) button[type=submit]").click()
        # Refused: the colleague's date is shown, mine is still in the field.
        expect(me.locator(".stale-values")).to_contain_text("20 เม.ย. 2569")
        expect(me.locator("#id_due_6")).to_have_value("30/04/2569")
        assert Round.objects.get(months=6).due_on.isoformat() == "2026-04-20"
        me.locator("form:has(#id_due_6) button[type=submit]").click()  # knowingly, again
        expect(me.locator(".alert-success")).to_be_visible()
        assert Round.objects.get(months=6).due_on.isoformat() == "2026-04-30"
        expect(me.locator("#round-6 .due")).to_have_text("30 เม.ย. 2569")
    finally:
        mine.close()
        theirs.close()
