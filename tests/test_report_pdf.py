"""A progress report (แบบรายงานการดำเนินงานการจัดการความรู้ฯ) as a PDF, read back as a person's tools
read it: the seed's title with the round and the fiscal year, the plan's Form 2 header, every
activity with what the report says of it and its evidence's names, the plan's KPI against its
target, the evidence list, the signature lines of ผู้รายงาน and ผู้รับรอง with names and Thai dates
once they have acted, "หน้าที่ x/y" and "ร่าง" on every page, the table's header on every page of
a long report, and 404 for who may not read the report."""

import re
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from actionplans import workflow as plan_workflow
from core import thai
from reports import bundle, documents, services, workflow
from reports.models import RoundDocument
from tests.factories import approved_plan, opened_report
from tests.pdftext import A4_LANDSCAPE, info, needs_poppler, pages, pypdf_pages, squeeze

pytestmark = needs_poppler

HEADINGS = (
    "No.", "KM activity", "Indicator / target", "Status", "What was done",
    "Result against the indicator and target", "Problems and solutions", "Evidence",
)  # fmt: skip
LABELS = (
    "Agency / province name",
    "Strategic issue of the plan",
    "Necessary knowledge (K)",
    "KPI under the agreement",
    "KPI target under the agreement",
)
PDF = b"%PDF-1.4\n% evidence of a KM forum\n%%EOF\n"
WORDS = "การ งาน ความรู้ สำนักงาน ดำเนินการ น้ำ กำหนด ทำ"  # ำ read back right (../shared/notes)


def fill(report, user, rows=None, **fields):
    """Save the report with every row done (or as ``rows`` says, by position)."""
    answers = {}
    for number, row in enumerate(report.rows.all()):
        answers[row.pk] = {
            "status": "done", "cancel_reason": "", "done": f"จัดเวทีแลกเปลี่ยนเรียนรู้ {WORDS}",
            "result": "ผู้เข้าร่วม 45 คน จากเป้าหมาย 30 คน", "problems": "", "solutions": "",
            **(rows or {}).get(number, {}),
        }  # fmt: skip
    fields = {"kpi_result": "ร้อยละ 82 ของแปลงผ่านเกณฑ์", "kpi_verdict": "met", **fields}
    return services.save_report(report, fields, answers, services.fingerprint(report), user)


@pytest.fixture
def filled(report, agency_user):
    """The agency's 6-month draft: the first activity done with a problem solved and two evidence
    files, the second cancelled with its reason; one file for the report as a whole."""
    fill(report, agency_user, rows={
        0: {"problems": "เกษตรกรไม่สะดวกเดินทางช่วงเก็บเกี่ยว", "solutions": "จัดเวทีย่อยในพื้นที่"},
        1: {"status": "cancelled", "cancel_reason": "งบประมาณถูกปรับลด", "done": "", "result": ""},
    })  # fmt: skip
    first = report.rows.first()
    services.add_evidence(report, SimpleUploadedFile("ภาพเวทีแลกเปลี่ยนเรียนรู้.pdf", PDF), agency_user, first)
    services.add_evidence(report, SimpleUploadedFile("ใบลงทะเบียน.pdf", PDF), agency_user, first)
    services.add_evidence(report, SimpleUploadedFile("สรุปผลรอบ 6 เดือน.pdf", PDF), agency_user)
    report.refresh_from_db()
    return report


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def get_pdf(client, report) -> bytes:
    response = client.get(reverse("report-pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def texts(content: bytes) -> list[str]:
    """The whole document's text as pdftotext and as pypdf read it, without whitespace."""
    return [squeeze(" ".join(pages(content))), squeeze(" ".join(pypdf_pages(content)))]


def test_it_prints_the_report(login, agency_user, filled, agency):
    response = login(agency_user).get(reverse("report-pdf", args=[filled.pk]))
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert response["X-Content-Type-Options"] == "nosniff"
    content = response.content
    assert info(content)["Page size"] == A4_LANDSCAPE
    header = plan_workflow.shown_header(filled.plan)
    for text in texts(content):
        assert (
            squeeze(
                gettext("Report form on the knowledge management work supporting the strategic issues' goals")
            )
            in text
        )
        assert (
            squeeze(f"{gettext('6-month round')} {gettext('fiscal year %(year)s') % {'year': 2569}}") in text
        )
        assert squeeze(gettext("Reporting on %(first)s to %(last)s") % {
            "first": "1 ตุลาคม 2568", "last": "31 มีนาคม 2569"
        }) in text  # fmt: skip
        for label in LABELS:
            assert squeeze(f"{gettext(label)} :") in text
        for value in header.values():
            assert squeeze(value) in text
        assert squeeze(agency.name) in text
        assert squeeze("".join(gettext(h) for h in HEADINGS)) in text  # the columns, in order
        for row in filled.rows.select_related("activity"):
            for value in (
                row.activity.name,
                row.activity.indicator,
                row.activity.target,
                row.get_status_display(),
            ):
                assert squeeze(value) in text, value
        assert squeeze(WORDS) in text
        assert squeeze(f"{gettext('Problems:')} เกษตรกรไม่สะดวกเดินทางช่วงเก็บเกี่ยว") in text
        assert squeeze(f"{gettext('Solutions:')} จัดเวทีย่อยในพื้นที่") in text
        assert squeeze(f"{gettext('Cancelled')} (งบประมาณถูกปรับลด)") in text
        assert squeeze(f"{pgettext('Form 2', 'Target')}: 30 คน") in text
        # The KPI against its target.
        assert squeeze(gettext("The plan's KPI against its target")) in text
        assert squeeze(f"{gettext('KPI result against its target')} ร้อยละ 82 ของแปลงผ่านเกณฑ์") in text
        assert squeeze(f"{gettext('Target met')} {gettext('Met the target')}") in text
        # Evidence: by its activity's row, and in the list with the activity it backs.
        assert squeeze(gettext("Evidence files")) in text
        assert squeeze("ภาพเวทีแลกเปลี่ยนเรียนรู้.pdf ใบลงทะเบียน.pdf") in text  # the first row's cell
        assert squeeze(f"2 ใบลงทะเบียน.pdf {gettext('Activity %(number)s') % {'number': 1}}") in text
        assert squeeze(f"3 สรุปผลรอบ 6 เดือน.pdf {gettext('The report as a whole')}") in text
        # Nobody has signed: the lines to sign, and the draft mark.
        assert squeeze(f"{gettext('Signature')} ………………………………………… {gettext('Reporter')}") in text
        assert squeeze(f"{gettext('Signature')} ………………………………………… {gettext('Endorser')}") in text
        assert squeeze(gettext("Chief Knowledge Officer (CKO)")) in text
        assert squeeze(gettext("Draft")) in text
        assert squeeze(gettext("fiscal year %(year)s") % {"year": 2569}) in text
    count = len(pages(content))
    for number, page in enumerate(pages(content), start=1):
        assert squeeze(f"{gettext('Page')} {number}/{count}") in squeeze(page)


def test_the_signers_names_positions_and_thai_dates(login, agency_user, agency_cko, km_officer, filled):
    agency_user.position = "นักวิชาการส่งเสริมการเกษตรชำนาญการ"
    agency_user.save()
    agency_cko.position = "หัวหน้ากลุ่มยุทธศาสตร์และสารสนเทศ"
    agency_cko.save()
    workflow.act(filled, agency_user, "submit")
    submitted = texts(get_pdf(login(agency_user), filled))
    workflow.act(filled, agency_cko, "endorse")
    endorsed = texts(get_pdf(login(agency_user), filled))
    workflow.act(filled, km_officer, "accept")
    accepted = texts(get_pdf(login(agency_user), filled))
    signatures = workflow.signatures_of(filled.steps.all())

    def line(step, label):
        day = thai.format_date(timezone.localtime(step.at), long=True)
        return squeeze(
            f"{gettext('Signature')} ………………………………………… {gettext(label)} ({step.signer_name}) "
            f"{gettext('Position')} {step.signer_position}"
        ), squeeze(gettext("Date %(day)s") % {"day": day})

    reporter, endorser = line(signatures["submit"], "Reporter"), line(signatures["endorse"], "Endorser")
    assert signatures["submit"].signer_name == agency_user.get_full_name()
    assert "พฤศจิกายน2569" in reporter[1]  # today, 28 Nov 2026, in the Buddhist Era
    for text in submitted:
        assert reporter[0] in text and reporter[1] in text
        assert squeeze(f"{gettext('Signature')} ………………………………………… {gettext('Endorser')} (") in text
        assert squeeze(gettext("Draft")) in text  # not final until the CKO endorses
    for text in endorsed + accepted:
        assert reporter[0] in text and endorser[0] in text and endorser[1] in text
        assert squeeze(agency_cko.get_full_name()) in text
        assert squeeze(gettext("Draft")) not in text


def test_a_return_takes_the_signatures_off(login, agency_user, agency_cko, filled):
    workflow.act(filled, agency_user, "submit")
    workflow.act(filled, agency_cko, "return", "โปรดแนบภาพกิจกรรม")
    for text in texts(get_pdf(login(agency_user), filled)):
        assert squeeze(agency_user.get_full_name()) not in text
        assert squeeze(f"{gettext('Signature')} ………………………………………… {gettext('Reporter')} (………") in text
        assert squeeze(gettext("Draft")) in text


def test_a_report_without_evidence_or_answers_says_so(login, agency_user, report):
    for text in texts(get_pdf(login(agency_user), report)):
        assert squeeze(gettext("No evidence attached.")) in text
        assert squeeze(gettext("Not reported yet")) in text
        assert squeeze(f"{gettext('Target met')} {gettext('Not assessed yet')}") in text


def test_25_activities_break_across_pages_with_the_header_on_each(
    login, fiscal_year, agency, agency_user, agency_cko, agency_ceo
):
    plan = approved_plan(fiscal_year, agency, agency_user, agency_cko, agency_ceo, activities=25)
    report = opened_report(plan, agency_user)
    fill(report, agency_user)
    content = get_pdf(login(agency_user), report)
    raw = pages(content)
    count = len(raw)
    assert count >= 3 and int(info(content)["Pages"]) == count
    headings = squeeze("".join(gettext(h) for h in HEADINGS))
    for number, page in enumerate(raw, start=1):
        text = squeeze(page)
        assert squeeze(f"{gettext('Page')} {number}/{count}") in text
        assert squeeze(gettext("Draft")) in text
        assert squeeze(gettext("fiscal year %(year)s") % {"year": 2569}) in text
        if number < count:  # the last page may hold only the signatures
            assert headings in text, number
        if number > 1:
            assert squeeze(gettext("KM progress report form")) in text  # the running title
    # Every activity once, in order, whichever page it fell on; no row split between two pages.
    names = [a.name for a in plan.activities.all()]
    found = re.findall(r"เวทีแลกเปลี่ยนเรียนรู้ครั้งที่(\d+)", squeeze(" ".join(raw)))
    assert found == [re.search(r"\d+", name).group() for name in names]
    # The signatures are at the end, with the reporter's and the endorser's lines together.
    last = squeeze(raw[-1])
    assert squeeze(gettext("Reporter")) in last and squeeze(gettext("Endorser")) in last


def test_a_province_with_thai_numerals_gets_them(login, agency_user, filled, province):
    province.thai_numerals = True
    province.save()
    text = " ".join(pages(get_pdf(login(agency_user), filled)))
    assert not re.search(r"[0-9]", text), re.findall(r".{0,20}[0-9].{0,20}", text)
    assert squeeze(gettext("fiscal year %(year)s") % {"year": "๒๕๖๙"}) in squeeze(text)


def test_the_queries_do_not_grow_with_the_activities(
    fiscal_year, agency, agency_user, agency_cko, agency_ceo, report, django_assert_num_queries
):
    plan = approved_plan(fiscal_year, agency, agency_user, agency_cko, agency_ceo, activities=12)
    for one in (report, opened_report(plan, agency_user)):
        one = documents._with_related(one)
        with django_assert_num_queries(3):
            documents.report_context(one)


def test_the_round_document_holds_the_report(filled, agency_user, agency_cko, agency):
    """The whole round's PDF (reports.bundle) joins each report's own PDF after the cover."""
    workflow.act(filled, agency_user, "submit")
    workflow.act(filled, agency_cko, "endorse")
    document = RoundDocument.objects.create(round=filled.round)
    document = bundle.build(document.pk)
    with document.file.open("rb") as out:
        content = out.read()
    assert document.pages > len(pages(documents.render_report(filled)))  # the cover, then the report
    text = squeeze(" ".join(pages(content)))
    assert (
        squeeze(
            gettext("Report form on the knowledge management work supporting the strategic issues' goals")
        )
        in text
    )
    assert squeeze(agency_cko.get_full_name()) in text and squeeze(agency.name) in text


def test_it_checks_access(client, login, report, other_agency_user, stranger, agency_cko, km_officer):
    url = reverse("report-pdf", args=[report.pk])
    assert client.get(url).status_code == 302  # to the login page
    assert login(other_agency_user).get(url).status_code == 404  # another agency's draft
    assert login(stranger).get(url).status_code == 404
    assert login(agency_cko).get(url).status_code == 200
    assert login(km_officer).get(url).status_code == 200


def test_the_file_is_named_after_the_round_knowledge_and_owner(login, agency_user, report):
    response = login(agency_user).get(reverse("report-pdf", args=[report.pk]))
    header = plan_workflow.shown_header(report.plan)
    name = unquote(response["Content-Disposition"].split("''", 1)[1])
    assert gettext("6-month round") in name and header["owner"] in name and "2569" in name
    assert name.endswith(".pdf")
