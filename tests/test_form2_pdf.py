"""Form 2 (แบบฟอร์ม 2 แผนการจัดการความรู้) as a PDF, read back as a person's tools read it: the
seed's title and header, every activity in the seed's columns, the reviewer and approver with
their names and Thai dates, "หน้าที่ x/y", the fiscal year and "ร่าง" on every page, A4
landscape, Thai numerals for a province that asks for them, and 404 for who may not read the plan."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from actionplans import services, workflow
from core import thai
from tests.pdftext import A4_LANDSCAPE, info, needs_poppler, pages, pypdf_pages, squeeze

pytestmark = needs_poppler

HEADINGS = ("No.", "KM activity", "Period", "Indicator", "Target group", "Responsible", "Status", "Remark")
LABELS = (
    "Agency / province name",
    "Strategic issue of the plan",
    "Necessary knowledge (K)",
    "KPI under the agreement",
    "KPI target under the agreement",
)


def activity(name: str, first: datetime.date, last: datetime.date, **more) -> dict:
    return {"name": name, "start_month": first, "end_month": last, "indicator": "จำนวนผู้เข้าร่วม",
            "target": "30 คน", "target_group": "เกษตรกรแปลงใหญ่", "responsible": "กลุ่มส่งเสริมการผลิต",
            "remark": "", "steps": ["km6"], **more}  # fmt: skip


@pytest.fixture
def plan(plan_knowledge, fiscal_year, agency, agency_user):
    months = services.month_choices(fiscal_year)
    plan = services.open_plan(agency_user, fiscal_year, plan_knowledge, agency.pk)
    rows = [
        activity("จัดทำคู่มือการผลิตพืชปลอดภัย ดำเนินการร่วมกับสำนักงานเกษตรอำเภอ", months[0], months[2],
                 indicator="คู่มือที่ผ่านการตรวจทาน", target="1 เล่ม", remark="กำหนดส่งภายในเดือนค่ำ"),
        activity("เวทีแลกเปลี่ยนเรียนรู้เรื่องการบริหารจัดการน้ำในแปลงใหญ่", months[4], months[4],
                 target_group="สมาชิกชุมชนนักปฏิบัติ", responsible="ศูนย์เรียนรู้ ศพก.", remark="ซ้ำทุกไตรมาส"),
    ]  # fmt: skip
    services.save_activities(plan, rows, services.fingerprint(plan), agency_user)
    return plan


def get_pdf(client, plan) -> bytes:
    response = client.get(reverse("actionplan-pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_it_prints_the_seed_form(login, agency_user, plan):
    response = login(agency_user).get(reverse("actionplan-pdf", args=[plan.pk]))
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert response["X-Content-Type-Options"] == "nosniff"
    content = response.content
    assert info(content)["Page size"] == A4_LANDSCAPE
    header = workflow.shown_header(plan)
    for text in (" ".join(pages(content, "raw")), " ".join(pypdf_pages(content))):
        text = squeeze(text)
        assert squeeze(gettext("Form 2 KM Action Plan")) in text
        for label in LABELS:
            assert squeeze(f"{gettext(label)} :") in text
        for value in header.values():
            assert squeeze(value) in text
        for heading in HEADINGS:
            assert squeeze(gettext(heading)) in text
        assert squeeze(pgettext("Form 2", "Target")) in text
        for a in plan.activities.all():
            period = thai.format_month(a.start_month)
            if a.end_month != a.start_month:
                period += " – " + thai.format_month(a.end_month)
            for value in (a.name, period, a.indicator, a.target, a.target_group, a.responsible, a.remark):
                assert squeeze(value) in text, value
            assert squeeze(gettext("Not reported yet")) in text
        # Nobody has signed: the footer's blanks, and the draft mark.
        assert squeeze(f"{gettext('Reviewer')} : …………………………({gettext('name - surname')})") in text
        assert squeeze(gettext("Chief Knowledge Officer (CKO)")) in text
        assert squeeze(f"{gettext('Approver')} : …………………………({gettext('name - surname')})") in text
        assert squeeze(gettext("Chief Executive Officer of the agency (CEO)")) in text
        assert squeeze(gettext("Draft")) in text
        assert squeeze(gettext("fiscal year %(year)s") % {"year": 2569}) in text
    assert squeeze(f"{gettext('Page')} 1/1") in squeeze(pages(content)[0])


def test_the_columns_are_in_the_seeds_order(login, agency_user, plan):
    first = squeeze(pages(get_pdf(login(agency_user), plan))[0])
    headings = [gettext(h) for h in HEADINGS]
    headings.insert(4, pgettext("Form 2", "Target"))
    assert squeeze("".join(headings)) in first


def test_the_signers_names_and_dates_once_they_act(login, agency_user, agency_cko, agency_ceo, plan):
    workflow.act(plan, agency_user, "submit")
    workflow.act(plan, agency_cko, "review")
    workflow.act(plan, agency_ceo, "approve")
    content = get_pdf(login(agency_user), plan)
    signatures = workflow.signatures(plan)
    text = squeeze(" ".join(pages(content, "raw")))
    for step, label in ((signatures["review"], "Reviewer"), (signatures["approval"], "Approver")):
        assert squeeze(f"{gettext(label)} : …………………………({step.signer_name})") in text
        day = thai.format_date(timezone.localtime(step.at), long=True)
        assert squeeze(gettext("Date %(day)s") % {"day": day}) in text
    assert squeeze(agency_cko.get_full_name()) in text and squeeze(agency_ceo.get_full_name()) in text
    assert squeeze(gettext("Draft")) not in text  # approved: no draft mark
    assert squeeze(gettext("name - surname")) not in text


def test_every_page_has_its_number_year_draft_mark_and_table_header(login, agency_user, plan, fiscal_year):
    months = services.month_choices(fiscal_year)
    rows = [
        activity(f"กิจกรรมแลกเปลี่ยนเรียนรู้ครั้งที่ {i + 1} ของชุมชนนักปฏิบัติ", months[i % 12], months[i % 12])
        for i in range(18)
    ]
    services.save_activities(plan, rows, services.fingerprint(plan), agency_user)
    content = get_pdf(login(agency_user), plan)
    raw = pages(content)
    assert len(raw) == 2 == int(info(content)["Pages"])
    for number, page in enumerate(raw, start=1):
        text = squeeze(page)
        assert squeeze(f"{gettext('Page')} {number}/2") in text
        assert squeeze(gettext("fiscal year %(year)s") % {"year": 2569}) in text
        assert squeeze(gettext("Draft")) in text
        assert squeeze(gettext("Form 2 KM Action Plan")) in text
        for heading in HEADINGS:
            assert squeeze(gettext(heading)) in text, (number, heading)
    # Every activity once, in order, whichever page it fell on.
    names = re.findall(r"ครั้งที่(\d+)ของ", squeeze(" ".join(raw)))
    assert names == [str(i + 1) for i in range(18)]
    # The footer stays with the last rows.
    assert squeeze(gettext("Approver")) in squeeze(raw[-1])


def test_a_province_with_thai_numerals_gets_them(login, agency_user, plan, province):
    province.thai_numerals = True
    province.save()
    content = get_pdf(login(agency_user), plan)
    text = " ".join(pages(content))
    assert not re.search(r"[0-9]", text), re.findall(r".{0,20}[0-9].{0,20}", text)
    assert squeeze(f"{gettext('Page')} ๑/๑") in squeeze(text)
    assert squeeze(gettext("fiscal year %(year)s") % {"year": "๒๕๖๙"}) in squeeze(text)
    assert "๓๐คน" in squeeze(text)


def test_thai_wraps_between_words_and_nothing_leaves_its_cell(login, agency_user, plan):
    """A long Thai name with no space breaks between its words (Pango with libthai; here at each
    สำนักงาน of "สำนักงานเกษตรจังหวัดกาฬสินธุ์" × 4), a long Latin string with no break point breaks
    anywhere, and no text runs past the page's margin."""
    words = ["สำนักงาน", "เกษตร", "จังหวัด", "กาฬสินธุ์"]
    a = plan.activities.first()
    a.name = "".join(words) * 4
    a.remark = "https://km.kalasin.go.th/" + "x" * 80
    a.save()
    content = get_pdf(login(agency_user), plan)
    raw = pages(content)[0]
    start = raw.index(words[0], raw.index(gettext("Remark")))  # in the table, not the header
    lines = raw[start:].splitlines()[:4]
    assert "".join(lines) == "".join(words) * 4  # it wrapped into lines ...
    assert all(line.startswith(words[0]) for line in lines)  # ... between words
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True)
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes.stdout.decode())]
    width = float(info(content)["Page size"].split()[0])
    assert right_edges and max(right_edges) <= width - 12 * 72 / 25.4 + 1  # inside the 12 mm margin
    assert squeeze(a.remark) in squeeze(raw)


def test_it_checks_access(client, login, plan, other_agency_user, stranger, agency_cko):
    url = reverse("actionplan-pdf", args=[plan.pk])
    assert client.get(url).status_code == 302  # to the login page
    assert login(other_agency_user).get(url).status_code == 404  # another agency's draft
    assert login(stranger).get(url).status_code == 404
    assert login(agency_cko).get(url).status_code == 200


def test_the_plan_page_links_its_pdf(login, agency_user, plan):
    page = login(agency_user).get(reverse("actionplan-detail", args=[plan.pk])).content.decode()
    assert f'href="{reverse("actionplan-pdf", args=[plan.pk])}"' in page
