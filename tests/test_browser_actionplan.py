"""A KM action plan (Form 2) from draft to approval in the browser, as its people work it (issue 9):
the agency writes five activities, submits; its CKO returns the plan with a comment; the agency
revises and resubmits; the CKO reviews; the head approves; the plan is frozen. And two writers on
the activity table at once."""

import re
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from actionplans import services
from actionplans.models import ActionPlan, State
from tests.test_browser import log_in

pytestmark = pytest.mark.browser

ACTIVITIES = [
    ("ประชุมชี้แจงและบ่งชี้ความรู้ที่จำเป็นของเกษตรกรแปลงใหญ่", "2025-10", "2025-11"),
    ("ตั้งชุมชนนักปฏิบัติ (CoP) ผู้ผลิตพืชปลอดภัย", "2025-11", "2026-03"),
    ("ถอดบทเรียนจากเกษตรกรต้นแบบ", "2026-01", "2026-02"),
    ("จัดทำคู่มือการผลิตพืชตามมาตรฐาน GAP", "2026-03", "2026-05"),
    ("เผยแพร่ผ่านคลังความรู้และเวทีแลกเปลี่ยนเรียนรู้", "2026-06", "2026-09"),
]


@pytest.fixture
def item(transactional_db, plan_knowledge, agency_user, project_manager, agency_cko, agency_ceo):
    """The knowledge the agency makes its plan for, and the agency's people who work the plan."""
    return plan_knowledge


def fill_row(page, index, name, first, last):
    page.locator(f"[name='activity-{index}-name']").fill(name)
    page.locator(f"[name='activity-{index}-start_month']").select_option(first)
    page.locator(f"[name='activity-{index}-end_month']").select_option(last)
    page.locator(f"[name='activity-{index}-target_group']").fill("เกษตรกรแปลงใหญ่ 120 ราย")


def state(page):
    return page.locator("#plan-state")


def test_a_plan_goes_from_draft_to_approval_with_a_return(page, browser, live_server, item, agency):
    log_in(page, live_server, "agri.team")
    page.goto(live_server.url + reverse("actionplan-create"))
    page.locator("#id_plan").select_option(f"{item.pk}-{agency.pk}")
    page.get_by_role("button", name="เริ่มจัดทำแผน").click()
    plan = ActionPlan.objects.get()
    expect(page).to_have_url(live_server.url + reverse("actionplan-activities", args=[plan.pk]))
    # The header fills itself from the worksheets.
    expect(page.locator("#head-knowledge")).to_have_text("การผลิตพืชปลอดภัย")
    expect(page.locator("#head-target")).to_have_text("5 ร้อยละ")

    # Five activities: the empty row, then four added rows; the first serves two steps.
    fill_row(page, 0, *ACTIVITIES[0])
    page.locator("[data-row]").first.locator("summary").click()
    page.get_by_label("7.1 การบ่งชี้ความรู้").first.check()
    page.get_by_label("6.2 การสื่อสาร").first.check()
    for index, activity in enumerate(ACTIVITIES[1:], start=1):
        page.get_by_role("button", name="เพิ่มกิจกรรม").click()
        fill_row(page, index, *activity)
    # The last row moves up one place before the save.
    page.locator("[data-row]").nth(4).get_by_role("button", name="เลื่อนกิจกรรมขึ้น").click()
    page.get_by_role("button", name="บันทึก").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("actionplan-detail", args=[plan.pk]))))
    rows = page.locator("#activities tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.nth(3)).to_contain_text(ACTIVITIES[4][0])
    expect(rows.nth(4)).to_contain_text(ACTIVITIES[3][0])
    expect(rows.nth(0)).to_contain_text("ต.ค. 2568 – พ.ย. 2568")
    expect(rows.nth(0)).to_contain_text("ยังไม่ได้รายงาน")
    expect(page.locator(".coverage-covered")).to_contain_text("7.1 การบ่งชี้ความรู้")
    expect(page.locator(".coverage-missing")).to_contain_text("7.7 การเรียนรู้")

    page.get_by_role("button", name="ส่งแผนให้ทบทวน").click()
    expect(state(page)).to_have_text("ส่งให้ทบทวนแล้ว")
    expect(page.get_by_role("link", name="แก้ไขกิจกรรม")).to_have_count(0)

    # The agency's CKO, in a browser of their own, returns it with a comment.
    cko = browser.new_context().new_page()
    log_in(cko, live_server, "agri.cko")
    cko.goto(live_server.url + reverse("actionplan-detail", args=[plan.pk]))
    cko.get_by_label("ความคิดเห็น").first.fill("ขอเพิ่มกิจกรรมวัดผลการนำความรู้ไปใช้")
    cko.get_by_role("button", name="ส่งกลับพร้อมความคิดเห็น").click()
    expect(state(cko)).to_have_text("ส่งกลับให้แก้ไข")

    # The agency sees why, revises and resubmits.
    page.reload()
    expect(state(page)).to_have_text("ส่งกลับให้แก้ไข")
    expect(page.locator("#steps")).to_contain_text("ขอเพิ่มกิจกรรมวัดผลการนำความรู้ไปใช้")
    page.get_by_role("link", name="แก้ไขกิจกรรม").click()
    page.get_by_role("button", name="เพิ่มกิจกรรม").click()
    fill_row(page, 6, "ติดตามวัดผลการนำความรู้ไปใช้", "2026-08", "2026-09")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("#activities tbody tr")).to_have_count(6)
    page.get_by_role("button", name="ส่งแผนให้ทบทวน").click()
    expect(state(page)).to_have_text("ส่งให้ทบทวนแล้ว")

    cko.reload()
    cko.get_by_role("button", name="ทบทวนแล้ว ส่งให้อนุมัติ").click()
    expect(state(cko)).to_have_text("CKO ทบทวนแล้ว")
    expect(cko.locator("#signature-review")).to_contain_text("วันที่")

    head = browser.new_context().new_page()
    log_in(head, live_server, "agri.head")
    head.goto(live_server.url + reverse("actionplan-detail", args=[plan.pk]))
    head.get_by_role("button", name="อนุมัติแผน").click()
    expect(state(head)).to_have_text("อนุมัติแล้ว")
    expect(head.locator("#signature-approval")).to_contain_text("วันที่")

    # Frozen: no editing link, and the activity page refuses.
    page.reload()
    expect(page.get_by_role("link", name="แก้ไขกิจกรรม")).to_have_count(0)
    response = page.goto(live_server.url + reverse("actionplan-activities", args=[plan.pk]))
    assert response.status == 403
    plan.refresh_from_db()
    assert plan.state == State.APPROVED and plan.activities.count() == 6


def test_two_writers_on_one_table_keep_both_rows(page, browser, live_server, item, agency, agency_user):
    plan = services.open_plan(agency_user, item.process.kpi.issue.fiscal_year, item, agency.pk)
    url = live_server.url + reverse("actionplan-activities", args=[plan.pk])
    log_in(page, live_server, "agri.team")
    page.goto(url)
    other = browser.new_context().new_page()
    log_in(other, live_server, "agri.pm")
    other.goto(url)

    fill_row(page, 0, "ชุมชนนักปฏิบัติ", "2025-10", "2025-12")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("#activities tbody tr")).to_have_count(1)

    fill_row(other, 0, "ถอดบทเรียน", "2026-01", "2026-02")
    other.get_by_role("button", name="บันทึก").click()
    # Refused with both: the colleague's row above, the person's own row kept in the form.
    expect(other.locator("#stale-activities")).to_contain_text("ชุมชนนักปฏิบัติ")
    expect(other.locator("[name='activity-0-name']")).to_have_value("ถอดบทเรียน")
    expect(other.locator("[name='activity-1-name']")).to_have_value("ชุมชนนักปฏิบัติ")
    other.get_by_role("button", name="บันทึก").click()
    expect(other.locator("#activities tbody tr")).to_have_count(2)
    assert sorted(plan.activities.values_list("name", flat=True)) == ["ชุมชนนักปฏิบัติ", "ถอดบทเรียน"]


def test_the_printed_plan_numbers_its_pages_as_the_seed(
    page, live_server, item, agency, agency_user, tmp_path
):
    """Printed from the browser: A4 landscape, "หน้าที่ x/y" on every page, the header and the footer."""
    plan = services.open_plan(agency_user, item.process.kpi.issue.fiscal_year, item, agency.pk)
    months = services.month_choices(plan.fiscal_year)
    rows = [
        {"name": f"กิจกรรมแลกเปลี่ยนเรียนรู้ครั้งที่ {i + 1} ของชุมชนนักปฏิบัติ", "start_month": months[i % 12],
         "end_month": months[i % 12], "indicator": "จำนวนผู้เข้าร่วม", "target": "30 คน",
         "target_group": "เกษตรกรแปลงใหญ่", "responsible": "กลุ่มส่งเสริมการผลิต", "remark": "", "steps": ["km6"]}
        for i in range(25)
    ]  # fmt: skip
    services.save_activities(plan, rows, services.fingerprint(plan), agency_user)
    log_in(page, live_server, "agri.team")
    page.goto(live_server.url + reverse("actionplan-detail", args=[plan.pk]))
    path = tmp_path / "form2.pdf"
    page.pdf(path=str(path), prefer_css_page_size=True, display_header_footer=False)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    for number, content in enumerate(pages, start=1):
        assert f"หน้าที่ {number}/{len(pages)}" in content
    assert "แบบฟอร์ม 2 แผนการจัดการความรู้ (KM Action Plan)" in pages[0]
    assert "ผู้ทบทวน" in pages[-1] and "ผู้อนุมัติ" in pages[-1]
    size = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "841.92 x 594.96 pts (A4)" in size  # A4 landscape
