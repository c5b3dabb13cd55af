"""A progress report in the browser, as an agency's KM team would fill it (issue 11): each
activity's status and what was done, a file attached as evidence, the report submitted, and its
official PDF downloaded."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reports.models import ProgressReport, ReportState
from tests.pdftext import pages
from tests.test_browser import log_in

pytestmark = pytest.mark.browser

EVIDENCE = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@pytest.fixture
def world(transactional_db, report, agency_cko):
    return {"report": report}


def test_the_agency_fills_attaches_submits_and_prints_its_report(page, live_server, world, tmp_path, agency):
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    report = world["report"]
    rows = list(report.rows.select_related("activity").order_by("activity__order"))
    log_in(page, live_server, "agri.team")
    page.goto(live_server.url + reverse("report-detail", args=[report.pk]))
    page.locator("#edit-report").click()
    for number, row in enumerate(rows, start=1):
        page.locator(f"#id_row-{row.pk}-status").select_option("done")
        page.locator(f"#id_row-{row.pk}-done").fill(f"จัดเวทีแลกเปลี่ยนเรียนรู้ครั้งที่ {number} ณ ห้องประชุมอำเภอยางตลาด")
        page.locator(f"#id_row-{row.pk}-result").fill("ผู้เข้าร่วม 42 คน เกินเป้าหมาย")
    page.locator("#id_report-kpi_result").fill("เกษตรกรผ่านการรับรอง GAP ร้อยละ 6")
    page.locator("#save-report").click()
    expect(page.locator("#activities")).to_contain_text("ห้องประชุมอำเภอยางตลาด")
    # Evidence: a photo report of the first activity.
    page.locator("#edit-report").click()
    evidence = tmp_path / "ภาพกิจกรรมเวที.pdf"
    evidence.write_bytes(EVIDENCE)
    page.locator("#id_evidence-file").set_input_files(str(evidence))
    page.locator("#id_evidence-row").select_option(str(rows[0].pk))
    page.locator("#add-evidence").click()
    expect(page.locator("#evidence")).to_contain_text("ภาพกิจกรรมเวที.pdf")
    page.goto(live_server.url + reverse("report-detail", args=[report.pk]))
    page.locator("#act-submit").click()
    expect(page.locator("#signature-submit")).to_contain_text("สมชาย")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    with page.expect_download() as download:
        page.locator("#report-pdf").click()
    content = open(download.value.path(), "rb").read()
    text = "\n".join(pages(content))
    assert agency.name in text and "ห้องประชุมอำเภอยางตลาด" in text and "ภาพกิจกรรมเวที.pdf" in text
    assert not blocked, blocked
    assert ProgressReport.objects.count() == 1
