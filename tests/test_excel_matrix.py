"""Worksheets 2 and 4 as Excel: the export read back against the matrix, the blank paper forms,
and a file filled offline imported through ``save_matrix``: all or nothing, refused when stale."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook

from core.documents import excel as documents
from tests.factories import IssueFactory, KpiFactory
from tests.test_excel import _english, _errors, _workbook_bytes
from worksheets import excel_matrix
from worksheets import matrix as scoring
from worksheets.models import (
    DEFAULT_CRITERIA,
    KnowledgeItem,
    KnowledgeScore,
    KpiScore,
    WorkProcess,
)

XLSX = documents.CONTENT_TYPE
HEADER_ROW = excel_matrix.HEADER_ROW
FIRST = excel_matrix.FIRST_ROW


@pytest.fixture
def issue(fiscal_year, issue_lead):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง")
    issue.members.add(issue_lead)
    for number in (1, 2, 3):
        KpiFactory(issue=issue, number=number, name=f"ตัวชี้วัดทดสอบ {number}")
    return issue


def criteria(issue, worksheet=2):
    return list(issue.criteria.filter(worksheet=worksheet).order_by("order", "pk"))


def kpis(issue):
    return list(issue.kpis.order_by("number"))


def score(issue, table):
    """``table``: for each KPI, its scores down the criteria (None: blank)."""
    for kpi, values in zip(kpis(issue), table, strict=True):
        for criterion, value in zip(criteria(issue), values, strict=True):
            if value is not None:
                KpiScore.objects.create(criterion=criterion, kpi=kpi, value=value)


def state(issue, worksheet=2):
    """Every cell of the matrix and every tick, to prove an import changed nothing (or what)."""
    matrix = scoring.load(issue, worksheet)
    return {(c.pk, col.obj.pk): col.scores.get(c.pk) for c in matrix.criteria for col in matrix.columns}, [
        col.obj.chosen for col in matrix.columns
    ]


def _open(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def export(client, issue, worksheet=2):
    return client.get(reverse("matrix-export", args=[issue.pk, worksheet]))


def upload(client, issue, data, worksheet=2, name="worksheet.xlsx"):
    return client.post(
        reverse("matrix-import", args=[issue.pk, worksheet]),
        {"file": SimpleUploadedFile(name, data, content_type=XLSX)},
        follow=True,
    )


def filled(data: bytes, cells: dict[str, object]) -> bytes:
    """The exported file with ``cells`` ("B7": 5) typed in, as a person does in Excel."""
    book = load_workbook(io.BytesIO(data))
    for ref, value in cells.items():
        book.worksheets[0][ref] = value
    return _workbook_bytes(book)


def ref(row: int, column: int) -> str:
    return f"{chr(ord('A') + column - 1)}{row}"


# --- Export ---------------------------------------------------------------------------------------


def test_it_exports_the_matrix_as_the_page_computes_it(login, agency_user, issue):
    score(issue, [[3] * 5, [5] * 5, [3, 3, 3, 3, None]])
    response = export(login(agency_user), issue)
    assert 'filename="worksheet-2-issue-1-2569.xlsx"' in response["Content-Disposition"]
    book = _open(response)
    assert book.sheetnames[0] == gettext("Worksheet 2")
    ws = book.worksheets[0]
    lines = [ws.cell(row=n, column=1).value for n in range(1, HEADER_ROW)]
    assert lines[0] == f"{gettext('Worksheet 2')} {scoring.SUBTITLES[2]}"
    assert lines[1] == f"{gettext('Strategic issue')} 1 การพัฒนาการเกษตรมูลค่าสูง"
    assert lines[2] == gettext("Fiscal year %(year)s") % {"year": 2569}
    assert lines[3] == gettext("Draft") == "ร่าง"
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == [gettext("Criteria")] + [
        f"{gettext('KPI no.')} 1.{n}\nตัวชี้วัดทดสอบ {n}" for n in (1, 2, 3)
    ]
    rows = [[c.value for c in ws[FIRST + i]] for i in range(5)]
    for number, (row, text) in enumerate(zip(rows, DEFAULT_CRITERIA[2], strict=True), start=1):
        assert row[0] == f"{number}. {text}"
    assert [row[1:] for row in rows] == [[3, 5, 3]] * 4 + [[3, 5, None]]
    below = {
        ws.cell(row=r, column=1).value: [c.value for c in ws[r]][1:] for r in range(FIRST + 5, ws.max_row + 1)
    }
    assert below["อื่น ๆ (เกณฑ์กำหนดตามบริบทขององค์กร)"] == [None, None, None]
    assert below[gettext("Total score")] == [15, 25, gettext("not complete")]
    assert below[gettext("Rank of importance")] == [2, 1, gettext("not ranked")]
    matrix = scoring.load(issue, 2)
    assert [c.total for c in matrix.columns] == [15, 25, None]
    assert [c.rank for c in matrix.columns] == [2, 1, None]
    legend = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    for line in ("high = 5", "medium = 3", "low = 1", "Scoring criteria"):
        assert gettext(line) in legend
    assert "หมายเหตุ ให้พิจารณาตัวชี้วัดตามใบงานที่ 1 มาคัดเลือก" in legend


def test_it_marks_the_choices_and_the_suggested_columns(login, agency_user, issue):
    score(issue, [[3] * 5, [5] * 5, [1] * 5])
    Kpi = type(kpis(issue)[0])
    Kpi.objects.filter(pk=kpis(issue)[1].pk).update(chosen=True)
    ws = _open(export(login(agency_user), issue)).worksheets[0]
    row = next(
        r
        for r in range(1, ws.max_row + 1)
        if ws.cell(row=r, column=1).value == gettext("Goes on to worksheet 3")
    )
    marks = [c.value for c in ws[row]][1:]
    assert marks == [gettext("suggested"), f"✓\n{gettext('suggested')}", None]


def test_worksheet_4_exports_its_knowledge_columns_and_own_criterion(login, agency_user, issue):
    kpi = kpis(issue)[0]
    Kpi = type(kpi)
    Kpi.objects.filter(pk=kpi.pk).update(chosen=True)
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การผลิต")
    first = KnowledgeItem.objects.create(process=process, order=1, name="การผลิตพืชปลอดภัย", kind="tacit")
    second = KnowledgeItem.objects.create(process=process, order=2, name="การตลาดออนไลน์", kind="explicit")
    own = scoring.add_criterion(issue, 4, "ต้นทุนต่ำ")
    for criterion in criteria(issue, 4):
        KnowledgeScore.objects.create(criterion=criterion, item=first, value=5)
    KnowledgeScore.objects.create(criterion=own, item=second, value=1)
    ws = _open(export(login(agency_user), issue, 4)).worksheets[0]
    assert ws.title == gettext("Worksheet 4")
    assert [c.value for c in ws[HEADER_ROW]][1:] == [
        f"{gettext('Knowledge')} 1\nการผลิตพืชปลอดภัย",
        f"{gettext('Knowledge')} 2\nการตลาดออนไลน์",
    ]
    assert [c.value for c in ws[FIRST + 6]] == ["7. ต้นทุนต่ำ", 5, 1]
    assert ws.cell(row=FIRST + 7, column=1).value == "อื่น ๆ (เกณฑ์กำหนดตามบริบทขององค์กร)"
    totals = [c.value for c in ws[FIRST + 8]]
    assert totals == [gettext("Total score obtained"), 35, gettext("not complete")]


def test_a_finalised_worksheet_says_by_whom_and_when(login, agency_user, issue, km_officer):
    when = timezone.now()
    type(issue).objects.filter(pk=issue.pk).update(finalised_at=when, finalised_by=km_officer)
    ws = _open(export(login(agency_user), issue)).worksheets[0]
    from core.templatetags.thai import thai_datetime

    assert ws["A4"].value == gettext("Finalised on %(when)s by %(who)s.") % {
        "when": thai_datetime(when),
        "who": km_officer,
    }


def test_the_export_carries_the_fingerprint_in_a_very_hidden_sheet(login, agency_user, issue):
    book = _open(export(login(agency_user), issue))
    hidden = book[excel_matrix.HIDDEN]
    assert hidden.sheet_state == "veryHidden"
    assert hidden["C2"].value == scoring.load(issue, 2).fingerprint


def test_the_export_makes_a_fixed_number_of_queries(login, agency_user, issue, django_assert_max_num_queries):
    client = login(agency_user)
    score(issue, [[5] * 5, [3] * 5, [1] * 5])
    with CaptureQueriesContext(connection) as small:
        assert export(client, issue).status_code == 200
    for number in range(4, 10):
        kpi = KpiFactory(issue=issue, number=number)
        for criterion in criteria(issue):
            KpiScore.objects.create(criterion=criterion, kpi=kpi, value=3)
    scoring.add_criterion(issue, 2, "เกณฑ์เพิ่ม")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = export(client, issue)
    assert len([c for c in _open(response).worksheets[0][HEADER_ROW]]) == 10


def test_text_that_looks_like_a_formula_stays_text(login, agency_user, issue):
    type(kpis(issue)[0]).objects.filter(pk=kpis(issue)[0].pk).update(
        name='=HYPERLINK("http://evil.example","x")'
    )
    scoring.add_criterion(issue, 2, "@SUM(A1:A9)")
    data = export(login(agency_user), issue).content
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws["B6"].data_type == "s" and ws["B6"].value.endswith('=HYPERLINK("http://evil.example","x")')
    assert ws[f"A{FIRST + 5}"].value == "6. @SUM(A1:A9)"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


# --- Blank forms ----------------------------------------------------------------------------------


def test_the_blank_worksheet_2_has_five_kpi_columns(login, agency_user, fiscal_year):
    response = login(agency_user).get(reverse("matrix-blank", args=[2]))
    ws = _open(response).worksheets[0]
    assert 'filename="worksheet-2-blank-2569.xlsx"' in response["Content-Disposition"]
    assert ws["A3"].value == gettext("Fiscal year %(year)s") % {"year": 2569}
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[0] == gettext("Criteria") and len(header) == 6
    assert all(label.startswith(gettext("KPI no.")) for label in header[1:])
    labels = [ws.cell(row=FIRST + i, column=1).value for i in range(8)]
    assert labels[:5] == [f"{n}. {text}" for n, text in enumerate(DEFAULT_CRITERIA[2], 1)]
    assert labels[5:] == [
        "อื่น ๆ (เกณฑ์กำหนดตามบริบทขององค์กร)",
        gettext("Total score"),
        gettext("Rank of importance"),
    ]
    assert all(ws.cell(row=FIRST + i, column=c).value is None for i in range(8) for c in range(2, 7))
    assert gettext("Goes on to worksheet 3") not in [
        ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)
    ]


def test_the_blank_worksheet_4_has_nine_knowledge_columns(login, agency_user, fiscal_year):
    ws = _open(login(agency_user).get(reverse("matrix-blank", args=[4]))).worksheets[0]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[1:] == [f"{gettext('Knowledge')} {n}" for n in range(1, 10)]
    labels = [ws.cell(row=FIRST + i, column=1).value for i in range(7)]
    assert labels == [f"{n}. {text}" for n, text in enumerate(DEFAULT_CRITERIA[4], 1)] + [
        "อื่น ๆ (เกณฑ์กำหนดตามบริบทขององค์กร)"
    ]


# --- Import ---------------------------------------------------------------------------------------


def test_a_file_filled_offline_is_saved(login, issue_lead, issue):
    client = login(issue_lead)
    data = filled(
        export(client, issue).content,
        {ref(FIRST + r, c): 5 for r in range(5) for c in (2, 3)} | {"D7": "๓", "D8": 1.0},
    )
    response = upload(client, issue, data)
    assert response.redirect_chain == [(reverse("matrix", args=[issue.pk, 2]), 302)]
    cells, _ticks = state(issue)
    c, k = criteria(issue), kpis(issue)
    assert all(cells[c[r].pk, k[0].pk] == 5 and cells[c[r].pk, k[1].pk] == 5 for r in range(5))
    assert [cells[c[r].pk, k[2].pk] for r in range(5)] == [3, 1, None, None, None]
    assert scoring.load(issue, 2).columns[0].total == 25
    history = KpiScore.history.filter(history_user=issue_lead).count()
    assert history == 12


def test_an_import_export_round_trip_changes_nothing(login, issue_lead, issue):
    score(issue, [[3] * 5, [5, 5, 5, 5, None], [1, 3, 5, 3, 1]])
    scoring.add_criterion(issue, 2, "=เกณฑ์ของทีม")
    type(kpis(issue)[1]).objects.filter(pk=kpis(issue)[1].pk).update(chosen=True)
    client = login(issue_lead)
    before, history = state(issue), KpiScore.history.count()
    exported = export(client, issue).content
    response = upload(client, issue, exported)
    assert response.redirect_chain == [(reverse("matrix", args=[issue.pk, 2]), 302)]
    assert state(issue) == before
    assert KpiScore.history.count() == history
    again = load_workbook(io.BytesIO(export(client, issue).content))
    first = load_workbook(io.BytesIO(exported))
    for name in first.sheetnames:
        assert [[c.value for c in row] for row in first[name].iter_rows()] == [
            [c.value for c in row] for row in again[name].iter_rows()
        ]


def test_a_round_trip_through_a_saved_copy_changes_nothing(login, issue_lead, issue):
    """Saved again by a spreadsheet program (openpyxl here), every cell and the hidden sheet kept."""
    score(issue, [[3] * 5, [5] * 5, [1] * 5])
    client = login(issue_lead)
    before = state(issue)
    resaved = _workbook_bytes(load_workbook(io.BytesIO(export(client, issue).content)))
    assert upload(client, issue, resaved).redirect_chain == [(reverse("matrix", args=[issue.pk, 2]), 302)]
    assert state(issue) == before


def test_a_file_exported_in_english_imports_in_thai(login, issue_lead, issue):
    client = _english(login(issue_lead))
    exported = filled(export(client, issue).content, {"B7": 5})
    assert load_workbook(io.BytesIO(exported)).worksheets[0]["B6"].value.startswith("KPI no. 1.1")
    client.post(reverse("set_language"), {"language": "th", "next": "/"})
    response = upload(client, issue, exported)
    assert response.redirect_chain == [(reverse("matrix", args=[issue.pk, 2]), 302)]
    assert state(issue)[0][criteria(issue)[0].pk, kpis(issue)[0].pk] == 5


BAD_CELLS = {
    "a score of 4": (4, "4"),
    "a score in words": ("ห้า", "ห้า"),
    "half a score": (2.5, "2.5"),
    "a date": ("2569-01-01", "2569-01-01"),
}


@pytest.mark.parametrize("value, shown", BAD_CELLS.values(), ids=list(BAD_CELLS))
def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_imported(
    login, issue_lead, issue, value, shown
):
    client = _english(login(issue_lead))
    before = state(issue)
    data = filled(export(client, issue).content, {"B7": 5, "C9": value})
    response = upload(client, issue, data)
    assert response.status_code == 422
    assert _errors(response) == [
        f"Sheet “Worksheet 2”: Row 9, column C (KPI no. 1.2): a score is 5 (high), 3 (medium) or 1 (low), "
        f"or blank; this cell holds “{shown}”."
    ]
    assert state(issue) == before


def test_every_bad_cell_is_listed_at_once_in_thai(login, issue_lead, issue):
    client = login(issue_lead)
    before = state(issue)
    data = filled(export(client, issue).content, {"B7": 4, "D11": "=5", ref(FIRST + 5, 2): 5})
    response = upload(client, issue, data)
    assert response.status_code == 422
    errors = _errors(response)
    assert len(errors) == 3
    sheet = gettext("Sheet “%(sheet)s”: %(error)s")
    first = gettext("Row %(row)s, column %(letter)s (%(label)s): %(message)s")
    where = {"row": 7, "letter": "B", "label": "ตัวชี้วัดที่ 1.1", "message": ""}
    assert errors[0].startswith(sheet % {"sheet": "ใบงานที่ 2", "error": first % where})
    assert errors[0].startswith("แผ่นงาน" if sheet.startswith("แผ่นงาน") else "Sheet")
    assert "แถวที่ 7 คอลัมน์ B (ตัวชี้วัดที่ 1.1)" in errors[0]
    assert "แถวที่ 11 คอลัมน์ D (ตัวชี้วัดที่ 1.3)" in errors[1]
    assert "แถวที่ 12 คอลัมน์ B" in errors[2]  # the row for other criteria holds no scores
    assert str(documents.FORMULA) in errors[1]
    assert state(issue) == before


def test_a_moved_row_is_named_and_nothing_is_imported(login, issue_lead, issue):
    client = _english(login(issue_lead))
    before = state(issue)
    c = criteria(issue)
    data = filled(export(client, issue).content, {"A7": f"2. {c[1].text}", "A8": f"1. {c[0].text}", "B7": 5})
    response = upload(client, issue, data)
    assert response.status_code == 422
    assert _errors(response)[0].startswith("Sheet “Worksheet 2”: Row 7, column A (Criteria): expected “1. ")
    assert state(issue) == before


def test_a_file_made_before_someone_else_scored_the_same_cell_is_refused(
    login, issue_lead, km_officer, issue
):
    client = login(issue_lead)
    exported = export(client, issue).content
    c, k = criteria(issue), kpis(issue)
    KpiScore.objects.create(criterion=c[0], kpi=k[0], value=1)  # someone else, meanwhile
    before = state(issue)
    response = upload(client, issue, filled(exported, {"B7": 5, "C7": 3}))
    assert response.status_code == 409
    page = response.content.decode()
    assert f'id="cell-{c[0].pk}-{k[0].pk}"' in page and "is-changed" in page
    assert state(issue) == before  # not even the other cell


def test_a_file_that_would_undo_someone_elses_score_is_refused_until_it_is_gone(login, issue_lead, issue):
    client = login(issue_lead)
    exported = export(client, issue).content
    c, k = criteria(issue), kpis(issue)
    KpiScore.objects.create(criterion=c[4], kpi=k[2], value=1)  # someone else, a cell the file keeps blank
    response = upload(client, issue, filled(exported, {"B7": 5}))
    assert response.status_code == 409  # the file, like the page's whole form, carries every cell
    KpiScore.objects.filter(criterion=c[4], kpi=k[2]).delete()
    response = upload(client, issue, filled(exported, {"B7": 5}))
    assert response.redirect_chain == [(reverse("matrix", args=[issue.pk, 2]), 302)]


def test_a_file_made_before_the_criteria_changed_is_refused_with_the_fresh_matrix(login, issue_lead, issue):
    client = _english(login(issue_lead))
    exported = export(client, issue).content
    scoring.add_criterion(issue, 2, "เกณฑ์ใหม่ของทีม")
    before = state(issue)
    response = upload(client, issue, filled(exported, {"B7": 5}))
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed after your file was exported, so nothing was imported" in page
    assert "เกณฑ์ใหม่ของทีม" in page
    assert state(issue) == before


@pytest.mark.parametrize("where", ["other issue", "other worksheet"])
def test_a_file_of_another_worksheet_is_refused(login, issue_lead, issue, fiscal_year, where):
    client = _english(login(issue_lead))
    if where == "other issue":
        other = IssueFactory(fiscal_year=fiscal_year)
        other.members.add(issue_lead)
        data = export(client, other).content
    else:
        data = export(client, issue, 4).content
    before = state(issue)
    response = upload(client, issue, data)
    assert response.status_code == 422
    assert _errors(response) == [
        "This file is not an export of this worksheet of this strategic issue. Download the worksheet with "
        "its Excel button, fill in the scores and import that file."
    ]
    assert state(issue) == before


def test_a_workbook_that_is_no_export_is_refused(login, issue_lead, issue):
    from tests.test_excel import _sheet

    response = upload(_english(login(issue_lead)), issue, _sheet([1, 2, 3]))
    assert response.status_code == 422
    assert "This file is not an export of this worksheet" in _errors(response)[0]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("worksheet.csv", b"1,2,3", "Choose an Excel file ending in .xlsx."),
        ("worksheet.xlsx", b"not a zip", "The file is not an Excel workbook (.xlsx)."),
    ],
)
def test_it_checks_the_file_as_worksheet_1_does(login, issue_lead, issue, name, data, message):
    response = upload(_english(login(issue_lead)), issue, data, name=name)
    assert message in response.content.decode()
    assert response.redirect_chain == []


def test_a_file_too_large_once_unpacked_is_refused_before_it_is_parsed(login, issue_lead, issue, monkeypatch):
    client = _english(login(issue_lead))
    exported = export(client, issue).content
    source = zipfile.ZipFile(io.BytesIO(exported))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            content = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b"</sheetData>", b'<row r="99">' + b'<c r="B99"/>' * 400_000 + b"</row></sheetData>"
                )
            archive.writestr(part.filename, content)
    monkeypatch.setattr("core.documents.excel.load_workbook", lambda *a, **k: pytest.fail("opened"))
    response = upload(client, issue, buffer.getvalue())
    assert _errors(response) == [
        "The workbook is far larger than a worksheet's scores need. Export the worksheet again."
    ]


def test_the_import_page_shows_the_form(login, issue_lead, issue):
    response = login(issue_lead).get(reverse("matrix-import", args=[issue.pk, 4]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert reverse("matrix-export", args=[issue.pk, 4]) in page


def test_the_matrix_page_links_its_workbooks(login, issue_lead, agency_user, issue):
    page = login(issue_lead).get(reverse("matrix", args=[issue.pk, 2])).content.decode()
    for url in (reverse("matrix-export", args=[issue.pk, 2]), reverse("matrix-import", args=[issue.pk, 2])):
        assert url in page
    page = login(agency_user).get(reverse("matrix", args=[issue.pk, 2])).content.decode()
    assert reverse("matrix-export", args=[issue.pk, 2]) in page
    assert reverse("matrix-import", args=[issue.pk, 2]) not in page


def test_a_finalised_issue_is_not_imported(login, issue_lead, issue):
    client = login(issue_lead)
    exported = filled(export(client, issue).content, {"B7": 5})
    type(issue).objects.filter(pk=issue.pk).update(finalised_at=timezone.now())
    before = state(issue)
    response = client.post(
        reverse("matrix-import", args=[issue.pk, 2]), {"file": SimpleUploadedFile("w.xlsx", exported)}
    )
    assert response.status_code == 403
    assert state(issue) == before


def test_someone_who_may_not_edit_may_not_import(login, agency_user, issue):
    client = login(agency_user)
    exported = filled(export(client, issue).content, {"B7": 5})
    before = state(issue)
    response = client.post(
        reverse("matrix-import", args=[issue.pk, 2]), {"file": SimpleUploadedFile("w.xlsx", exported)}
    )
    assert response.status_code == 403
    assert state(issue) == before


def test_a_stranger_gets_404(login, stranger, issue):
    client = login(stranger)
    assert export(client, issue).status_code == 404
    assert client.get(reverse("matrix-import", args=[issue.pk, 2])).status_code == 404


def test_the_import_reads_in_a_fixed_number_of_queries(
    login, issue_lead, issue, django_assert_max_num_queries
):
    client = login(issue_lead)
    data = filled(export(client, issue).content, {"B7": 5, "C8": 3})
    with CaptureQueriesContext(connection) as small:
        assert upload(client, issue, data).redirect_chain
    count = len(small)  # now: the next request empties the log
    KpiScore.objects.all().delete()
    for number in range(4, 10):
        KpiFactory(issue=issue, number=number)
    scoring.add_criterion(issue, 2, "เกณฑ์เพิ่ม")
    data = filled(export(client, issue).content, {"B7": 5, "C8": 3, "J9": 1, "H12": 5})
    with django_assert_max_num_queries(count):
        assert upload(client, issue, data).redirect_chain
    assert len(KpiScore.objects.all()) == 4


def test_the_scores_count_once_in_the_message(login, issue_lead, issue):
    client = _english(login(issue_lead))
    response = upload(client, issue, filled(export(client, issue).content, {"B7": 5, "C7": 3}))
    assert re.search(r"Worksheet 2 imported: 2 scores changed\.", response.content.decode())
