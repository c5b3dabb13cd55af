"""What only a browser proves: a person logs in, opens worksheet 1, adds a KPI and sees it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import IssueFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def km_world(transactional_db, km_officer, fiscal_year, agency):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง")
    return issue


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill("secret-pass-123")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_km_officer_adds_a_kpi_on_worksheet_1(page, live_server, km_world, agency):
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, live_server, "km.officer")
    page.get_by_role("button", name=re.compile("ขั้นเตรียมการ")).click()
    page.get_by_role("link", name=re.compile("ใบงานที่ 1")).first.click()
    expect(page.get_by_role("heading", name=re.compile("การพัฒนาการเกษตรมูลค่าสูง"))).to_be_visible()

    page.get_by_role("link", name="เพิ่มตัวชี้วัด").click()
    page.get_by_label("ชื่อตัวชี้วัดตามคำรับรองการปฏิบัติราชการ").fill("ร้อยละของเกษตรกรที่ได้รับรองมาตรฐาน GAP")
    page.get_by_label("ค่าเป้าหมาย").fill("80")
    page.locator("#div_id_responsible_agencies").get_by_label(agency.name).check()
    page.get_by_role("button", name="บันทึก").click()

    row = page.locator("tr", has_text="ร้อยละของเกษตรกรที่ได้รับรองมาตรฐาน GAP")
    expect(row).to_be_visible()
    expect(row).to_contain_text("1.1")
    expect(row).to_contain_text(agency.name)
    expect(page.get_by_role("alert")).to_contain_text("1.1")
    assert not blocked, blocked  # the page needs nothing that the Content-Security-Policy forbids
