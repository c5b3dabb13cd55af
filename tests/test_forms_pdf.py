"""Worksheet 1, worksheet 3 and Form 1 as PDFs, read back with pdftotext and pypdf as a person's
tools read them: the seed's titles, the headings in order, every row's values as the data holds
them (Thai vowels included), the fiscal year and "หน้าที่ x/y" on every page, the table header
repeated on every page of a long form, the draft mark or who finalised worksheet 3, Thai numerals
for a province that asks for them, and 404 for who may not read the issue or agency."""

import re
import subprocess

import pytest
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from tests.factories import (
    AgencyFactory,
    FiscalYearFactory,
    IssueFactory,
    KpiFactory,
    ProvinceFactory,
    UserFactory,
)
from tests.pdftext import A4_LANDSCAPE, A4_PORTRAIT, info, needs_poppler, pages, pypdf_pages, squeeze
from worksheets import excel_forms
from worksheets.excel_matrix import state_line
from worksheets.models import KnowledgeHolder, KnowledgeItem, StrategicIssue, WorkProcess

pytestmark = needs_poppler

WS1_HEADINGS = ("KPI no.", None, "Responsible agencies", "Remark")  # None: the KPI name's, with the year
WS3_HEADINGS = (
    "KPI no.", "Work process", "Necessary knowledge", "Kind of knowledge", "Where it is found",
    "Who holds the knowledge", "Responsible agencies", "Involved agencies",
)  # fmt: skip


def get_pdf(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    return response.content


def texts(content: bytes) -> list[str]:
    """The whole document's text as pdftotext and as pypdf read it, without whitespace."""
    return [squeeze(" ".join(pages(content, "raw"))), squeeze(" ".join(pypdf_pages(content)))]


def in_order(text: str, values: list[str]) -> bool:
    position = 0
    for value in values:
        position = text.find(squeeze(value), position)
        if position < 0:
            return False
        position += len(squeeze(value))
    return True


def year_text(year=2569) -> str:
    return squeeze(gettext("fiscal year %(year)s") % {"year": year})


def assert_every_page(content: bytes, *must: str) -> int:
    """Each page has its number of the total, the fiscal year and ``must``; returns the count."""
    raw = pages(content)
    assert len(raw) == int(info(content)["Pages"])
    for number, page in enumerate(raw, start=1):
        text = squeeze(page)
        assert squeeze(f"{gettext('Page')} {number}/{len(raw)}") in text, number
        assert year_text() in text, number
        for value in must:
            assert squeeze(value) in text, (number, value)
    return len(raw)


# --- Worksheet 1 ------------------------------------------------------------------------------------


@pytest.fixture
def worksheet1(fiscal_year, agency, other_agency):
    water = IssueFactory(
        fiscal_year=fiscal_year, number=1, title="การบริหารจัดการน้ำเพื่อการเกษตร", goal="เกษตรกรมีน้ำใช้\nตลอดปี"
    )
    KpiFactory(issue=water, number=1, name="ร้อยละของพื้นที่ชลประทานที่ได้รับน้ำตามกำหนด", target="85",
               unit="ร้อยละ", weight=12.5, remark="ดำเนินการร่วมกับสำนักงานชลประทาน", responsible=[agency],
               involved=[other_agency])  # fmt: skip
    KpiFactory(issue=water, number=2, name="จำนวนแหล่งน้ำค่ำที่ได้รับการฟื้นฟู", target="", responsible=[other_agency])
    IssueFactory(fiscal_year=fiscal_year, number=2, title="การส่งเสริมการท่องเที่ยว", goal="รายได้เพิ่มขึ้น")
    return fiscal_year


def test_worksheet_1_prints_the_seed_form(login, agency_user, worksheet1, agency, other_agency):
    content = get_pdf(login(agency_user), reverse("worksheet1-pdf"))
    assert info(content)["Page size"] == A4_PORTRAIT
    subtitle = gettext(
        "Summary of the performance-agreement KPIs grouped by the strategic issues of %(province)s province"
    ) % {"province": "กาฬสินธุ์"}
    headings = [gettext(h) if h else "" for h in WS1_HEADINGS]
    headings[1] = gettext("KPI name under the performance agreement of fiscal year %(year)s") % {"year": 2569}
    for text in texts(content):
        assert in_order(text, [gettext("Worksheet 1"), subtitle])
        for issue in StrategicIssue.objects.all():
            head = [
                f"{gettext('Strategic issue')} {issue.number} {issue.title}",
                f"{gettext('Goal')} {issue.goal}",
            ]
            assert in_order(text, [*head, *headings]), issue
        for kpi in StrategicIssue.objects.get(fiscal_year=worksheet1, number=1).kpis.all():
            row = [kpi.code, kpi.name]
            if kpi.target:
                weight = floatformat(kpi.weight, "-2")  # as the page shows it: 12.50
                row.append(f"{gettext('Target')}: {kpi.target} {kpi.unit} · {gettext('Weight')} {weight}%")
            row += [a.name for a in kpi.responsible_agencies.all()]
            if kpi.involved_agencies.exists():
                row += [gettext("Involved:"), *(a.name for a in kpi.involved_agencies.all())]
            row.append(kpi.remark)
            assert in_order(text, row), row
        assert squeeze(gettext("No KPIs yet.")) in text  # issue 2
        assert year_text() in text
    assert assert_every_page(content) == 1


def test_worksheet_1_names_the_province_of_the_data(login, worksheet1, province):
    province.name = "มหาสารคาม"
    province.save()
    office = AgencyFactory(province=province, name="สำนักงานจังหวัดมหาสารคาม")
    content = get_pdf(login(UserFactory(agency=office)), reverse("worksheet1-pdf"))
    subtitle = gettext(
        "Summary of the performance-agreement KPIs grouped by the strategic issues of %(province)s province"
    )
    for text in texts(content):
        assert squeeze(subtitle % {"province": "มหาสารคาม"}) in text
        assert squeeze(subtitle % {"province": "กาฬสินธุ์"}) not in text


def test_a_long_worksheet_1_repeats_its_header_on_every_page(login, agency_user, fiscal_year, agency):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง")
    for number in range(1, 61):
        KpiFactory(
            issue=issue, number=number, name=f"ตัวชี้วัดลำดับ {number} ของการดำเนินการ", responsible=[agency]
        )
    content = get_pdf(login(agency_user), reverse("worksheet1-pdf"))
    count = assert_every_page(content, gettext("KPI no."), gettext("Responsible agencies"), gettext("Remark"))
    assert count >= 2
    for text in texts(content):
        assert re.findall(r"ตัวชี้วัดลำดับ(\d+)ของ", text) == [str(n) for n in range(1, 61)]


# --- Worksheet 3 ------------------------------------------------------------------------------------


@pytest.fixture
def issue(fiscal_year, agency, other_agency):
    """Issue 1 with KPI 1.2 chosen: two processes, three knowledge items, a process without any."""
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การบริหารจัดการน้ำ", goal="เกษตรกรมีน้ำใช้ตลอดปี")
    kpi = KpiFactory(issue=issue, number=2, name="ร้อยละของพื้นที่ได้รับน้ำ", chosen=True, target="80", unit="ร้อยละ")
    KpiFactory(issue=issue, number=1, name="ตัวชี้วัดที่ไม่ได้เลือก", chosen=False)
    growing = WorkProcess.objects.create(kpi=kpi, order=1, name="การกำหนดรอบเวรส่งน้ำ")
    selling = WorkProcess.objects.create(kpi=kpi, order=2, name="การดำเนินการซ่อมคลอง")
    WorkProcess.objects.create(kpi=kpi, order=3, name="การติดตามผล")
    gap = KnowledgeItem.objects.create(
        process=growing, order=1, name="การจัดสรรน้ำช่วงค่ำ", kind="tacit", source="คู่มือสำนักงานชลประทาน"
    )
    gap.responsible_agencies.set([agency])
    gap.involved_agencies.set([other_agency])
    gap.holder_agencies.set([other_agency])
    KnowledgeHolder.objects.create(item=gap, name="นายสมชาย ใจดี", position="ผู้นำกลุ่มผู้ใช้น้ำ", agency=agency)
    KnowledgeItem.objects.create(process=growing, order=2, name="การทำปุ๋ยหมัก", kind="explicit")
    KnowledgeItem.objects.create(process=selling, order=1, name="การซ่อมบำรุงคลอง", kind="explicit")
    return issue


def ws3_rows(issue) -> list[list[str]]:
    """Worksheet 3's rows as the workbook writes them: the data the PDF must show."""
    from worksheets.views.worksheet3 import worksheet3_kpis

    rows = []
    for kpi in worksheet3_kpis(issue):
        for number, process in enumerate(kpi.processes.all(), start=1):
            for item in process.knowledge_items.all():
                rows.append([
                    f"{number}. {process.name}", excel_forms.knowledge_text(item), excel_forms.kind_text(item),
                    item.source or "–", excel_forms.holders_text(item) or "–",
                    *(a.name for a in item.responsible_agencies.all()), *(a.name for a in item.involved_agencies.all()),
                ])  # fmt: skip
            if not process.knowledge_items.exists():
                rows.append(
                    [
                        f"{number}. {process.name}",
                        gettext("No knowledge has been defined for this work process yet."),
                    ]
                )
    return rows


def test_worksheet_3_prints_every_process_and_knowledge(login, agency_user, issue):
    content = get_pdf(login(agency_user), reverse("worksheet3-pdf", args=[issue.pk]))
    assert info(content)["Page size"] == A4_LANDSCAPE
    kpi = issue.kpis.get(number=2)
    for text in texts(content):
        assert in_order(text, [
            gettext("Worksheet 3"), gettext("Definition of the necessary knowledge to be managed"),
            f"{gettext('Strategic issue')} 1 การบริหารจัดการน้ำ", f"{gettext('Goal')} เกษตรกรมีน้ำใช้ตลอดปี",
            gettext("Draft"), f"{gettext('KPI no.')} {excel_forms.kpi_text(kpi)}",
            *(gettext(h) for h in WS3_HEADINGS[1:]),
        ])  # fmt: skip
        for row in ws3_rows(issue):
            assert in_order(text, row), row
        assert "ตัวชี้วัดที่ไม่ได้เลือก" not in text
        assert squeeze(f"{gettext('Knowledge')} 1การจัดสรรน้ำช่วงค่ำ") in text  # worksheet 4's number
    assert assert_every_page(content, gettext("Draft")) == 1


def test_worksheet_3_says_who_finalised_it_and_when(login, agency_user, issue, km_officer):
    StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at=timezone.now(), finalised_by=km_officer)
    issue.refresh_from_db()
    content = get_pdf(login(agency_user), reverse("worksheet3-pdf", args=[issue.pk]))
    line = state_line(issue)
    assert squeeze(km_officer.get_full_name() or str(km_officer)) in squeeze(line)
    for text in texts(content):
        assert squeeze(line) in text
        assert squeeze(gettext("Draft")) not in text


def test_a_long_worksheet_3_breaks_between_processes_with_its_header(login, agency_user, issue):
    kpi = issue.kpis.get(number=2)
    for order in range(4, 24):
        process = WorkProcess.objects.create(kpi=kpi, order=order, name=f"กระบวนการลำดับ {order} ของงาน")
        KnowledgeItem.objects.create(
            process=process, order=1, name=f"ความรู้ลำดับ {order} ของกระบวนการ", kind="tacit"
        )
    content = get_pdf(login(agency_user), reverse("worksheet3-pdf", args=[issue.pk]))
    count = assert_every_page(content, gettext("Draft"), *(gettext(h) for h in WS3_HEADINGS))
    assert count >= 2
    raw = pages(content)
    for page in raw:  # the KPI is named in the table's header on every page
        assert squeeze(f"{gettext('KPI no.')} {excel_forms.kpi_text(kpi)}") in squeeze(page)
    for text in texts(content):
        assert re.findall(r"ความรู้ลำดับ(\d+)ของ", text) == [str(n) for n in range(4, 24)]
        for row in ws3_rows(issue):
            assert in_order(text, row), row


def test_a_process_longer_than_a_page_is_named_again_where_it_goes_on(login, agency_user, issue, agency):
    kpi = issue.kpis.get(number=2)
    process = WorkProcess.objects.create(kpi=kpi, order=9, name="การจัดสรรน้ำตามรอบเวร")
    for order in range(1, 21):
        item = KnowledgeItem.objects.create(
            process=process, order=order, name=f"ความรู้ลำดับ {order} ของการดำเนินการ", kind="tacit"
        )
        item.responsible_agencies.set([agency])
    content = get_pdf(login(agency_user), reverse("worksheet3-pdf", args=[issue.pk]))
    raw = pages(content)
    assert assert_every_page(content, *(gettext(h) for h in WS3_HEADINGS)) >= 2
    first = next(n for n, page in enumerate(raw) if "4.การจัดสรรน้ำตามรอบเวร" in squeeze(page))
    assert first + 1 < len(raw)
    continued = squeeze(f"4. การจัดสรรน้ำตามรอบเวร ({gettext('continued')})")
    for page in raw[first + 1 :]:  # every page it goes on to names it
        assert continued in squeeze(page)
    for text in texts(content):
        assert re.findall(r"ความรู้ลำดับ(\d+)ของ", text) == [str(n) for n in range(1, 21)]


def test_worksheet_3_of_another_province_is_404(login, stranger, issue, client):
    url = reverse("worksheet3-pdf", args=[issue.pk])
    assert login(stranger).get(url).status_code == 404


# --- Form 1 ------------------------------------------------------------------------------------------


def chosen(kpi, name: str, responsible=()) -> KnowledgeItem:
    process = WorkProcess.objects.create(kpi=kpi, order=kpi.processes.count() + 1, name=f"กระบวนการ{name}")
    item = KnowledgeItem.objects.create(process=process, order=1, name=name, kind="tacit", chosen=True)
    item.responsible_agencies.set(responsible)
    return item


@pytest.fixture
def form1_year(fiscal_year, agency, other_agency):
    water = IssueFactory(fiscal_year=fiscal_year, number=1, title="การบริหารจัดการน้ำ", goal="เกษตรกรมีน้ำใช้ตลอดปี")
    ours = KpiFactory(issue=water, number=2, name="ร้อยละของพื้นที่ได้รับน้ำ", chosen=True, responsible=[agency])
    chosen(ours, "การจัดสรรน้ำช่วงค่ำ")
    chosen(ours, "การดำเนินการซ่อมคลอง")
    theirs = KpiFactory(issue=water, number=3, name="อัตราการป่วยด้วยโรคจากน้ำ", chosen=True, target="",
                        responsible=[other_agency])  # fmt: skip
    chosen(theirs, "การเฝ้าระวังคุณภาพน้ำ", responsible=[other_agency])
    KpiFactory(issue=water, number=4, name="ตัวชี้วัดที่ไม่ได้เลือก", chosen=False, responsible=[agency])
    IssueFactory(fiscal_year=fiscal_year, number=2, title="การส่งเสริมการท่องเที่ยว", goal="รายได้เพิ่มขึ้น")
    return fiscal_year


def form1_lines(fiscal_year, agency=None) -> list[str]:
    from worksheets.views.documents import form1_table

    lines = []
    for block in form1_table(fiscal_year, agency):
        lines += [f"{gettext('Strategic issue')} {block.issue.number} {block.issue.title}", block.issue.goal]
        for row in block.rows:
            if row.kpi:
                lines.append(excel_forms.kpi_text(row.kpi))
            lines.append(excel_forms.form1_item_text(row))
        if not block.rows:
            lines.append(gettext("No KPI chosen yet"))
    return lines


def test_form_1_of_the_province(login, agency_user, form1_year, province):
    content = get_pdf(login(agency_user), reverse("form1-pdf"))
    assert info(content)["Page size"] == A4_LANDSCAPE
    title = excel_forms.form1_title(province, None)
    assert "กาฬสินธุ์" in title
    headings = [
        capfirst(gettext("strategic issue")),
        gettext("Goal"),
        gettext("KPI"),
        gettext("Necessary knowledge"),
    ]
    lines = form1_lines(form1_year)
    assert "2. การดำเนินการซ่อมคลอง" in lines and "ตัวชี้วัดที่ไม่ได้เลือก" not in " ".join(lines)
    for text in texts(content):
        assert in_order(text, [title, *headings, *lines])
        assert "ตัวชี้วัดที่ไม่ได้เลือก" not in text
    assert assert_every_page(content, *headings) == 1


def test_form_1_of_one_agency_shows_only_its_rows(
    login, agency_user, form1_year, agency, other_agency, province
):
    content = get_pdf(login(agency_user), reverse("form1-pdf") + f"?agency={agency.pk}")
    lines = form1_lines(form1_year, agency)
    for text in texts(content):
        assert in_order(text, [excel_forms.form1_title(province, agency), *lines])
        for other in ("อัตราการป่วยด้วยโรคจากน้ำ", "การเฝ้าระวังคุณภาพน้ำ", "การส่งเสริมการท่องเที่ยว"):
            assert other not in text
    theirs = get_pdf(login(agency_user), reverse("form1-pdf") + f"?agency={other_agency.pk}")
    for text in texts(theirs):
        assert "การเฝ้าระวังคุณภาพน้ำ" in text and "การดำเนินการซ่อมคลอง" not in text


def test_a_long_form_1_breaks_between_kpis_with_its_header(login, agency_user, fiscal_year):
    issue = IssueFactory(
        fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง", goal="เกษตรกรมีรายได้"
    )
    for number in range(1, 61):
        kpi = KpiFactory(issue=issue, number=number, name=f"ตัวชี้วัดลำดับ {number} ของประเด็น", chosen=True)
        chosen(kpi, f"ความรู้ของตัวชี้วัด {number}")
    content = get_pdf(login(agency_user), reverse("form1-pdf"))
    headings = [
        capfirst(gettext("strategic issue")),
        gettext("Goal"),
        gettext("KPI"),
        gettext("Necessary knowledge"),
    ]
    count = assert_every_page(content, *headings)
    assert count >= 3
    issue_text = f"{gettext('Strategic issue')} 1 การพัฒนาการเกษตรมูลค่าสูง"
    for page in pages(content)[1:]:  # the issue is named again on every page it goes on to
        assert squeeze(f"{issue_text} ({gettext('continued')})") in squeeze(page)
    for text in texts(content):
        assert re.findall(r"ตัวชี้วัดลำดับ(\d+)ของ", text) == [str(n) for n in range(1, 61)]
        assert in_order(text, form1_lines(fiscal_year))


def test_a_kpi_with_more_knowledge_than_a_page_is_named_again_where_it_goes_on(
    login, agency_user, fiscal_year
):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การบริหารจัดการน้ำ", goal="เกษตรกรมีน้ำใช้")
    kpi = KpiFactory(issue=issue, number=1, name="ร้อยละของพื้นที่ได้รับน้ำตามกำหนด", chosen=True, target="")
    for number in range(1, 46):
        chosen(kpi, f"องค์ความรู้ลำดับ {number} ของการดำเนินการ")
    content = get_pdf(login(agency_user), reverse("form1-pdf"))
    raw = pages(content)
    assert assert_every_page(content, gettext("KPI"), gettext("Necessary knowledge")) >= 2
    for page in raw[1:]:
        assert squeeze(f"1.1 ร้อยละของพื้นที่ได้รับน้ำตามกำหนด ({gettext('continued')})") in squeeze(page)
    for text in texts(content):
        assert re.findall(r"องค์ความรู้ลำดับ(\d+)ของ", text) == [str(n) for n in range(1, 46)]


def test_form_1_of_another_provinces_agency_is_404(login, agency_user, form1_year):
    elsewhere = AgencyFactory(province=ProvinceFactory(name="ขอนแก่น"))
    FiscalYearFactory(province=elsewhere.province)
    assert login(agency_user).get(reverse("form1-pdf") + f"?agency={elsewhere.pk}").status_code == 404


def test_the_pdfs_make_a_fixed_number_of_queries(
    login, agency_user, issue, agency, django_assert_max_num_queries
):
    client = login(agency_user)
    urls = [reverse("worksheet1-pdf"), reverse("worksheet3-pdf", args=[issue.pk]), reverse("form1-pdf")]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            get_pdf(client, url)
        counts.append(len(queries))
    for number in range(3, 7):
        kpi = KpiFactory(issue=issue, number=number, chosen=True, responsible=[agency], involved=[agency])
        for order in (1, 2):
            item = chosen(kpi, f"องค์ความรู้ {number}.{order}", responsible=[agency])
            item.holder_agencies.set([agency])
            KnowledgeHolder.objects.create(item=item, name="ผู้รู้", agency=agency)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            get_pdf(client, url)


def test_without_a_fiscal_year_the_pdfs_send_back_to_the_page(login, stranger):
    client = login(stranger)
    for name, page in (("form1-pdf", "form1"), ("worksheet1-pdf", "worksheet1")):
        response = client.get(reverse(name), follow=True)
        assert response.redirect_chain[-1][0] == reverse(page)
        assert gettext("There is no fiscal year yet. Start one first.") in response.content.decode()


# --- All three ---------------------------------------------------------------------------------------


def test_a_province_with_thai_numerals_gets_them(login, agency_user, issue, province):
    province.thai_numerals = True
    province.save()
    client = login(agency_user)
    for url in (reverse("worksheet1-pdf"), reverse("worksheet3-pdf", args=[issue.pk]), reverse("form1-pdf")):
        text = " ".join(pages(get_pdf(client, url)))
        assert not re.search(r"[0-9]", text), (url, re.findall(r".{0,20}[0-9].{0,20}", text))
        assert squeeze(f"{gettext('Page')} ๑/") in squeeze(text)
        assert squeeze(gettext("fiscal year %(year)s") % {"year": "๒๕๖๙"}) in squeeze(text)


def test_hostile_text_is_printed_as_text_inside_its_cell(login, agency_user, issue, agency):
    """Markup in the data is text, and a string with no break point breaks inside its cell rather
    than run off the page."""
    long = "https://km.kalasin.go.th/" + "x" * 150
    kpi = issue.kpis.get(number=2)
    kpi.name = '<script>alert("x")</script><b>ตัวชี้วัด</b>'
    kpi.remark = long
    kpi.save()
    item = KnowledgeItem.objects.filter(process__kpi=kpi).first()
    item.name, item.source, item.chosen = long, long, True
    item.save()
    client = login(agency_user)
    for url in (reverse("worksheet1-pdf"), reverse("worksheet3-pdf", args=[issue.pk]), reverse("form1-pdf")):
        content = get_pdf(client, url)
        for text in texts(content):
            assert squeeze(kpi.name) in text, url
            assert squeeze(long) in text, url
        boxes = subprocess.run(
            ["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True
        )
        right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes.stdout.decode())]
        width = float(info(content)["Page size"].split()[0])
        assert right_edges and max(right_edges) <= width - 12 * 72 / 25.4 + 1, url  # inside the margin


def test_the_pages_link_their_pdfs(login, agency_user, issue, agency):
    client = login(agency_user)
    page = client.get(reverse("worksheet1")).content.decode()
    assert f'href="{reverse("worksheet1-pdf")}"' in page
    page = client.get(reverse("worksheet3", args=[issue.pk])).content.decode()
    assert f'href="{reverse("worksheet3-pdf", args=[issue.pk])}"' in page
    page = client.get(reverse("form1")).content.decode()
    assert f'href="{reverse("form1-pdf")}"' in page
    page = client.get(reverse("form1") + f"?agency={agency.pk}").content.decode()
    assert f'href="{reverse("form1-pdf")}?agency={agency.pk}"' in page
