"""Worksheets 2 and 4 (the scoring matrices) as PDFs, and their blank paper forms, read back as a
person's tools read them (pdftotext and pypdf): the seed's title, the header (strategic issue,
province, fiscal year, draft or finalised by whom and when), every criterion with the row for
other criteria, every column, score, total, rank and choice as ``matrix.load`` computes them, the
legend and the note; a wide matrix in parts that each repeat the criteria; a long one with its
header on every page; Thai numerals; and 404 for another province."""

import io
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook

from core.templatetags.thai import thai_datetime
from tests.factories import IssueFactory, KpiFactory
from tests.pdftext import A4_LANDSCAPE, info, needs_poppler, pages, pypdf_pages, squeeze
from tests.test_excel_matrix import criteria, kpis, score
from worksheets import demo, excel_matrix
from worksheets import matrix as scoring
from worksheets.models import DEFAULT_CRITERIA, KnowledgeItem, KnowledgeScore, KpiScore, WorkProcess
from worksheets.views import pdf_matrix

pytestmark = needs_poppler

OTHER = "อื่น ๆ (เกณฑ์กำหนดตามบริบทขององค์กร)"
DEMO_KPIS = [kpi[0] for _number, _title, _goal, rows in demo.ISSUES for kpi in rows]
MARGIN = 12 * 72 / 25.4  # the page's left and right margin, in points


@pytest.fixture
def issue(fiscal_year, issue_lead):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูงและอาหารปลอดภัย")
    issue.members.add(issue_lead)
    for number, name in enumerate(DEMO_KPIS[:3], start=1):
        KpiFactory(issue=issue, number=number, name=name)
    return issue


def wide(issue, count: int) -> None:
    """``count`` KPIs in all, each named once ("… 7 รายการ" is no prefix of "… 17 รายการ"), scored."""
    for number in range(len(kpis(issue)) + 1, count + 1):
        KpiFactory(issue=issue, number=number, name=f"ตัวชี้วัดทดสอบ {number} รายการ")
    for i, kpi in enumerate(kpis(issue)):
        for j, criterion in enumerate(criteria(issue)):
            KpiScore.objects.get_or_create(
                criterion=criterion, kpi=kpi, defaults={"value": (5, 3, 1)[(i + j) % 3]}
            )


def get_pdf(client, issue, worksheet=2) -> bytes:
    response = client.get(reverse("matrix-pdf", args=[issue.pk, worksheet]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def both(content: bytes) -> list[str]:
    """The whole text, as pdftotext and as pypdf read it, without whitespace."""
    return [squeeze(" ".join(pages(content))), squeeze(" ".join(pypdf_pages(content)))]


def row(label, values) -> str:
    """A table row as its text reads: the label, then each cell's text (a blank cell has none)."""
    return squeeze(str(label) + "".join("" if v is None else str(v) for v in values))


def column_heads(matrix) -> list[str]:
    return [squeeze(f"{matrix.column_label(col)} {col.obj.name}") for col in matrix.columns]


def totals_and_ranks(matrix, columns=None) -> list[str]:
    columns = matrix.columns if columns is None else columns
    totals = [gettext("not complete") if c.total is None else c.total for c in columns]
    ranks = [gettext("not ranked") if c.rank is None else c.rank for c in columns]
    return [
        row(excel_matrix.TOTALS[matrix.worksheet], totals),
        row(excel_matrix.RANKS[matrix.worksheet], ranks),
    ]


def test_it_prints_worksheet_2_as_the_page_computes_it(login, agency_user, issue, province):
    score(issue, [[3] * 5, [5] * 5, [3, 3, 3, 3, None]])
    type(kpis(issue)[1]).objects.filter(pk=kpis(issue)[1].pk).update(chosen=True)
    response = login(agency_user).get(reverse("matrix-pdf", args=[issue.pk, 2]))
    assert response["Content-Disposition"] == 'attachment; filename="worksheet-2-issue-1-2569.pdf"'
    content = response.content
    assert info(content)["Page size"] == A4_LANDSCAPE
    assert info(content)["Title"] == f"{gettext('Worksheet 2')} {scoring.SUBTITLES[2]}"
    matrix = scoring.load(issue, 2)
    assert [c.total for c in matrix.columns] == [15, 25, None]
    assert [c.rank for c in matrix.columns] == [2, 1, None]
    for text in both(content):
        assert squeeze(f"{gettext('Worksheet 2')} {scoring.SUBTITLES[2]}") in text
        assert squeeze(str(scoring.SUBTITLES[2])) == squeeze(
            "แบบคัดเลือกตัวชี้วัดตามคำรับรองการปฏิบัติราชการเพื่อกำหนดองค์ความรู้ที่จำเป็นในการจัดการความรู้"
        )
        assert squeeze(f"{gettext('Strategic issue')} 1 การพัฒนาการเกษตรมูลค่าสูงและอาหารปลอดภัย") in text
        assert squeeze(gettext("Province of %(name)s") % {"name": province.name}) in text
        assert squeeze(gettext("Fiscal year %(year)s") % {"year": 2569}) in text
        assert squeeze(gettext("Draft")) in text
        assert squeeze(gettext("Criteria") + "".join(column_heads(matrix))) in text
        for number, (criterion, cells) in enumerate(matrix.rows(), start=1):
            assert row(f"{number}. {criterion.text}", [value for _col, value, _changed in cells]) in text
        # The third KPI's blank cell is left blank: the row ends with the two scores.
        assert row(f"5. {DEFAULT_CRITERIA[2][4]}", [3, 5, None]) + squeeze(OTHER) in text
        assert squeeze(OTHER) + totals_and_ranks(matrix)[0] in text
        for line in totals_and_ranks(matrix):
            assert line in text
        # Ranks 1 and 2 are suggested; the second KPI is chosen too.
        chosen = f"{gettext('suggested')}{gettext('chosen')}{gettext('suggested')}"
        assert row(gettext("Goes on to worksheet 3"), [chosen]) in text
        assert squeeze(gettext("Scoring criteria") + "มาก = 5ปานกลาง = 3น้อย = 1") in text
        assert squeeze("หมายเหตุ ให้พิจารณาตัวชี้วัดตามใบงานที่ 1 มาคัดเลือก") in text
    assert squeeze(f"{gettext('Page')} 1/1") in squeeze(pages(content)[0])
    # The tick is drawn, not a "✓" that Sarabun lacks and a system font would stand in for.
    out = subprocess.run(["pdffonts", "-"], input=content, capture_output=True, check=True).stdout.decode()
    fonts = [line.split()[0] for line in out.splitlines()[2:]]
    assert fonts and all(name.split("+")[-1].startswith("Sarabun-PDF") for name in fonts), fonts


def test_worksheet_4_prints_its_knowledge_columns_and_own_criterion(login, agency_user, issue):
    kpi = kpis(issue)[0]
    type(kpi).objects.filter(pk=kpi.pk).update(chosen=True)
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การผลิต")
    first = KnowledgeItem.objects.create(
        process=process, order=1, name="การผลิตพืชปลอดภัยตามมาตรฐาน GAP", kind="tacit", chosen=True
    )
    second = KnowledgeItem.objects.create(process=process, order=2, name="การตลาดออนไลน์", kind="explicit")
    own = scoring.add_criterion(issue, 4, "ต้นทุนต่ำ ใช้น้ำน้อย")
    for criterion in criteria(issue, 4):
        KnowledgeScore.objects.create(criterion=criterion, item=first, value=5)
    KnowledgeScore.objects.create(criterion=own, item=second, value=1)
    content = get_pdf(login(agency_user), issue, 4)
    matrix = scoring.load(issue, 4)
    assert [c.total for c in matrix.columns] == [35, None]
    for text in both(content):
        assert squeeze(f"{gettext('Worksheet 4')} {scoring.SUBTITLES[4]}") in text
        assert squeeze(str(scoring.SUBTITLES[4])) == squeeze("แบบคัดกรองและคัดเลือกองค์ความรู้ที่จำเป็น")
        assert (
            squeeze(
                f"{gettext('Criteria')} {gettext('Knowledge')} 1 การผลิตพืชปลอดภัยตามมาตรฐาน GAP "
                f"{gettext('Knowledge')} 2 การตลาดออนไลน์"
            )
            in text
        )
        for number, text_of in enumerate(DEFAULT_CRITERIA[4], start=1):
            assert row(f"{number}. {text_of}", [5]) in text
        assert row("7. ต้นทุนต่ำ ใช้น้ำน้อย", [5, 1]) + squeeze(OTHER) in text
        for line in totals_and_ranks(matrix):
            assert line in text
        assert row(gettext("Goes on to a KM Action Plan"), [gettext("chosen")]) in text
        assert squeeze(gettext("Scoring") + "มาก = 5ปานกลาง = 3น้อย = 1") in text
        assert squeeze("หมายเหตุ : ให้นำองค์ความรู้ที่จำเป็นจากใบงานที่ 3 มาพิจารณาคัดเลือก") in text


def test_a_worksheet_without_columns_says_so(login, agency_user, issue):
    text = both(get_pdf(login(agency_user), issue, 4))[0]
    assert (
        squeeze(gettext("No knowledge has been defined yet: add it in worksheet 3 for the chosen KPIs."))
        in text
    )
    assert squeeze(f"1. {DEFAULT_CRITERIA[4][0]}") in text


def test_it_shows_the_rows_of_the_excel_export_in_their_order(login, agency_user, issue):
    score(issue, [[3] * 5, [5] * 5, [1] * 5])
    scoring.add_criterion(issue, 2, "เกณฑ์ของจังหวัดเอง")
    client = login(agency_user)
    ws = load_workbook(
        io.BytesIO(client.get(reverse("matrix-export", args=[issue.pk, 2])).content)
    ).worksheets[0]
    labels = []
    for number in range(excel_matrix.FIRST_ROW, ws.max_row + 1):
        label = ws.cell(row=number, column=1).value
        if label is None:
            break
        labels.append(squeeze(label))
    assert len(labels) == 6 + 1 + 3  # the criteria, the row for other criteria, totals, ranks, choices
    for text in both(get_pdf(client, issue)):
        place = 0
        for label in labels:
            place = text.index(label, place) + len(label)


def test_a_finalised_worksheet_says_by_whom_and_when_on_every_page(login, agency_user, issue, km_officer):
    wide(issue, 12)
    when = timezone.now()
    type(issue).objects.filter(pk=issue.pk).update(finalised_at=when, finalised_by=km_officer)
    content = get_pdf(login(agency_user), issue)
    state = squeeze(
        gettext("Finalised on %(when)s by %(who)s.") % {"when": thai_datetime(when), "who": km_officer}
    )
    assert km_officer.get_full_name() and squeeze(km_officer.get_full_name()) in state
    for reader in (pages, pypdf_pages):
        texts = [squeeze(page) for page in reader(content)]
        assert len(texts) == 2
        for text in texts:
            assert state in text
            assert squeeze(gettext("Draft")) not in text


def test_a_wide_matrix_comes_in_parts_that_repeat_the_criteria(login, agency_user, issue):
    client = login(agency_user)
    narrow = int(info(get_pdf(client, issue))["Pages"])
    wide(issue, 20)
    content = get_pdf(client, issue)
    matrix = scoring.load(issue, 2)
    heads = column_heads(matrix)
    raw = pages(content)
    assert narrow == 1 and len(raw) == int(info(content)["Pages"]) == 3
    seen = []
    for number, (page, (first, last)) in enumerate(
        zip(raw, [(1, 7), (8, 14), (15, 20)], strict=True), start=1
    ):
        text = squeeze(page)
        assert squeeze(f"{gettext('Page')} {number}/3") in text
        assert squeeze(gettext("fiscal year %(year)s") % {"year": 2569}) in text
        assert squeeze(gettext("Draft")) in text
        part = gettext("Columns %(first)s–%(last)s of %(count)s") % {
            "first": first,
            "last": last,
            "count": 20,
        }
        assert squeeze(part) in text
        # The criteria column, then exactly this part's columns.
        assert squeeze(gettext("Criteria")) + "".join(heads[first - 1 : last]) + squeeze("1.") in text
        for n, criterion in enumerate(matrix.criteria, start=1):
            values = [col.scores.get(criterion.pk) for col in matrix.columns[first - 1 : last]]
            assert row(f"{n}. {criterion.text}", values) in text
        assert squeeze(OTHER) in text
        for line in totals_and_ranks(matrix, matrix.columns[first - 1 : last]):
            assert line in text
        seen += [head for head in heads if head in text]
    assert seen == heads  # every column once, in order
    assert squeeze(str(excel_matrix.NOTES[2])) in squeeze(raw[-1])


def test_a_long_list_of_criteria_repeats_the_header_on_every_page(login, agency_user, issue):
    for number in range(6, 41):
        scoring.add_criterion(issue, 2, f"เกณฑ์เพิ่มเติมของจังหวัดข้อที่ {number} ตามบริบทขององค์กร")
    content = get_pdf(login(agency_user), issue)
    matrix = scoring.load(issue, 2)
    header = squeeze(gettext("Criteria")) + "".join(column_heads(matrix))
    for reader in (pages, pypdf_pages):
        texts = [squeeze(page) for page in reader(content)]
        assert len(texts) >= 3
        for number, text in enumerate(texts, start=1):
            assert header in text, number
            assert squeeze(f"{gettext('Page')} {number}/{len(texts)}") in text
            assert squeeze(gettext("fiscal year %(year)s") % {"year": 2569}) in text
            assert squeeze(gettext("Worksheet 2")) in text
        found = re.findall(r"ข้อที่(\d+)ตาม", "".join(texts))
        assert found == [str(n) for n in range(6, 41)]  # every criterion once, in order


def test_a_province_with_thai_numerals_gets_them(login, agency_user, issue, province):
    province.thai_numerals = True
    province.save()
    score(issue, [[3] * 5, [5] * 5, [1] * 5])
    text = " ".join(pages(get_pdf(login(agency_user), issue)))
    assert not re.search(r"[0-9]", text), re.findall(r".{0,20}[0-9].{0,20}", text)
    assert squeeze(f"{gettext('Page')} ๑/๑") in squeeze(text)
    assert squeeze(gettext("Fiscal year %(year)s") % {"year": "๒๕๖๙"}) in squeeze(text)
    assert row(gettext("Total score"), ["๑๕", "๒๕", "๕"]) in squeeze(text)
    assert squeeze("มาก = ๕") in squeeze(text)


def test_hostile_names_print_as_text_inside_the_page(login, agency_user, issue):
    first, second = kpis(issue)[:2]
    type(first).objects.filter(pk=first.pk).update(name="<script>alert(1)</script><b>ตัวหนา</b>")
    type(second).objects.filter(pk=second.pk).update(name="ก" * 150 + "x" * 150)
    scoring.add_criterion(issue, 2, "https://km.kalasin.go.th/" + "y" * 200)
    content = get_pdf(login(agency_user), issue)
    for text in both(content):
        assert squeeze("<script>alert(1)</script><b>ตัวหนา</b>") in text
        assert "ก" * 150 + "x" * 150 in text
        assert "6.https://km.kalasin.go.th/" + "y" * 200 in text
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True)
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes.stdout.decode())]
    width = float(info(content)["Page size"].split()[0])
    assert right_edges and max(right_edges) <= width - MARGIN + 1


def test_the_blank_worksheet_2_has_five_empty_kpi_columns(login, agency_user, fiscal_year, province):
    response = login(agency_user).get(reverse("matrix-blank-pdf", args=[2]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="worksheet-2-blank-2569.pdf"'
    content = response.content
    assert info(content)["Page size"] == A4_LANDSCAPE and info(content)["Pages"] == "1"
    column = squeeze(f"{gettext('KPI no.')} {excel_matrix.DOTS}")
    for text in both(content):
        assert squeeze(f"{gettext('Worksheet 2')} {scoring.SUBTITLES[2]}") in text
        assert squeeze(f"{gettext('Strategic issue')} {excel_matrix.DOTS} {excel_matrix.DOTS}") in text
        assert squeeze(gettext("Province of %(name)s") % {"name": province.name}) in text
        assert squeeze(gettext("Fiscal year %(year)s") % {"year": 2569}) in text
        assert squeeze(gettext("Criteria")) + column * 5 + squeeze("1.") in text
        # Nothing between one row's label and the next: every cell is empty.
        labels = [f"{n}. {t}" for n, t in enumerate(DEFAULT_CRITERIA[2], 1)]
        labels += [OTHER, gettext("Total score"), gettext("Rank of importance"), gettext("Scoring criteria")]
        assert squeeze("".join(labels)) in text
        assert squeeze(gettext("Goes on to worksheet 3")) not in text
        assert squeeze(gettext("Draft")) not in text
        assert squeeze(str(excel_matrix.NOTES[2])) in text


def test_the_blank_worksheet_4_has_nine_empty_knowledge_columns(login, agency_user, fiscal_year):
    content = login(agency_user).get(reverse("matrix-blank-pdf", args=[4])).content
    assert info(content)["Pages"] == "1"  # the seed's sheet: nine columns side by side
    for text in both(content):
        heads = "".join(f"{gettext('Knowledge')} {n}" for n in range(1, 10))
        assert squeeze(gettext("Criteria") + heads) in text
        assert (
            squeeze(gettext("Columns %(first)s–%(last)s of %(count)s") % {"first": 1, "last": 9, "count": 9})
            not in text
        )
        labels = [f"{n}. {t}" for n, t in enumerate(DEFAULT_CRITERIA[4], 1)]
        labels += [OTHER, gettext("Total score obtained"), gettext("Rank obtained"), gettext("Scoring")]
        assert squeeze("".join(labels)) in text
        assert squeeze(str(excel_matrix.NOTES[4])) in text


def test_the_blank_form_names_the_readers_own_province(login, stranger):
    """A province with no fiscal year yet: its name, and dots for the year."""
    content = login(stranger).get(reverse("matrix-blank-pdf", args=[2])).content
    text = squeeze(" ".join(pages(content)))
    assert squeeze(gettext("Province of %(name)s") % {"name": "ขอนแก่น"}) in text
    assert "กาฬสินธุ์" not in text
    assert squeeze(gettext("Fiscal year %(year)s") % {"year": excel_matrix.DOTS}) in text


def test_it_checks_access(client, login, issue, stranger, other_agency_user):
    url = reverse("matrix-pdf", args=[issue.pk, 2])
    assert client.get(url).status_code == 302  # to the login page
    assert login(stranger).get(url).status_code == 404
    assert login(other_agency_user).get(url).status_code == 200  # everyone of the province reads it
    assert client.get(reverse("matrix-pdf", args=[issue.pk + 1000, 2])).status_code == 404


def test_the_matrix_page_links_its_pdfs(login, agency_user, issue):
    for worksheet in (2, 4):
        page = login(agency_user).get(reverse("matrix", args=[issue.pk, worksheet])).content.decode()
        assert f'href="{reverse("matrix-pdf", args=[issue.pk, worksheet])}"' in page
        assert f'href="{reverse("matrix-blank-pdf", args=[worksheet])}"' in page


@pytest.mark.parametrize(
    ("count", "sizes"), [(0, [0]), (1, [1]), (9, [9]), (10, [5, 5]), (19, [7, 6, 6]), (20, [7, 7, 6])]
)
def test_the_columns_are_cut_into_even_parts_of_at_most_nine(count, sizes):
    layout = excel_matrix.Layout(
        worksheet=2, issue="", year="", state="", labels=[f"k{n}" for n in range(count)],
        names=[f"n{n}" for n in range(count)], criteria=["1. a", "2. b"],
        grid=[list(range(count)), list(range(count, 2 * count))], totals=list(range(count)),
        ranks=list(range(count)), choices=[excel_matrix.Choice(False, False)] * count,
    )  # fmt: skip
    parts = pdf_matrix.parts(layout)
    assert [len(part.heads) for part in parts] == sizes
    assert [head for part in parts for head in part.heads] == list(
        zip(layout.labels, layout.names, strict=True)
    )
    assert [v for part in parts for v in part.rows[1][1]] == layout.grid[1]
    assert [(part.first, part.last) for part in parts][-1][1] == count
